"""The one NinjaAPI at /api/v1/. Each app adds its router here (see docs/api.md)."""

from naptrack.accounts.api import router as accounts_router
from naptrack.accounts.auth import ApiTokenAuth
from naptrack.consultations.api import router as consultations_router
from naptrack.contractors.api import router as contractors_router
from naptrack.core.api import NaptrackAPI, OfflineSwagger, install_error_handlers
from naptrack.events.api import router as events_router
from naptrack.lessons.api import router as lessons_router
from naptrack.library.api import documents_router as library_documents_router
from naptrack.library.api import router as library_router
from naptrack.plans.api import router as plans_router
from naptrack.registry.api import reference as reference_router
from naptrack.registry.api import router as registry_router
from naptrack.report_cards.api import router as report_cards_router
from naptrack.reporting.api import router as reporting_router
from naptrack.shadow_reports.api import router as shadow_reports_router
from naptrack.translations.api import router as translations_router
from naptrack.twinning.api import router as twinning_router

api = NaptrackAPI(
    title="NAPtrack API",
    version="1.0.0",
    urls_namespace="api",
    description="Open data and write access for National Action Plans on UNSCR 1325. "
    "Reads work without a token and show public data; a token (from /me/tokens/) shows "
    "what its owner may see and allows writes within their role.",
    auth=ApiTokenAuth(optional=True),
    docs=OfflineSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

api.add_router("", registry_router)
api.add_router("", reference_router)
api.add_router("", plans_router)
api.add_router("", accounts_router)
api.add_router("", reporting_router)
api.add_router("", shadow_reports_router)
api.add_router("", report_cards_router)
api.add_router("", library_router)
api.add_router("", library_documents_router)
api.add_router("", events_router)
api.add_router("", consultations_router)
api.add_router("", twinning_router)
api.add_router("", lessons_router)
api.add_router("", contractors_router)
api.add_router("", translations_router)
