"""Documents in the Django admin: a read-only window for platform admins, to watch
ingestion (status, errors, attempts). Uploads and retries happen on the site, through
the services, so they are checked and audited."""

from django.contrib import admin

from naptrack.library.models import Document
from naptrack.library.selectors import documents_visible_to
from naptrack.registry.admin import ReadOnlyAdmin


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "plan", "kind", "language", "status", "pages_total", "attempts"]
    list_filter = ["status", "kind", "file_format", "has_javascript"]
    search_fields = ["title", "original_name", "sha256"]
    exclude = ["error_params"]
    readonly_fields = ["error"]

    def get_queryset(self, request):
        # Admins see what the site shows them: never a draft plan's documents.
        return documents_visible_to(request.user).select_related("plan__country")
