from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.api import api
from naptrack.core import views as core_views

# Pages answer in each of settings.LANGUAGES: English at /plans/, French at /fr/plans/ ...
# (docs/i18n.md). The API, the admin, the language switch and static/media stay unprefixed.
urlpatterns = [
    path("language/<str:language>/", core_views.switch_language, name="switch_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("naptrack.registry.urls")),
    path("", include("naptrack.analysis.urls")),
    path("", include("naptrack.plans.urls")),
    path("", include("naptrack.reporting.urls")),
    path("", include("naptrack.reporting.output_urls")),
    path("", include("naptrack.library.urls")),
    path("", include("naptrack.shadow_reports.urls")),
    path("", include("naptrack.consultations.urls")),
    path("", include("naptrack.report_cards.urls")),
    path("", include("naptrack.events.urls")),
    path("", include("naptrack.notifications.urls")),
    path("", include("naptrack.twinning.urls")),
    path("", include("naptrack.lessons.urls")),
    path("", include("naptrack.contractors.urls")),
    path("", include("naptrack.translations.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("naptrack.accounts.urls")),
    prefix_default_language=False,
)

# Under /api/ these answer in the API's error shape; elsewhere the site's own pages.
handler400 = "naptrack.core.views.bad_request"
handler403 = "naptrack.core.views.permission_denied"
handler404 = "naptrack.core.views.page_not_found"
handler500 = "naptrack.core.views.server_error"
