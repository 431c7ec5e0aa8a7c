"""Shadow reports in the Django admin: a read-only window for platform admins. Nobody
edits a CSO's content here; moderators hide and restore reports on the site, through
the audited services. Drafts stay out, as they do for moderators."""

from django.contrib import admin

from naptrack.registry.admin import ReadOnlyAdmin
from naptrack.shadow_reports.models import ONCE_PUBLISHED, ShadowReport


@admin.register(ShadowReport)
class ShadowReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "plan", "publication_mode", "state", "publish_at"]
    list_filter = ["state", "publication_mode"]
    search_fields = ["title", "pseudonym"]
    exclude = ["findings", "recommendations"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(state__in=ONCE_PUBLISHED)
            .select_related("plan__country", "plan__regional_organization")
        )
