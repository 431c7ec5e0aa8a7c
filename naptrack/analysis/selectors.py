"""Numbers behind the analysis page and the open-data exports.

Every figure starts from naptrack.registry.selectors.plan_list(user), so drafts outside the
user's scope and synthetic records never reach a chart, a table, a CSV or a JSON file.
Counting happens in the database; Python only reshapes the few aggregated rows.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone

from naptrack.registry.choices import PENDING_STATUSES, Budget, PlanStatus
from naptrack.registry.models import ActionPlan, Citation, Country, PlanFact
from naptrack.registry.selectors import (
    IN_FORCE,
    PlanFilters,
    plan_list,
    plan_search,
    plans_visible_to,
)

SET_ALL, SET_UN = "all", "un"
COUNTRY_SETS = (SET_ALL, SET_UN)

# The statuses a plan can show on the "by region" chart, in display order.
REGION_STATUSES = ("in_force", "expired", "superseded", "pending", "withdrawn")
# A country's status on the map, in display order.
MAP_STATUSES = ("in_force", "lapsed", "pending", "none")
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
    years: list[dict]  # {"year", "new", "cumulative"}, one per year, gaps filled
    unknown_year: int  # countries whose first plan has no known adoption year

    @property
    def total(self) -> int:
        return (self.years[-1]["cumulative"] if self.years else 0) + self.unknown_year


def first_plans(user, country_set: str) -> QuerySet[ActionPlan]:
    """Each country's first adopted plan: the lowest generation, then the earliest date.

    Generation comes first because an earlier plan whose date is unknown (the Netherlands'
    first three) must not be replaced by a later plan that happens to have a date."""
    adopted = national_plans(user, country_set).filter(status__in=IN_FORCE)
    first_pk = (
        adopted.filter(country=OuterRef("country"))
        .order_by(
            F("generation").asc(nulls_last=True), F("adoption_date").asc(nulls_last=True), "pk"
        )
        .values("pk")[:1]
    )
    return adopted.filter(pk=Subquery(first_pk))


def first_plans_by_year(user, country_set: str) -> FirstPlans:
    counts = dict(
        first_plans(user, country_set)
        .values(year=ExtractYear("adoption_date"))
        .annotate(new=Count("pk"))
        .order_by()
        .values_list("year", "new")
    )
    unknown = counts.pop(None, 0)
    if not counts:
        return FirstPlans(years=[], unknown_year=unknown)
    last = max(max(counts), timezone.now().year)
    years, cumulative = [], 0
    for year in range(min(counts), last + 1):
        cumulative += counts.get(year, 0)
        years.append({"year": year, "new": counts.get(year, 0), "cumulative": cumulative})
    return FirstPlans(years=years, unknown_year=unknown)


# --- b. Plans by region and current status ------------------------------------------


def region_status_of(current_status: str) -> str:
    if current_status == PlanStatus.ADOPTED:
        return "in_force"
    if current_status in PENDING_STATUSES:
        return "pending"
    return current_status


def plans_by_region(user, country_set: str) -> list[dict]:
    """One row per region: {"region", <each REGION_STATUSES>: count, "total"}."""
    grouped = (
        national_plans(user, country_set)
        .values("country__region__name", "current_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    regions: dict[str, Counter] = {}
    for row in grouped:
        counter = regions.setdefault(row["country__region__name"], Counter())
        counter[region_status_of(row["current_status"])] += row["n"]
    return [
        {"region": name, **{s: counts[s] for s in REGION_STATUSES}, "total": counts.total()}
        for name, counts in sorted(regions.items())
    ]


# --- c. Each country's current status (the map) -------------------------------------


def country_statuses(user, country_set: str) -> list[dict]:
    """Every country of the set with its status: in_force, lapsed, pending or none."""
    plans = plan_list(user).filter(country=OuterRef("pk"))
    lapsed = (PlanStatus.EXPIRED, PlanStatus.SUPERSEDED, PlanStatus.WITHDRAWN)
    rows = (
        countries_in_set(country_set)
        .annotate(
            map_status=Case(
                When(
                    Exists(plans.filter(current_status=PlanStatus.ADOPTED)), then=Value("in_force")
                ),
                When(Exists(plans.filter(current_status__in=lapsed)), then=Value("lapsed")),
                When(Exists(plans.filter(status__in=PENDING_STATUSES)), then=Value("pending")),
                default=Value("none"),
                output_field=CharField(),
            )
        )
        .order_by("name")
        .values("iso3", "m49", "name", "map_status")
    )
    return list(rows)


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
