"""The four overview figures: each is a table (the accessible, downloadable truth) and a
Vega-Lite spec drawn from the same rows, built with Altair."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import altair as alt
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from naptrack.analysis import selectors
from naptrack.registry.choices import Budget, YearBasis

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STATUS_COLOURS = {
    "in_force": "#009E73",
    "in_force_end_unknown": "#9AD9C4",
    "expired": "#E69F00",
    "lapsed": "#E69F00",
    "superseded": "#56B4E9",
    "pending": "#0072B2",
    "withdrawn": "#CC79A7",
    "none": "#d9d9d9",
}
BUDGET_COLOURS = {
    Budget.ALLOCATED: "#009E73",
    Budget.NOT_ALLOCATED: "#D55E00",
    Budget.UNKNOWN: "#8c8c8c",
}
NOT_COUNTED_COLOUR = "#ffffff"
ANTARCTICA_M49 = "010"  # drawn by the atlas, never a plan owner: left off to save space


@dataclass(frozen=True)
class ChartContext:
    user: object
    country_set: str
    atlas_url: str = ""

    @cached_property
    def set_label(self) -> str:
        return set_label(self.country_set)


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list]


@dataclass
class Figure:
    slug: str
    title: str
    counted: str  # which set of countries and plans the figure counts
    table: Table
    spec: dict | None = None
    notes: list[str] = field(default_factory=list)
    summary: Table | None = None

    @property
    def spec_id(self) -> str:
        return f"chart-{self.slug}-spec"


def set_label(country_set: str) -> str:
    if country_set == selectors.SET_UN:
        return _("UN member states (%(count)s)") % {"count": selectors.un_member_count()}
    return _("all countries and territories (includes Kosovo and the State of Palestine)")


def region_status_labels() -> dict[str, str]:
    return {
        "in_force": _("In force"),
        "in_force_end_unknown": _("In force, end unknown"),
        "expired": _("Expired"),
        "superseded": _("Superseded"),
        "pending": _("Pending"),
        "withdrawn": _("Withdrawn"),
    }


def map_status_labels() -> dict[str, str]:
    return {
        "in_force": _("Has a plan in force"),
        "in_force_end_unknown": _("In force, end unknown (no end year recorded)"),
        "lapsed": _("Had plans, none in force (lapsed)"),
        "pending": _("Only pending plans"),
        "none": _("No plan known"),
    }


def budget_labels() -> dict[str, str]:
    return {
        Budget.ALLOCATED: _("Allocated"),
        Budget.NOT_ALLOCATED: _("Not allocated"),
        Budget.UNKNOWN: _("Unknown"),
    }


def to_spec(chart) -> dict:
    # Validating against the Vega-Lite schema costs more than building the page; the specs
    # are checked in tests/analysis instead, on every figure.
    spec = chart.to_dict(validate=False)
    return mirrored(spec) if get_language_bidi() else spec


def mirrored(spec: dict) -> dict:
    """The chart read right to left (Arabic): the horizontal axis runs from the right, the
    vertical axis and the titles stand on the right, and text marks grow leftwards. Vega-Lite
    has no direction setting, so each part of the specification is turned (in place)."""
    if isinstance(spec.get("title"), dict):
        spec["title"]["anchor"] = "end"
    elif isinstance(spec.get("title"), str):
        spec["title"] = {"text": spec["title"], "anchor": "end"}
    _mirror_encoding(spec.get("encoding", {}))
    _mirror_mark(spec.get("mark"))
    for layer in spec.get("layer", []):
        mirrored(layer)
    return spec


def _mirror_encoding(encoding: dict) -> None:
    x, y = encoding.get("x"), encoding.get("y")
    if isinstance(x, dict) and "field" in x:
        x.setdefault("scale", {})["reverse"] = True
    elif isinstance(x, dict) and x.get("value") == 0:
        x["value"] = {"expr": "width"}  # a label pinned to the start of the axis
    if isinstance(y, dict) and "field" in y and y.get("axis", {}) is not None:
        y.setdefault("axis", {})["orient"] = "right"


def _mirror_mark(mark) -> None:
    if not isinstance(mark, dict):
        return
    if mark.get("align") in ("left", "right"):
        mark["align"] = {"left": "right", "right": "left"}[mark["align"]]
    if "dx" in mark:
        mark["dx"] = -mark["dx"]


# --- a. First national plans --------------------------------------------------------


def first_plans_figure(ctx: ChartContext, *, with_spec: bool = True) -> Figure:
    data = selectors.first_plans_by_year(ctx.user, ctx.country_set)
    title = _("Countries with a first national plan, by year")
    bases = list(YearBasis)
    rows = [[r["year"], r["new"], r["cumulative"], *(r[b] for b in bases)] for r in data.years]
    rows.append([_("Year unknown"), data.unknown_year, data.total, *("" for _b in bases)])
    unknown_note = _(
        "%(count)s countries with no dated fact about any of their plans are counted in the "
        "“Year unknown” row, not on the timeline."
    ) % {"count": data.unknown_year}
    basis_note = _(
        "Each country is placed by the best date known for its first plan: its adoption date "
        "(%(adoption)s countries), else the start of its period (%(period_start)s), else, at "
        "the latest, the date of a later plan (%(later_plan)s)."
    ) % {b.value: data.bases[b] for b in bases}
    figure = Figure(
        slug="first-plans",
        title=title,
        counted=_("Counted: %(set)s, each country once, in the year of its first adopted plan.")
        % {"set": ctx.set_label},
        table=Table(
            caption=title,
            headers=[
                _("Year"),
                _("Countries adopting their first plan"),
                _("Cumulative total"),
                _("Dated by adoption"),
                _("Dated by period start"),
                _("Dated by a later plan (at the latest)"),
            ],
            rows=rows,
        ),
        notes=[basis_note, unknown_note],
    )
    if with_spec:
        figure.spec = first_plans_spec(data, title, unknown_note)
    return figure


def first_plans_spec(data: selectors.FirstPlans, title: str, subtitle: str) -> dict:
    year, total, new = _("Year"), _("Cumulative total"), _("New that year")
    colour = STATUS_COLOURS["in_force"]
    line = (
        alt.Chart(alt.Data(values=data.years))
        .mark_line(point=alt.OverlayMarkDef(color=colour), color=colour)
        .encode(
            x=alt.X(
                "year:Q",
                title=year,
                axis=alt.Axis(format="d", tickMinStep=1),
                scale=alt.Scale(zero=False, nice=False),
            ),
            y=alt.Y("cumulative:Q", title=total),
            tooltip=[
                alt.Tooltip("year:Q", title=year, format="d"),
                alt.Tooltip("new:Q", title=new),
                alt.Tooltip("cumulative:Q", title=total),
            ],
        )
    )
    # The countries with an unknown year still count: a dashed line marks the full total.
    everyone = _("All %(total)s, including %(unknown)s with the year unknown") % {
        "total": data.total,
        "unknown": data.unknown_year,
    }
    rule_data = alt.Data(values=[{"total": data.total, "label": everyone}])
    rule = alt.Chart(rule_data).mark_rule(strokeDash=[4, 4], color="#4a4a55").encode(y="total:Q")
    label = (
        alt.Chart(rule_data)
        .mark_text(align="left", baseline="bottom", dx=4, dy=-2, color="#4a4a55")
        .encode(y="total:Q", x=alt.value(0), text="label:N")
    )
    chart = (line + rule + label).properties(
        title=alt.Title(title, subtitle=subtitle),
        width="container",
        height=300,
        description=title,
    )
    return to_spec(chart)


# --- b. Plans by region -------------------------------------------------------------


def plans_by_region_figure(ctx: ChartContext, *, with_spec: bool = True) -> Figure:
    data = selectors.plans_by_region(ctx.user, ctx.country_set)
    labels = region_status_labels()
    title = _("National plans by region and current status")
    figure = Figure(
        slug="plans-by-region",
        title=title,
        counted=_("Counted: every national plan of %(set)s, by UN M49 region.")
        % {"set": ctx.set_label},
        table=Table(
            caption=title,
            headers=[_("Region"), *labels.values(), _("Total")],
            rows=[
                [row["region"], *(row[s] for s in selectors.REGION_STATUSES), row["total"]]
                for row in data
            ],
        ),
    )
    if with_spec:
        figure.spec = plans_by_region_spec(data, labels, title)
    return figure


def plans_by_region_spec(data: list[dict], labels: dict[str, str], title: str) -> dict:
    region, status, plans = _("Region"), _("Status"), _("Plans")
    values = [
        {"region": row["region"], "status": labels[s], "plans": row[s], "order": position}
        for row in data
        for position, s in enumerate(selectors.REGION_STATUSES)
        if row[s]
    ]
    colour = alt.Scale(domain=list(labels.values()), range=[STATUS_COLOURS[s] for s in labels])
    chart = (
        alt.Chart(alt.Data(values=values), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("region:N", title=region, sort=[row["region"] for row in data]),
            x=alt.X("sum(plans):Q", title=plans),
            color=alt.Color(
                "status:N", title=status, scale=colour, legend=alt.Legend(orient="bottom")
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("region:N", title=region),
                alt.Tooltip("status:N", title=status),
                alt.Tooltip("plans:Q", title=plans),
            ],
        )
        .properties(width="container", height=260, description=title)
    )
    return to_spec(chart)


# --- c. The map ---------------------------------------------------------------------


def country_status_figure(ctx: ChartContext, *, with_spec: bool = True) -> Figure:
    rows = selectors.country_statuses(ctx.user, ctx.country_set)
    counts = selectors.map_status_counts(rows)
    labels = map_status_labels()
    title = _("Countries by current status")
    no_code = _("none")
    figure = Figure(
        slug="country-status",
        title=title,
        counted=_("Counted: %(set)s; each country by its national plans.") % {"set": ctx.set_label},
        table=Table(
            caption=_("Every country and its current status"),
            headers=[_("Country"), _("ISO 3166 alpha-3"), _("UN M49 code"), _("Status")],
            rows=[
                [r["name"], r["iso3"], r["m49"] or no_code, labels[r["map_status"]]] for r in rows
            ],
        ),
        summary=Table(
            caption=_("Number of countries by current status"),
            headers=[_("Status"), _("Countries")],
            rows=[[labels[s], n] for s, n in counts.items()],
        ),
        notes=[
            end_unknown_note(counts),
            _(
                "Kosovo has no UN M49 code and is not drawn on the map; small countries and "
                "territories may be too small to see. All of them are in the table."
            ),
        ],
    )
    if with_spec:
        figure.spec = country_status_spec(rows, labels, title, ctx.atlas_url)
    return figure


def end_unknown_note(counts: dict[str, int]) -> str:
    in_force = counts["in_force"] + counts["in_force_end_unknown"]
    return _(
        "%(unknown)s of the %(total)s countries with a plan in force today count as in force "
        "only because no end year (or extension) is recorded for their plans."
    ) % {"unknown": counts["in_force_end_unknown"], "total": in_force}


def country_status_spec(rows: list[dict], labels: dict, title: str, atlas_url: str) -> dict:
    not_counted = _("Not counted in this set")
    values = [
        {"m49": r["m49"], "country": r["name"], "status": labels[r["map_status"]]}
        for r in rows
        if r["m49"]
    ]
    colour = alt.Scale(
        domain=[*labels.values(), not_counted],
        range=[*(STATUS_COLOURS[s] for s in labels), NOT_COUNTED_COLOUR],
    )
    chart = (
        alt.Chart(alt.topo_feature(atlas_url, "countries"), title=title)
        .mark_geoshape(stroke="#6b6b6b", strokeWidth=0.4)
        .transform_filter(f"datum.id !== '{ANTARCTICA_M49}'")
        .transform_lookup(
            lookup="id",
            from_=alt.LookupData(alt.Data(values=values), key="m49", fields=["country", "status"]),
        )
        # Shapes outside the set (or the data) keep the atlas's own name and a neutral colour.
        .transform_calculate(
            shown_name="datum.country ? datum.country : datum.properties.name",
            shown_status=f"datum.status ? datum.status : {json.dumps(not_counted)}",
        )
        .encode(
            color=alt.Color(
                "shown_status:N",
                title=_("Status"),
                scale=colour,
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=[
                alt.Tooltip("shown_name:N", title=_("Country")),
                alt.Tooltip("shown_status:N", title=_("Status")),
            ],
        )
        .project(type="equalEarth")
        .properties(width="container", height=420, description=title)
    )
    return to_spec(chart)


# --- d. Budget ----------------------------------------------------------------------


def budget_figure(ctx: ChartContext, *, with_spec: bool = True) -> Figure:
    data = selectors.budget_of_plans_in_force(ctx.user, ctx.country_set)
    labels = budget_labels()
    title = _("National plans in force with an allocated budget")
    unknown = _("unknown")
    figure = Figure(
        slug="budget",
        title=title,
        counted=_("Counted: national plans in force today of %(set)s.") % {"set": ctx.set_label},
        table=Table(
            caption=title,
            headers=[_("Budget"), _("Plans in force"), _("Share (%)")],
            rows=[
                [labels[r["budget"]], r["plans"], unknown if r["share"] is None else r["share"]]
                for r in data
            ],
        ),
        notes=[
            _(
                "“Unknown” means no source recorded on NAPtrack yet says whether the plan "
                "has a budget. It does not mean the plan has none."
            )
        ],
    )
    if with_spec:
        figure.spec = budget_spec(data, labels, title, figure.notes[0])
    return figure


def budget_spec(data: list[dict], labels: dict, title: str, subtitle: str) -> dict:
    budget, plans, share = _("Budget"), _("Plans in force"), _("Share (%)")
    values = [
        {"budget": labels[r["budget"]], "plans": r["plans"], "share": r["share"]} for r in data
    ]
    colour = alt.Scale(domain=list(labels.values()), range=[BUDGET_COLOURS[b] for b in labels])
    base = alt.Chart(alt.Data(values=values)).encode(
        y=alt.Y("budget:N", title=budget, sort=list(labels.values())),
        x=alt.X("plans:Q", title=plans),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("budget:N", scale=colour, legend=None),
        tooltip=[
            alt.Tooltip("budget:N", title=budget),
            alt.Tooltip("plans:Q", title=plans),
            alt.Tooltip("share:Q", title=share),
        ],
    )
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("plans:Q"))
    chart = (bars + text).properties(
        title=alt.Title(title, subtitle=subtitle), width="container", height=140, description=title
    )
    return to_spec(chart)


FIGURES: dict[str, Callable[..., Figure]] = {
    "first-plans": first_plans_figure,
    "plans-by-region": plans_by_region_figure,
    "country-status": country_status_figure,
    "budget": budget_figure,
}


def overview_figures(ctx: ChartContext) -> list[Figure]:
    return [build(ctx) for build in FIGURES.values()]
