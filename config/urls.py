from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
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
    path("accounts/", include("allauth.urls")),
    path("me/", include("naptrack.accounts.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# Under /api/ these answer in the API's error shape; elsewhere the site's own pages.
handler400 = "naptrack.core.views.bad_request"
handler403 = "naptrack.core.views.permission_denied"
handler404 = "naptrack.core.views.page_not_found"
handler500 = "naptrack.core.views.server_error"
