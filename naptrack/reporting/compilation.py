"""The global compilation: for one year, one comparable table across countries on the UN
Secretary-General's global indicators on 1325, for regional bodies and the annual report.

One row per country and global indicator. A country's figures come from the latest
published version of its most recent cycle ending in that year, among its published
national plans; a value is what an approved agency report gave for a national indicator
mapped to the global one (Indicator.standard_indicator). Synthetic plans are never
mixed with real ones: they form their own compilation, labelled. See
docs/standardized-report.md.
"""

import io
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from naptrack.core.spreadsheets import csv_writer, sheet_append
from naptrack.registry.choices import Origin, Publication
from naptrack.registry.models import ActionPlan, StandardIndicator
from naptrack.reporting import outputs
from naptrack.reporting.choices import ReportState
from naptrack.reporting.models import OfficialReport
from naptrack.reporting.outputs import Table

REAL, SYNTHETIC = "real", "synthetic"
DATASETS = (REAL, SYNTHETIC)
CHUNK = 20  # snapshots held in memory at once


@dataclass
class Compilation:
    year: int
    dataset: str
    indicators: list[StandardIndicator]
    reports: list[OfficialReport]
    table: Table

    @property
    def synthetic(self) -> bool:
        return self.dataset == SYNTHETIC

    @property
    def countries(self) -> int:
        return len(self.reports)

    @property
    def unverified(self) -> list[StandardIndicator]:
        return [i for i in self.indicators if not i.verified]

    @property
    def unverified_numbers(self) -> set[str]:
        return {i.number for i in self.unverified}


def national_plans(dataset: str) -> QuerySet[ActionPlan]:
    """Published national plans of the dataset: real ones (as the public registry shows
    them) or synthetic ones, never both."""
    if dataset == SYNTHETIC:
        plans = ActionPlan.objects.filter(
            origin=Origin.SYNTHETIC, publication=Publication.PUBLISHED
        )
    else:
        plans = ActionPlan.objects.public()
    return plans.filter(country__isnull=False)


def _latest_published():
    newer = OfficialReport.objects.filter(
        cycle_id=OuterRef("cycle_id"), state=ReportState.PUBLISHED, version__gt=OuterRef("version")
    )
    return OfficialReport.objects.filter(state=ReportState.PUBLISHED).exclude(Exists(newer))


def years_with_reports(dataset: str) -> list[int]:
    return list(
        _latest_published()
        .filter(cycle__plan__in=national_plans(dataset))
        .annotate(year=ExtractYear("cycle__period_end"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def reports_for_year(year: int, dataset: str) -> list[OfficialReport]:
    """Per country, the latest version of its most recent cycle ending in `year`."""
    candidates = (
        _latest_published()
        .filter(cycle__period_end__year=year, cycle__plan__in=national_plans(dataset))
        .order_by("cycle__plan__country_id", "-cycle__period_end", "-cycle__period_start", "-pk")
        .values_list("pk", "cycle__plan__country_id")
    )
    chosen = {}
    for pk, country_id in candidates:
        chosen.setdefault(country_id, pk)
    return list(
        OfficialReport.objects.filter(pk__in=chosen.values())
        .select_related("cycle__plan__country")
        .defer("snapshot")
        .order_by("cycle__plan__country__name", "pk")
    )


def snapshots_of(reports: list[OfficialReport]):
    """(report, snapshot) pairs, a few snapshots at a time."""
    by_pk = {report.pk: report for report in reports}
    snapshots = OfficialReport.objects.filter(pk__in=by_pk).order_by().values_list("pk", "snapshot")
    for pk, snapshot in snapshots.iterator(chunk_size=CHUNK):
        yield by_pk[pk], snapshot or {}


def mapped_entries(snapshot: dict) -> dict[str, list[dict]]:
    """Indicator entries of approved updates by global indicator number: reported values
    first, then the lead agency's, then by national indicator code."""
    entries = defaultdict(list)
    for entry in outputs.indicator_rows(snapshot.get("actions", [])):
        number = entry["indicator"].get("standard_indicator")
        if number:
            entries[str(number)].append(entry)
    for found in entries.values():
        found.sort(
            key=lambda e: (
                e["indicator"].get("value") is None,
                e["update"].get("role") != "lead",
                e["indicator"]["code"],
            )
        )
    return entries


def _note(found: list[dict]) -> str:
    if not found:
        return _("no national indicator of this plan is mapped to it")
    if found[0]["indicator"].get("value") is None:
        return _("mapped, but no value was reported")
    if len(found) > 1:
        return _("%(n)d more values of mapped national indicators in the source report") % {
            "n": len(found) - 1
        }
    return ""


def compilation_row(report, indicator: StandardIndicator, found: list[dict], source: str) -> list:
    first = found[0] if found else None
    national = first["indicator"] if first else {}
    target = national.get("target") or {}
    country = report.cycle.plan.country
    return [
        country.name,
        country.iso3,
        indicator.number,
        indicator.short_name,
        _("yes") if indicator.verified else _("no (unverified)"),
        outputs.number(national.get("value")),
        national.get("unit", ""),
        outputs.number(target.get("value")),
        target.get("period", ""),
        f"{national['code']} {national['name']}" if national else "",
        first["update"]["agency"] if first else "",
        str(report.cycle.plan),
        report.cycle.label,
        report.version,
        source,
        _note(found),
    ]


HEADERS = (
    _lazy("Country"),
    _lazy("ISO 3166 alpha-3"),
    _lazy("UN global indicator"),
    _lazy("Global indicator name"),
    _lazy("Checked against S/2010/498"),
    _lazy("Value"),
    _lazy("Unit"),
    _lazy("Target"),
    _lazy("Target period"),
    _lazy("National indicator"),
    _lazy("Reported by"),
    _lazy("Plan"),
    _lazy("Reporting cycle"),
    _lazy("Report version"),
    _lazy("Source"),
    _lazy("Note"),
)


def source_path(report: OfficialReport) -> str:
    return reverse(
        "reporting_outputs:standard",
        args=[report.cycle.plan_id, report.cycle_id, report.version],
    )


def global_compilation(year: int, dataset: str = REAL, *, absolute=None) -> Compilation:
    """`absolute` turns a path into a full URL for the downloads' Source column."""
    indicators = list(StandardIndicator.objects.order_by("position", "number"))
    reports = reports_for_year(year, dataset)
    rows = []
    for report, snapshot in snapshots_of(reports):
        entries, source = mapped_entries(snapshot), source_path(report)
        source = absolute(source) if absolute else source
        rows += [
            compilation_row(report, indicator, entries.get(indicator.number, []), source)
            for indicator in indicators
        ]
    rows.sort(key=lambda row: (row[0], row[1]))  # stable: indicators keep their order
    table = Table(
        slug="compilation",
        sheet=_("Compilation %(year)s") % {"year": year},
        caption=_("UN global indicators on 1325 by country, %(year)s") % {"year": year},
        headers=[str(header) for header in HEADERS],
        rows=rows,
        empty=_("No country has a published official report for a period ending in %(year)s.")
        % {"year": year},
    )
    return Compilation(year, dataset, indicators, reports, table)


def csv_text(compilation: Compilation) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(compilation.table.headers)
    for row in compilation.table.rows:
        writer.writerow([outputs.cell_text(value) for value in row])
    return out.getvalue()


def xlsx_bytes(compilation: Compilation) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(compilation.table.sheet[:31])
    if compilation.synthetic:
        sheet.append([_("SYNTHETIC DATA: made-up figures for testing; not real countries.")])
    sheet_append(sheet, compilation.table.headers)
    for row in compilation.table.rows:
        sheet_append(sheet, row)
    legend = book.create_sheet(_("Global indicators")[:31])
    legend.append([_("Number"), _("Name"), _("Checked against S/2010/498"), _("Source")])
    for indicator in compilation.indicators:
        sheet_append(
            legend,
            [indicator.number, indicator.short_name, indicator.verified, indicator.source_url],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
