"""Numbers behind the analysis page and the open-data exports.

Every figure starts from naptrack.registry.selectors.plan_list(user), so drafts outside the
user's scope and synthetic records never reach a chart, a table, a CSV or a JSON file.
Counting happens in the database; Python only reshapes the few aggregated rows.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from naptrack.registry.choices import PENDING_STATUSES, Budget, PlanStatus, YearBasis
from naptrack.registry.models import ActionPlan, Citation, Country, PlanFact
from naptrack.registry.selectors import (
    COUNTRY_STATUSES,
    IN_FORCE,
    PlanFilters,
    national_statuses,
    plan_list,
    plan_search,
    plans_visible_to,
)

SET_ALL, SET_UN = "all", "un"
COUNTRY_SETS = (SET_ALL, SET_UN)

# The statuses a plan can show on the "by region" chart, in display order.
REGION_STATUSES = (
    "in_force",
    "in_force_end_unknown",
    "expired",
    "superseded",
    "pending",
    "withdrawn",
)
# A country's status on the map, in display order.
MAP_STATUSES = COUNTRY_STATUSES
BUDGETS = (Budget.ALLOCATED, Budget.NOT_ALLOCATED, Budget.UNKNOWN)


def countries_in_set(country_set: str) -> QuerySet[Country]:
    countries = Country.objects.all()
    return countries.filter(un_member=True) if country_set == SET_UN else countries


def national_plans(user, country_set: str) -> QuerySet[ActionPlan]:
    """Visible national plans of the countries in the chosen set, with current_status."""
    plans = plan_list(user).filter(country__isnull=False)
    return plans.filter(country__un_member=True) if country_set == SET_UN else plans


def un_member_count() -> int:
    return Country.objects.filter(un_member=True).count()


# --- a. Countries with a first national plan, by year -------------------------------


@dataclass(frozen=True)
class FirstPlans:
    years: list[dict]  # {"year", "new", "cumulative", and one count per YearBasis}
    unknown_year: int  # countries with no dated fact about any of their plans
    bases: dict[str, int]  # countries placed on the curve, by the fact that dates them

    @property
    def total(self) -> int:
        return (self.years[-1]["cumulative"] if self.years else 0) + self.unknown_year


def _first_plan_order(plan: ActionPlan):
    # Generation first: an earlier plan whose date is unknown must not be replaced by a
    # later plan that happens to have one.
    return (plan.generation is None, plan.generation or 0, plan.best_year or 9999, plan.pk)


def first_plan_year(plans: list[ActionPlan]) -> tuple[int | None, str]:
    """The year of a country's first adopted plan and what dates it: the plan's adoption,
    else its period start, else (at the latest) the earliest date of a later plan."""
    first = min(plans, key=_first_plan_order)
    if first.best_year:
        return first.best_year, first.best_year_basis
    later = [p.best_year for p in plans if p.best_year]
    return (min(later), YearBasis.LATER_PLAN) if later else (None, "")


def first_plan_years(user, country_set: str) -> list[tuple[int | None, str]]:
    """(year, basis) of each country's first adopted plan, one entry per country."""
    by_country: dict[int, list[ActionPlan]] = {}
    for plan in national_plans(user, country_set).filter(status__in=IN_FORCE):
        by_country.setdefault(plan.country_id, []).append(plan)
    return [first_plan_year(plans) for plans in by_country.values()]


def first_plans_by_year(user, country_set: str) -> FirstPlans:
    dated = Counter()
    unknown = 0
    for year, basis in first_plan_years(user, country_set):
        if year is None:
            unknown += 1
        else:
            dated[(year, basis)] += 1
    bases = {b: sum(n for (_y, kind), n in dated.items() if kind == b) for b in YearBasis}
    if not dated:
        return FirstPlans(years=[], unknown_year=unknown, bases=bases)
    first_year = min(year for year, _basis in dated)
    last = max(max(year for year, _basis in dated), timezone.now().year)
    years, cumulative = [], 0
    for year in range(first_year, last + 1):
        by_basis = {b.value: dated[(year, b)] for b in YearBasis}
        new = sum(by_basis.values())
        cumulative += new
        years.append({"year": year, "new": new, "cumulative": cumulative, **by_basis})
    return FirstPlans(years=years, unknown_year=unknown, bases=bases)


# --- b. Plans by region and current status ------------------------------------------


def region_status_of(current_status: str, end_unknown: bool = False) -> str:
    if current_status == PlanStatus.ADOPTED:
        return "in_force_end_unknown" if end_unknown else "in_force"
    if current_status in PENDING_STATUSES:
        return "pending"
    return current_status


def plans_by_region(user, country_set: str) -> list[dict]:
    """One row per region: {"region", <each REGION_STATUSES>: count, "total"}."""
    grouped = (
        national_plans(user, country_set)
        .values("country__region__name", "current_status", "end_unknown")
        .annotate(n=Count("pk"))
        .order_by()
    )
    regions: dict[str, Counter] = {}
    for row in grouped:
        counter = regions.setdefault(row["country__region__name"], Counter())
        counter[region_status_of(row["current_status"], row["end_unknown"])] += row["n"]
    return [
        {"region": name, **{s: counts[s] for s in REGION_STATUSES}, "total": counts.total()}
        for name, counts in sorted(regions.items())
    ]


# --- c. Each country's current status (the map) -------------------------------------


def country_statuses(user, country_set: str) -> list[dict]:
    """Every country of the set with its status, from national_statuses (the home page's
    source too): in_force, in_force_end_unknown, lapsed, pending or none."""
    statuses = national_statuses(user, un_members_only=country_set == SET_UN)
    return [
        {
            "iso3": s.country.iso3,
            "m49": s.country.m49,
            "name": s.country.name,
            "map_status": s.status,
        }
        for s in statuses
    ]


def map_status_counts(rows: list[dict]) -> dict[str, int]:
    counts = Counter(row["map_status"] for row in rows)
    return {status: counts[status] for status in MAP_STATUSES}


# --- d. Budget of the plans in force ------------------------------------------------


def budget_of_plans_in_force(user, country_set: str) -> list[dict]:
    """{"budget", "plans", "share"} for allocated, not allocated and unknown, in that order."""
    counts = dict(
        national_plans(user, country_set)
        .filter(current_status=PlanStatus.ADOPTED)
        .values("budget")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("budget", "n")
    )
    total = sum(counts.values())
    return [
        {
            "budget": budget,
            "plans": counts.get(budget, 0),
            "share": round(100 * counts.get(budget, 0) / total, 1) if total else None,
        }
        for budget in BUDGETS
    ]


# --- Open data ----------------------------------------------------------------------


def open_data_plans(user, filters: PlanFilters) -> QuerySet[ActionPlan]:
    """The registry list as exported: filtered like the list page, with what each row needs.

    Predecessor and successor ids are looked up among the plans this user may see, so a
    draft neighbour never shows up as an id in someone else's export."""
    visible = plans_visible_to(user)
    return (
        plan_search(user, filters)
        .annotate(
            visible_predecessor_id=Subquery(
                visible.filter(pk=OuterRef("predecessor_id")).values("pk")[:1]
            ),
            visible_successor_id=Subquery(
                visible.filter(predecessor_id=OuterRef("pk")).values("pk")[:1]
            ),
        )
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.order_by("position", "id")),
            "resolutions",
        )
    )


def _of_exported_plans(queryset: QuerySet, user, filters: PlanFilters, *order) -> QuerySet:
    """Rows of the plans open_data_plans exports (one query, with their plan), plan by plan."""
    plans = plan_search(user, filters).values("pk")
    return queryset.filter(plan__in=plans).select_related("plan").order_by("plan_id", *order)


def open_data_facts(user, filters: PlanFilters) -> QuerySet[PlanFact]:
    return _of_exported_plans(PlanFact.objects.all(), user, filters, "code", "source_url")


def open_data_sources(user, filters: PlanFilters) -> QuerySet[Citation]:
    return _of_exported_plans(Citation.objects.all(), user, filters, "position", "id")


def open_data_countries() -> QuerySet[Country]:
    return Country.objects.select_related("region", "subregion").order_by("iso3")
