"""How far the platform's coding of public sources covers the plans issue 10 names (see
docs/reference-data.md, "Coverage"): per plan, the criteria known and the design grade."""

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand

from naptrack.report_cards.selectors import COVERAGE_CRITERIA, coded_coverage


class Command(BaseCommand):
    help = (
        "List the plans in force and those dated 2015 or later, with how many coded criteria "
        "are known for each and whether the report card grades its design. Read-only; run "
        "load_reference_data and recompute_report_cards first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--summary", action="store_true", help="Print the totals only.")

    def handle(self, *args, summary=False, **options):
        rows = coded_coverage(AnonymousUser())
        if not summary:
            for row in rows:
                self.stdout.write(self._line(row))
        self.stdout.write(self._totals(rows))

    def _line(self, row) -> str:
        grade = row.design_grade or "-"
        design = "no card" if row.design_known is None else f"design {row.design_known} known"
        missing = ", ".join(row.missing) or "nothing"
        return (
            f"{row.plan.reference_key}\t{len(row.known)}/{len(COVERAGE_CRITERIA)}\t"
            f"{design}, grade {grade}\tmissing: {missing}"
        )

    def _totals(self, rows) -> str:
        graded = sum(1 for r in rows if r.design_grade)
        coded = sum(1 for r in rows if r.known)
        known = sum(len(r.known) for r in rows)
        return (
            f"{len(rows)} target plan(s) ({sum(r.in_force for r in rows)} in force); "
            f"{coded} with coded facts; {known} of {len(rows) * len(COVERAGE_CRITERIA)} "
            f"criteria known; {graded} graded on design."
        )
