"""The one NinjaAPI at /api/v1/. Each app adds its router here."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="NAPtrack API",
    version="1.0.0",
    urls_namespace="api",
    description="Open data and write access for National Action Plans on UNSCR 1325.",
)
