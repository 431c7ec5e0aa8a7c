"""Report cards in the Django admin: a read-only window. Grades change only by
recomputation; statements and civil-society cards only through their authors' services."""

from django.contrib import admin

from naptrack.registry.admin import ReadOnlyAdmin
from naptrack.report_cards.models import CoordinatorStatement, ReportCard


@admin.register(ReportCard)
class ReportCardAdmin(ReadOnlyAdmin):
    list_display = [
        "plan",
        "method_version",
        "computed_at",
        "design_grade",
        "implementation_grade",
        "is_current",
    ]
    list_filter = ["is_current", "method_version", "design_grade", "implementation_grade"]
    exclude = ["inputs", "results", "method"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("plan__country", "plan__regional_organization")
        )


@admin.register(CoordinatorStatement)
class CoordinatorStatementAdmin(ReadOnlyAdmin):
    list_display = ["plan", "criterion", "claim", "signed_by", "signed_at", "is_current"]
    list_filter = ["is_current", "criterion", "claim"]
