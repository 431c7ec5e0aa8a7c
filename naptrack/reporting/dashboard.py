"""A plan's public implementation dashboard: progress by pillar and by agency, indicators
against targets, budget execution and the accountability table (each agency, its actions,
their status, overdue first).

Figures come from published data only: the latest published official report's snapshot
(never an update that is not in a published report), the spending of every published
report, and the structure of the published plan (budget lines, timeframes, who is
responsible). Each chart is a Vega-Lite spec drawn from the same rows as its table, which
is the accessible alternative (see naptrack/analysis/charts.py for the pattern).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import altair as alt
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.plans.choices import BudgetKind
from naptrack.plans.models import Action, BudgetLine, PlanPillar, Responsibility
from naptrack.registry.choices import Origin
from naptrack.registry.models import ActionPlan
from naptrack.reporting import outputs
from naptrack.reporting.choices import ImplementationStatus, ReportState
from naptrack.reporting.models import OfficialReport, ReportingCycle
from naptrack.reporting.outputs import NO_AGENCY, NOT_REPORTED, Table

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STANDING_COLOURS = {
    ImplementationStatus.COMPLETED: "#009E73",
    ImplementationStatus.ON_TRACK: "#56B4E9",
    ImplementationStatus.DELAYED: "#E69F00",
    ImplementationStatus.NOT_STARTED: "#CC79A7",
    ImplementationStatus.CANCELLED: "#8c8c8c",
    NOT_REPORTED: "#D55E00",
    NO_AGENCY: "#d9d9d9",
}
MET, HALFWAY, STARTED, UNKNOWN = "met", "halfway", "started", "unknown"
BAND_COLOURS = {MET: "#009E73", HALFWAY: "#56B4E9", STARTED: "#E69F00", UNKNOWN: "#bdbdbd"}
BUDGET_COLOURS = {"allocated": "#0072B2", "spent": "#E69F00"}


@dataclass
class Figure:
    slug: str
    title: str
    table: Table
    spec: dict | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def spec_id(self) -> str:
        return f"chart-{self.slug}-spec"


@dataclass
class Dashboard:
    plan: ActionPlan
    report: OfficialReport | None
    reports: list[OfficialReport]
    figures: list[Figure]
    accountability: Table
    synthetic: bool

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.accountability.rows if row[-1])


# ---- Reads ----------------------------------------------------------------------------------


def latest_published_report(plan: ActionPlan) -> OfficialReport | None:
    """The latest version of the most recent cycle that has a published report."""
    return (
        OfficialReport.objects.filter(cycle__plan=plan, state=ReportState.PUBLISHED)
        .select_related("cycle")
        .order_by("-cycle__period_end", "-cycle__period_start", "-version")
        .first()
    )


def published_report_list(plan: ActionPlan) -> list[OfficialReport]:
    """Every published version (without snapshots), newest cycle first."""
    return list(
        OfficialReport.objects.filter(cycle__plan=plan, state=ReportState.PUBLISHED)
        .select_related("cycle")
        .defer("snapshot", "summary")
        .order_by("-cycle__period_end", "-version")
    )


_SPENDING_SQL = {
    # Unnest the snapshots in the database, so no snapshot travels to Python; the sums
    # are made in Python with Decimal because SQLite would add the amounts as floats.
    "sqlite": """
        SELECT json_extract(a.value, '$.pillar'), json_extract(u.value, '$.spending.currency'),
               json_extract(u.value, '$.spending.amount')
        FROM {report} r JOIN {cycle} c ON c.id = r.cycle_id,
             json_each(r.snapshot, '$.actions') a, json_each(a.value, '$.updates') u
        WHERE c.plan_id = %s AND r.state = %s AND {latest}
          AND json_extract(u.value, '$.approved') = 1
          AND json_extract(u.value, '$.spending.amount') IS NOT NULL
    """,
    "postgresql": """
        SELECT a->>'pillar', u->'spending'->>'currency', u->'spending'->>'amount'
        FROM {report} r JOIN {cycle} c ON c.id = r.cycle_id
             CROSS JOIN LATERAL jsonb_array_elements(r.snapshot->'actions') a
             CROSS JOIN LATERAL jsonb_array_elements(a->'updates') u
        WHERE c.plan_id = %s AND r.state = %s AND {latest}
          AND u->>'approved' = 'true' AND u->'spending'->>'amount' IS NOT NULL
    """,
}
_LATEST_VERSION = (
    "NOT EXISTS (SELECT 1 FROM {report} n WHERE n.cycle_id = r.cycle_id "
    "AND n.state = r.state AND n.version > r.version)"
)


def spending_to_date(plan: ActionPlan) -> dict[tuple[str, str], Decimal]:
    """{(pillar, currency): amount} approved as spent across every published report of
    the plan (the latest version of each cycle), in one query."""
    names = {
        "report": connection.ops.quote_name(OfficialReport._meta.db_table),
        "cycle": connection.ops.quote_name(ReportingCycle._meta.db_table),
    }
    sql = _SPENDING_SQL[connection.vendor].format(latest=_LATEST_VERSION.format(**names), **names)
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan.pk, ReportState.PUBLISHED])
        for pillar, currency, amount in cursor.fetchall():
            amount = outputs.number(amount)
            if amount is not None:
                totals[(pillar or "", currency)] += amount
    return dict(totals)


def allocated_by_pillar(plan: ActionPlan) -> dict[tuple[str, str], Decimal]:
    rows = (
        BudgetLine.objects.filter(action__plan=plan, kind=BudgetKind.ALLOCATED)
        .values_list("action__objective__pillar__name", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(pillar, currency): total for pillar, currency, total in rows}


def plan_actions(plan: ActionPlan) -> dict[int, dict]:
    rows = (
        Action.objects.filter(plan=plan)
        .order_by("objective__pillar__position", "objective__position", "position", "pk")
        .values("pk", "code", "title", "end_year", "objective__pillar__name")
    )
    return {row["pk"]: row for row in rows}


def plan_responsibilities(plan: ActionPlan) -> list[dict]:
    return list(
        Responsibility.objects.filter(action__plan=plan)
        .order_by("agency__name", "action__position", "action_id")
        .values("action_id", "agency_id", "agency__name", "role")
    )


def pillar_names(plan: ActionPlan) -> list[str]:
    return list(PlanPillar.objects.filter(plan=plan).values_list("name", flat=True))


# ---- Figures --------------------------------------------------------------------------------


def to_spec(chart) -> dict:
    # Checked against the Vega-Lite schema in the tests; validating per request costs more
    # than building the page.
    return chart.to_dict(validate=False)


def _stacked_bars(values: list[dict], *, y: str, title: str, colours: dict, labels: dict):
    category, count = _("Status"), _("Count")
    scale = alt.Scale(domain=[labels[k] for k in colours], range=[colours[k] for k in colours])
    groups = list(dict.fromkeys(v["group"] for v in values))
    # Sizes given to Chart() itself: .properties() validates each against the schema.
    chart = (
        alt.Chart(
            alt.Data(values=values),
            title=title,
            width="container",
            height=max(80, 28 * len(groups)),
            description=title,
        )
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=y, sort=groups),
            x=alt.X("sum(count):Q", title=count, axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "status:N",
                title=category,
                scale=scale,
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("group:N", title=y),
                alt.Tooltip("status:N", title=category),
                alt.Tooltip("count:Q", title=count),
            ],
        )
    )
    return to_spec(chart)


def _status_values(rows: list[list], codes: list[str], labels: dict, first: int) -> list[dict]:
    """Long rows for a stacked bar from table rows whose status counts start at `first`."""
    return [
        {"group": row[0], "status": labels[code], "count": row[first + i], "order": i}
        for row in rows
        for i, code in enumerate(codes)
        if row[first + i]
    ]


def pillar_figure(actions: list[dict], *, with_spec: bool = True) -> Figure:
    table = outputs.pillar_table(actions)
    labels = outputs.standing_labels()
    figure = Figure("pillars", _("Progress by pillar"), table)
    if with_spec and table.rows:
        pillars = table.rows[:-1] if len(table.rows) > 1 else table.rows  # not the total
        values = _status_values(pillars, list(outputs.STANDINGS), labels, 2)
        figure.spec = _stacked_bars(
            values, y=_("Pillar"), title=figure.title, colours=STANDING_COLOURS, labels=labels
        )
    return figure


def agency_figure(actions: list[dict], *, with_spec: bool = True) -> Figure:
    table = outputs.agency_table(actions)
    labels = outputs.standing_labels()
    codes = [s for s in outputs.STANDINGS if s != NO_AGENCY]
    figure = Figure("agencies", _("Progress by agency"), table)
    if with_spec and table.rows:
        values = _status_values(table.rows, codes, labels, 4)
        colours = {k: v for k, v in STANDING_COLOURS.items() if k != NO_AGENCY}
        figure.spec = _stacked_bars(
            values, y=_("Agency"), title=figure.title, colours=colours, labels=labels
        )
    return figure


def band_labels() -> dict[str, str]:
    return {
        MET: _("Target reached"),
        HALFWAY: _("Half way or more"),
        STARTED: _("Less than half way"),
        UNKNOWN: _("Value or target unknown"),
    }


def progress_band(progress: Decimal | None) -> str:
    if progress is None:
        return UNKNOWN
    if progress >= 100:
        return MET
    return HALFWAY if progress >= 50 else STARTED


def indicator_figure(actions: list[dict], *, with_spec: bool = True) -> Figure:
    labels, bands = band_labels(), list(BAND_COLOURS)
    counts = {pillar: dict.fromkeys(bands, 0) for pillar in outputs.pillars_in_order(actions)}
    for entry in outputs.indicator_rows(actions):
        indicator, target = entry["indicator"], entry["indicator"].get("target") or {}
        progress = outputs.progress_to_target(
            indicator.get("value"), target.get("value"), indicator.get("baseline")
        )
        counts[entry["action"].get("pillar", "")][progress_band(progress)] += 1
    rows = [
        [p, sum(c.values()), *(c[b] for b in bands)] for p, c in counts.items() if any(c.values())
    ]
    table = Table(
        "indicator-bands",
        _("Indicators"),
        _("Indicators by progress to target, by pillar"),
        [_("Pillar"), _("Indicator values"), *labels.values()],
        rows,
        _("No approved report gave indicator values."),
    )
    figure = Figure(
        "indicators",
        _("Indicators against targets"),
        table,
        notes=[
            _(
                "Progress is how far the value has moved from the baseline to the target "
                "(from 0 when the baseline is unknown)."
            )
        ],
    )
    if with_spec and rows:
        values = _status_values(rows, bands, labels, 2)
        figure.spec = _stacked_bars(
            values, y=_("Pillar"), title=figure.title, colours=BAND_COLOURS, labels=labels
        )
    return figure


def budget_rows(plan: ActionPlan, pillars: list[str]) -> list[list]:
    allocated, spent = allocated_by_pillar(plan), spending_to_date(plan)
    keys = sorted(set(allocated) | set(spent), key=lambda k: (_position(pillars, k[0]), k[1]))
    return [
        [
            pillar,
            currency,
            allocated.get((pillar, currency)),
            spent.get((pillar, currency)),
            outputs.percent(spent.get((pillar, currency)), allocated.get((pillar, currency))),
        ]
        for pillar, currency in keys
    ]


def _position(names: list[str], name: str) -> int:
    return names.index(name) if name in names else len(names)


def budget_figure(plan: ActionPlan, pillars: list[str], *, with_spec: bool = True) -> Figure:
    rows = budget_rows(plan, pillars)
    table = Table(
        "budget",
        _("Budget execution"),
        _("Allocated budget and spending reported to date, by pillar"),
        [_("Pillar"), _("Currency"), _("Allocated"), _("Spent to date"), _("Spent (%)")],
        rows,
        _("The plan records no allocated budget and no published report gives spending."),
    )
    figure = Figure(
        "budget",
        _("Budget execution"),
        table,
        notes=[
            _(
                "Allocated: the plan's budget lines of kind “allocated”. Spent: what the "
                "approved agency reports say was spent, summed over every published report "
                "(the latest version of each cycle). Unknown is not zero."
            )
        ],
    )
    if with_spec and rows:
        figure.spec = _budget_spec(rows, figure.title)
    return figure


def _budget_spec(rows: list[list], title: str) -> dict:
    measure, amount, group = _("Measure"), _("Amount"), _("Pillar")
    names = {"allocated": _("Allocated"), "spent": _("Spent to date")}
    values = [
        {"group": f"{row[0]} ({row[1]})", "measure": names[key], "amount": float(row[i])}
        for row in rows
        for i, key in ((2, "allocated"), (3, "spent"))
        if row[i] is not None
    ]
    scale = alt.Scale(domain=list(names.values()), range=list(BUDGET_COLOURS.values()))
    chart = (
        alt.Chart(alt.Data(values=values), title=title, width="container", description=title)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=group, sort=list(dict.fromkeys(v["group"] for v in values))),
            yOffset=alt.YOffset("measure:N", sort=list(names.values())),
            x=alt.X("amount:Q", title=amount),
            color=alt.Color(
                "measure:N", title=measure, scale=scale, legend=alt.Legend(orient="bottom")
            ),
            tooltip=[
                alt.Tooltip("group:N", title=group),
                alt.Tooltip("measure:N", title=measure),
                alt.Tooltip("amount:Q", title=amount, format=",.2f"),
            ],
        )
    )
    return to_spec(chart)


# ---- The accountability table -----------------------------------------------------------


def _standings(actions: list[dict]) -> dict[tuple[int, int], str]:
    """{(action id, agency id): standing} in the latest published report."""
    return {
        (action["id"], update["agency_id"]): outputs.update_standing(update)
        for action in actions
        for update in action.get("updates", [])
    }


def accountability_table(plan: ActionPlan, actions: list[dict], *, today=None) -> Table:
    """Every line of accountability of the published plan with its status in the latest
    published report; overdue first (past the action's end year and not finished, or
    delayed, or not reported), then by agency."""
    year = (today or timezone.localdate()).year
    structure, standings = plan_actions(plan), _standings(actions)
    labels = outputs.standing_labels()
    rows = []
    for line in plan_responsibilities(plan):
        action = structure.get(line["action_id"])
        standing = standings.get((line["action_id"], line["agency_id"]))
        reasons = _overdue_reasons(action, standing, year)
        rows.append(
            [
                line["agency__name"],
                action["code"],
                action["title"],
                str(outputs.role_label(line["role"])),
                labels[standing] if standing else _("Not in the latest report"),
                action["end_year"],
                "; ".join(reasons),
            ]
        )
    rows.sort(key=lambda row: (not row[-1], row[0]))
    return Table(
        slug="accountability",
        sheet=_("Accountability"),
        caption=_("Lines of accountability: each agency, its actions and their status"),
        headers=[
            _("Agency"),
            _("Action"),
            _("Title"),
            _("Role"),
            _("Status"),
            _("End year"),
            _("Overdue"),
        ],
        rows=rows,
        empty=_("The plan names no responsible agency for any action."),
    )


def _overdue_reasons(action: dict, standing: str | None, year: int) -> list[str]:
    reasons = []
    if standing == NOT_REPORTED:
        reasons.append(_("no approved report in the latest published report"))
    if standing == ImplementationStatus.DELAYED:
        reasons.append(_("reported delayed"))
    if action["end_year"] and action["end_year"] < year and standing not in outputs.FINISHED:
        reasons.append(_("timeframe ended in %(year)s") % {"year": action["end_year"]})
    return reasons


def plan_dashboard(plan: ActionPlan, *, with_specs: bool = True, today=None) -> Dashboard:
    report = latest_published_report(plan)
    actions = (report.snapshot or {}).get("actions", []) if report else []
    pillars = pillar_names(plan)
    figures = [
        pillar_figure(actions, with_spec=with_specs),
        agency_figure(actions, with_spec=with_specs),
        indicator_figure(actions, with_spec=with_specs),
    ]
    if report is None:
        for figure in figures:
            figure.table.empty = _("Unknown until an official report is published.")
    figures.append(budget_figure(plan, pillars, with_spec=with_specs))
    return Dashboard(
        plan=plan,
        report=report,
        reports=published_report_list(plan),
        figures=figures,
        accountability=accountability_table(plan, actions, today=today),
        synthetic=plan.origin == Origin.SYNTHETIC,
    )
