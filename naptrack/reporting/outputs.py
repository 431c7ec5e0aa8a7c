"""The standardized report: every published official report in the same structure for
every country (summary, by pillar, by agency, indicators against targets, spending against
budget, overdue actions), rendered as an HTML page, a PDF, an XLSX workbook and a CSV file.

Everything here reads one published report: its snapshot, summary, version and dates, none
of which change after publication. Nothing is read from the live plan or the live updates,
so a version's output is the same forever. See docs/standardized-report.md.
"""

import datetime
import io
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from naptrack.core.spreadsheets import csv_writer, sheet_append
from naptrack.registry.choices import Origin
from naptrack.reporting.choices import ImplementationStatus
from naptrack.reporting.models import OfficialReport
from naptrack.reporting.output_access import published_versions
from naptrack.reporting.templatetags.reporting_display import (
    category_label,
    dimension_label,
    role_label,
)
from naptrack.reporting.validators import decimal_text

# An action's or an agency's standing besides the statuses agencies report.
NOT_REPORTED = "not_reported"  # no approved update when the report was published
NO_AGENCY = "no_agency"  # nobody is responsible for the action
STANDINGS = (*ImplementationStatus.values, NOT_REPORTED, NO_AGENCY)
FINISHED = (ImplementationStatus.COMPLETED, ImplementationStatus.CANCELLED)
ONE_DECIMAL = Decimal("0.1")
PRINT_STYLESHEET = "reporting/outputs-print.css"
PDF_LAYOUT = 2  # raise when the print template or stylesheet changes


# ---- Numbers -----------------------------------------------------------------------------


def number(text) -> Decimal | None:
    """A snapshot number (exact decimal text) or None when unknown."""
    if text is None or text == "":
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (part * 100 / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def progress_to_target(value, target, baseline) -> Decimal | None:
    """How far the value has gone from the baseline to the target, in %. Without a known
    baseline the start is taken as 0; unknown when value or target is unknown, or when
    the target equals the baseline."""
    value, target = number(value), number(target)
    start = number(baseline) or Decimal(0)
    if value is None or target is None or target == start:
        return None
    return percent(value - start, target - start)


def cell_text(value) -> str:
    """How a cell reads in CSV: exact numbers, empty for unknown."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal_text(value)
    return str(value)


# ---- The report's structure ---------------------------------------------------------------


@dataclass
class Table:
    slug: str
    sheet: str  # short name: the XLSX sheet (at most 31 characters)
    caption: str
    headers: list[str]
    rows: list[list]
    empty: str = ""  # said instead of the table when it has no rows


@dataclass
class Section:
    slug: str
    title: str
    tables: list[Table] = field(default_factory=list)
    facts: list[tuple[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class StandardReport:
    report: OfficialReport
    snapshot: dict
    sections: list[Section]
    synthetic: bool = False
    versions: list[OfficialReport] = field(default_factory=list)
    changes: Table | None = None  # what this correction changed from the version it corrects

    @property
    def plan_title(self) -> str:
        return self.snapshot.get("plan", {}).get("title", "")

    @property
    def owner(self) -> str:
        return self.snapshot.get("plan", {}).get("owner", "")

    @property
    def cycle(self) -> dict:
        return self.snapshot.get("cycle", {})

    @property
    def corrected_by(self) -> OfficialReport | None:
        return next((v for v in self.versions if v.corrects_id == self.report.pk), None)

    def section(self, slug: str) -> Section:
        return next(s for s in self.sections if s.slug == slug)

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def standing_labels() -> dict[str, str]:
    labels = {code: str(ImplementationStatus(code).label) for code in ImplementationStatus}
    labels[NOT_REPORTED] = _("No approved report")
    labels[NO_AGENCY] = _("No responsible agency")
    return labels


def action_standing(action: dict) -> str:
    """The action's status as its lead agency reported it (another agency's when none
    leads); NOT_REPORTED when that update was not approved at publication."""
    updates = action.get("updates", [])
    if not updates:
        return NO_AGENCY
    lead = next((u for u in updates if u.get("role") == "lead"), updates[0])
    return lead["status"] if lead.get("approved") and lead.get("status") else NOT_REPORTED


def update_standing(update: dict) -> str:
    return update["status"] if update.get("approved") and update.get("status") else NOT_REPORTED


def approved_spending(action: dict) -> dict[str, Decimal]:
    spent: dict[str, Decimal] = defaultdict(Decimal)
    for update in action.get("updates", []):
        spending = update.get("spending") if update.get("approved") else None
        if spending and number(spending.get("amount")) is not None:
            spent[spending["currency"]] += number(spending["amount"])
    return dict(spent)


def allocated_budget(action: dict) -> dict[str, Decimal] | None:
    """Allocated budget lines by currency, or None when the snapshot does not record the
    budget (snapshots of schema 1 do not): unknown, never zero."""
    if "budget" not in action:
        return None
    allocated: dict[str, Decimal] = defaultdict(Decimal)
    for line in action["budget"] or []:
        if line.get("kind") == "allocated" and number(line.get("amount")) is not None:
            allocated[line["currency"]] += number(line["amount"])
    return dict(allocated)


def breakdown_text(disaggregation: dict) -> str:
    parts = []
    for dimension, figures in (disaggregation or {}).items():
        values = ", ".join(
            f"{category_label(category, dimension)} {figure}"
            for category, figure in figures.items()
        )
        parts.append(f"{dimension_label(dimension)}: {values}")
    return "; ".join(parts)


# ---- Sections ------------------------------------------------------------------------------


def pillars_in_order(actions: list[dict]) -> list[str]:
    return list(dict.fromkeys(action.get("pillar", "") for action in actions))


def pillar_table(actions: list[dict]) -> Table:
    labels = standing_labels()
    counts = {pillar: dict.fromkeys(STANDINGS, 0) for pillar in pillars_in_order(actions)}
    for action in actions:
        counts[action.get("pillar", "")][action_standing(action)] += 1
    rows = [
        [pillar, sum(row.values()), *(row[s] for s in STANDINGS)] for pillar, row in counts.items()
    ]
    if len(rows) > 1:
        rows.append(
            [_("All pillars"), *(sum(column) for column in list(zip(*rows, strict=True))[1:])]
        )
    return Table(
        slug="pillars",
        sheet=_("By pillar"),
        caption=_("Actions by pillar and status (the lead agency's approved report)"),
        headers=[_("Pillar"), _("Actions"), *labels.values()],
        rows=rows,
        empty=_("The plan's structure had no actions when this report was compiled."),
    )


def _agency_rows(actions: list[dict]) -> dict[str, dict]:
    agencies: dict[str, dict] = {}
    for action in actions:
        for update in action.get("updates", []):
            row = agencies.setdefault(
                update["agency"],
                {"lead": 0, "supporting": 0, "approved": 0, "spent": defaultdict(Decimal)}
                | dict.fromkeys(STANDINGS, 0),
            )
            row["lead" if update.get("role") == "lead" else "supporting"] += 1
            row["approved"] += 1 if update.get("approved") else 0
            row[update_standing(update)] += 1
            spending = update.get("spending") if update.get("approved") else None
            if spending and number(spending.get("amount")) is not None:
                row["spent"][spending["currency"]] += number(spending["amount"])
    return dict(sorted(agencies.items()))


def agency_table(actions: list[dict]) -> Table:
    agencies = _agency_rows(actions)
    currencies = sorted({c for row in agencies.values() for c in row["spent"]})
    standings = [s for s in STANDINGS if s != NO_AGENCY]
    labels = standing_labels()
    return Table(
        slug="agencies",
        sheet=_("By agency"),
        caption=_("Each agency's actions and what it reported (lines of accountability)"),
        headers=[
            _("Agency"),
            _("Actions led"),
            _("Actions supported"),
            _("Reports approved"),
            *(labels[s] for s in standings),
            *(_("Spent (%(currency)s)") % {"currency": c} for c in currencies),
        ],
        rows=[
            [
                name,
                row["lead"],
                row["supporting"],
                row["approved"],
                *(row[s] for s in standings),
                *(row["spent"].get(c) for c in currencies),
            ]
            for name, row in agencies.items()
        ],
        empty=_("No agency was responsible for any action."),
    )


def indicator_rows(actions: list[dict]) -> list[dict]:
    """Every indicator entry of every approved update, with its action and agency."""
    rows = []
    for action in actions:
        for update in action.get("updates", []):
            if not update.get("approved"):
                continue
            for indicator in update.get("indicators", []):
                rows.append({"action": action, "update": update, "indicator": indicator})
    return rows


def indicator_table(actions: list[dict]) -> Table:
    rows = []
    for entry in indicator_rows(actions):
        indicator, target = entry["indicator"], entry["indicator"].get("target") or {}
        rows.append(
            [
                entry["action"]["code"],
                indicator["code"],
                indicator["name"],
                indicator["unit"],
                indicator.get("standard_indicator") or "",
                entry["update"]["agency"],
                number(indicator.get("baseline")),
                target.get("period", ""),
                number(target.get("value")),
                number(indicator.get("value")),
                progress_to_target(
                    indicator.get("value"), target.get("value"), indicator.get("baseline")
                ),
                breakdown_text(indicator.get("disaggregation")),
                indicator.get("note", ""),
            ]
        )
    return Table(
        slug="indicators",
        sheet=_("Indicators"),
        caption=_("Indicators against their targets, as each agency reported them"),
        headers=[
            _("Action"),
            _("Indicator"),
            _("Name"),
            _("Unit"),
            _("UN global indicator"),
            _("Reported by"),
            _("Baseline"),
            _("Target period"),
            _("Target"),
            _("Value"),
            _("Progress to target (%)"),
            _("Breakdown"),
            _("Note"),
        ],
        rows=rows,
        empty=_("No approved report gave indicator values."),
    )


def _add(total: Decimal | None, amount: Decimal | None) -> Decimal | None:
    """Sum of the known amounts; None (unknown) only while none is known."""
    if amount is None:
        return total
    return amount if total is None else total + amount


def spending_tables(actions: list[dict]) -> list[Table]:
    by_action, by_pillar = [], {}
    for action in actions:
        allocated, spent = allocated_budget(action) or {}, approved_spending(action)
        for currency in sorted(set(allocated) | set(spent)):
            budget, used = allocated.get(currency), spent.get(currency)
            by_action.append(
                [action["code"], action["title"], currency, budget, used, percent(used, budget)]
            )
            total = by_pillar.setdefault((action.get("pillar", ""), currency), [None, None])
            total[0], total[1] = _add(total[0], budget), _add(total[1], used)
    headers = [_("Currency"), _("Allocated"), _("Spent (approved reports)"), _("Spent (%)")]
    empty = _("No budget and no spending were recorded for this period.")
    pillars = Table(
        slug="spending-pillars",
        sheet=_("Spending by pillar"),
        caption=_("Spending against budget by pillar"),
        headers=[_("Pillar"), *headers],
        rows=[[p, c, b, u, percent(u, b)] for (p, c), (b, u) in by_pillar.items()],
        empty=empty,
    )
    per_action = Table(
        slug="spending-actions",
        sheet=_("Spending by action"),
        caption=_("Spending against budget by action"),
        headers=[_("Action"), _("Title"), *headers],
        rows=by_action,
        empty=empty,
    )
    return [pillars, per_action]


def _period_end(snapshot: dict) -> datetime.date | None:
    return parse_date(snapshot.get("cycle", {}).get("period_end") or "")


def _past_end_year(action: dict, period_end: datetime.date | None) -> bool:
    end_year = action.get("end_year")
    return bool(end_year and period_end and period_end >= datetime.date(int(end_year), 12, 31))


def overdue_reasons(action: dict, update: dict, period_end) -> list[str]:
    """Why an agency's action is overdue in this report, if it is."""
    standing = update_standing(update)
    reasons = []
    if standing == NOT_REPORTED:
        reasons.append(_("no approved report when published"))
    if standing == ImplementationStatus.DELAYED:
        reasons.append(_("reported delayed"))
    if standing not in FINISHED and _past_end_year(action, period_end):
        reasons.append(_("its timeframe ended in %(year)s") % {"year": action["end_year"]})
    return reasons


def overdue_table(snapshot: dict) -> Table:
    labels, period_end, rows = standing_labels(), _period_end(snapshot), []
    for action in snapshot.get("actions", []):
        for update in action.get("updates", []):
            reasons = overdue_reasons(action, update, period_end)
            if reasons:
                rows.append(
                    [
                        action["code"],
                        action["title"],
                        update["agency"],
                        role_label(update.get("role", "")),
                        labels[update_standing(update)],
                        "; ".join(reasons),
                    ]
                )
    return Table(
        slug="overdue",
        sheet=_("Overdue actions"),
        caption=_("Overdue actions: not reported, delayed, or past their timeframe"),
        headers=[_("Action"), _("Title"), _("Agency"), _("Role"), _("Status"), _("Why")],
        rows=rows,
        empty=_("No action was overdue in this report."),
    )


def summary_facts(snapshot: dict, overdue: Table, indicators: Table) -> list[tuple[str, object]]:
    totals, actions = snapshot.get("totals", {}), snapshot.get("actions", [])
    standings = defaultdict(int)
    for action in actions:
        standings[action_standing(action)] += 1
    labels = standing_labels()
    reported = sum(1 for row in indicators.rows if row[9] is not None)
    facts = [
        (_("Actions"), len(actions)),
        (_("Agency reports approved"), totals.get("approved", 0)),
        (_("Agency reports expected"), totals.get("updates", 0)),
        *((_("Actions: %(status)s") % {"status": labels[s]}, standings[s]) for s in STANDINGS),
        (_("Indicator values reported"), reported),
        (_("Agency actions overdue"), len(overdue.rows)),
    ]
    for currency, amount in sorted(totals.get("spending", {}).items()):
        facts.append((_("Spent (%(currency)s)") % {"currency": currency}, number(amount)))
    return facts


def _budget_note(actions: list[dict]) -> list[str]:
    if actions and all("budget" not in action for action in actions):
        return [
            _(
                "This report's snapshot does not record the plan's budget, so the allocated "
                "amounts and the share spent are unknown; the spending is as approved."
            )
        ]
    return []


def build_sections(snapshot: dict) -> list[Section]:
    actions = snapshot.get("actions", [])
    indicators, overdue = indicator_table(actions), overdue_table(snapshot)
    return [
        Section("summary", _("Summary"), facts=summary_facts(snapshot, overdue, indicators)),
        Section("pillars", _("Progress by pillar"), [pillar_table(actions)]),
        Section("agencies", _("Progress by agency"), [agency_table(actions)]),
        Section("indicators", _("Indicators against targets"), [indicators]),
        Section(
            "spending",
            _("Spending against budget"),
            tables=spending_tables(actions),
            notes=_budget_note(actions),
        ),
        Section("overdue", _("Overdue actions"), [overdue]),
    ]


def changes_table(before: dict, after: dict, before_version: int) -> Table:
    """The summary figures a correction changed, old and new."""
    old = dict(build_sections(before)[0].facts)
    new = dict(build_sections(after)[0].facts)
    rows = [
        [label, old.get(label), new.get(label)]
        for label in dict.fromkeys([*old, *new])
        if old.get(label) != new.get(label)
    ]
    return Table(
        slug="changes",
        sheet=_("Changes"),
        caption=_("What this correction changed from version %(n)d") % {"n": before_version},
        headers=[_("Figure"), _("Version %(n)d") % {"n": before_version}, _("This version")],
        rows=rows,
        empty=_("None of the summary figures changed."),
    )


def standard_report(report: OfficialReport) -> StandardReport:
    """The standardized report of one published version (see report_for_output)."""
    snapshot = report.snapshot or {}
    changes = None
    if report.corrects_id:
        changes = changes_table(report.corrects.snapshot, snapshot, report.corrects.version)
    return StandardReport(
        report=report,
        snapshot=snapshot,
        sections=build_sections(snapshot),
        synthetic=report.cycle.plan.origin == Origin.SYNTHETIC,
        versions=published_versions(report),
        changes=changes,
    )


# ---- Renderers -------------------------------------------------------------------------------


def metadata_rows(standard: StandardReport) -> list[tuple[str, str]]:
    """The version's identity. A later correction is announced on the HTML page only, so
    that a version's downloads stay exactly as published."""
    report, cycle = standard.report, standard.cycle
    rows = [
        (_("Plan"), standard.plan_title),
        (_("Owner"), standard.owner),
        (
            _("Reporting period"),
            f"{cycle.get('label', '')}: "
            f"{cycle.get('period_start', '')} – {cycle.get('period_end', '')}",
        ),
        (_("Due"), cycle.get("due_date", "")),
        (_("Version"), str(report.version)),
        (_("Published"), report.published_at.isoformat() if report.published_at else ""),
    ]
    if report.corrects_id:
        rows.append((_("Corrects version"), str(report.corrects.version)))
        rows.append((_("Correction note"), report.correction_note))
    if standard.synthetic:
        rows.insert(0, (_("SYNTHETIC DATA"), _("Made-up figures for testing; not a real plan.")))
    return rows


def csv_text(standard: StandardReport) -> str:
    """One long table: every fact and every cell of every table, one per line, so one
    file holds the whole report in a shape any tool reads (empty value = unknown)."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["section", "table", "row", "column", "value"])
    for label, value in metadata_rows(standard):
        writer.writerow(["report", "", "", label, value])
    writer.writerow(["summary", "", "", _("Summary"), standard.report.summary])
    for label, value in standard.section("summary").facts:
        writer.writerow(["summary", "", "", label, cell_text(value)])
    for section in standard.sections:
        for table in section.tables:
            for number_, row in enumerate(table.rows, start=1):
                for header, value in zip(table.headers, row, strict=True):
                    writer.writerow([section.slug, table.slug, number_, header, cell_text(value)])
    return out.getvalue()


def _sheet_title(text: str) -> str:
    return "".join(c for c in text if c not in "[]:*?/\\")[:31]


def xlsx_bytes(standard: StandardReport) -> bytes:
    """A workbook: the summary first, then one sheet per table. Numbers are numbers;
    unknown values are empty cells."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    summary = book.create_sheet(_sheet_title(_("Summary")))
    for label, value in metadata_rows(standard):
        sheet_append(summary, [label, value])
    sheet_append(summary, [_("Summary"), standard.report.summary])
    for label, value in standard.section("summary").facts:
        sheet_append(summary, [label, value])
    for table in standard.tables:
        sheet = book.create_sheet(_sheet_title(table.sheet))
        sheet_append(sheet, [table.caption])
        sheet_append(sheet, table.headers)
        for row in table.rows:
            sheet_append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_bytes(html: str, stylesheet: str = PRINT_STYLESHEET) -> bytes:
    """A print page as a PDF (WeasyPrint lays out the same HTML and a print stylesheet,
    a static file path). The report cards' PDF is laid out here too."""
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    # WeasyPrint logs every layout step of every page at INFO: noise in the server log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find(stylesheet))])


def pdf_path(report: OfficialReport, language: str) -> str:
    return f"reporting/standard/{report.pk}-v{report.version}-{language}-{PDF_LAYOUT}.pdf"


def stored_pdf(report: OfficialReport, language: str, render: Callable[[], str]) -> bytes:
    """The version's PDF, laid out once and kept: a published version never changes and
    a long report takes WeasyPrint seconds. `render` gives the print page's HTML.
    PDF_LAYOUT names the print layout, so a new layout is laid out afresh."""
    path = pdf_path(report, language)
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as stored:
            return stored.read()
    pdf = pdf_bytes(render())
    if not default_storage.exists(path):  # another request may have stored it meanwhile
        default_storage.save(path, ContentFile(pdf))
    return pdf
