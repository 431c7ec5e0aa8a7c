"""The analysis numbers, checked against independent counts over the reference files."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from naptrack.analysis import selectors
from naptrack.registry.choices import Budget, DatePrecision, PlanStatus, YearBasis
from tests.analysis import helpers
from tests.factories.registry import ActionPlanFactory, CountryFactory

pytestmark = pytest.mark.django_db
ANONYMOUS = AnonymousUser()
TERRITORIES_WITH_PLANS = {"PSE", "XKX"}


@pytest.mark.parametrize("country_set", ["all", "un"])
def test_first_plans_by_year_matches_reference_file(country_set):
    expected = helpers.first_plan_years(country_set)
    data = selectors.first_plans_by_year(ANONYMOUS, country_set)
    counted = {str(row["year"]): row["new"] for row in data.years if row["new"]}
    assert counted == {year: n for year, n in expected.items() if year}
    assert data.unknown_year == expected[""]
    assert data.total == sum(expected.values())


def test_first_plans_place_every_country_with_a_dated_fact():
    data = selectors.first_plans_by_year(ANONYMOUS, "all")
    # Norway's and the Netherlands' first plans have no adoption date but a period start;
    # every country in naps.csv has some dated fact, so none is left in "Year unknown".
    assert data.unknown_year == 0
    assert data.years[-1]["cumulative"] == data.total == 112
    assert data.bases[YearBasis.PERIOD_START] >= 2
    year_2006 = next(row for row in data.years if row["year"] == 2006)
    assert year_2006[YearBasis.PERIOD_START] >= 1  # Norway, March 2006


def test_first_plan_without_any_date_counts_as_year_unknown():
    land = CountryFactory(name="Undatedland")
    ActionPlanFactory(
        country=land, generation=1, adoption_date=None, adoption_precision="", period_start=None
    )
    data = selectors.first_plans_by_year(ANONYMOUS, "all")
    assert data.unknown_year == 1


def test_first_plans_by_year_is_cumulative_without_gaps():
    years = selectors.first_plans_by_year(ANONYMOUS, "all").years
    assert [row["year"] for row in years] == list(range(years[0]["year"], years[-1]["year"] + 1))
    running = 0
    for row in years:
        running += row["new"]
        assert row["cumulative"] == running


def test_undated_first_plan_is_placed_at_the_latest_by_a_later_plan():
    land = CountryFactory(name="Firstgenland")
    ActionPlanFactory(
        country=land, generation=1, adoption_date=None, adoption_precision="", period_start=None
    )
    ActionPlanFactory(
        country=land,
        generation=2,
        adoption_date=datetime.date(2019, 1, 1),
        adoption_precision=DatePrecision.YEAR,
    )
    before = selectors.first_plans_by_year(ANONYMOUS, "all")
    assert before.unknown_year == 0
    row_2019 = next(row for row in before.years if row["year"] == 2019)
    assert row_2019[YearBasis.LATER_PLAN] == 1
    assert before.bases[YearBasis.LATER_PLAN] == 1


def test_first_plans_ignore_pending_plans():
    land = CountryFactory(name="Pendingland")
    ActionPlanFactory(country=land, status=PlanStatus.DRAFTING)
    data = selectors.first_plans_by_year(ANONYMOUS, "all")
    assert data.total == sum(helpers.first_plan_years("all").values())


def test_country_sets_differ_by_exactly_the_territories():
    everything = helpers.national_plans("all")
    members = helpers.national_plans("un")
    assert {r["iso3"] for r in everything} - {r["iso3"] for r in members} == TERRITORIES_WITH_PLANS
    territory_plans = len(everything) - len(members)

    first_all = selectors.first_plans_by_year(ANONYMOUS, "all")
    first_un = selectors.first_plans_by_year(ANONYMOUS, "un")
    assert first_all.total - first_un.total == len(TERRITORIES_WITH_PLANS)

    def region_total(country_set):
        return sum(r["total"] for r in selectors.plans_by_region(ANONYMOUS, country_set))

    assert region_total("all") - region_total("un") == territory_plans

    statuses_all = selectors.country_statuses(ANONYMOUS, "all")
    statuses_un = {r["iso3"] for r in selectors.country_statuses(ANONYMOUS, "un")}
    dropped = [r for r in statuses_all if r["iso3"] not in statuses_un]
    assert {r["iso3"] for r in dropped if r["map_status"] != "none"} == TERRITORIES_WITH_PLANS
    assert len(statuses_un) == 193


@pytest.mark.parametrize("country_set", ["all", "un"])
def test_plans_by_region_matches_reference_file(country_set):
    rows = selectors.plans_by_region(ANONYMOUS, country_set)
    assert {r["region"]: r["total"] for r in rows} == helpers.plans_per_region(country_set)
    for row in rows:
        assert sum(row[s] for s in selectors.REGION_STATUSES) == row["total"]


def test_plans_by_region_splits_by_current_status():
    def africa():
        return {r["region"]: r for r in selectors.plans_by_region(ANONYMOUS, "all")}["Africa"]

    before = africa()
    land = CountryFactory(name="Statusland")  # in Africa, the factory's default region
    ActionPlanFactory(country=land, generation=1, period_start=2001, period_end=2003)
    ActionPlanFactory(country=land, generation=2, status=PlanStatus.CONSULTATION)
    ActionPlanFactory(country=land, generation=3, status=PlanStatus.WITHDRAWN)
    ActionPlanFactory(country=land, generation=4, period_start=2024, period_end=None)
    after = africa()
    changes = {s: after[s] - before[s] for s in selectors.REGION_STATUSES}
    assert changes == {
        "in_force": 0,
        "in_force_end_unknown": 1,
        "expired": 1,
        "superseded": 0,
        "pending": 1,
        "withdrawn": 1,
    }
    assert after["total"] == before["total"] + 4


def test_country_statuses_match_reference_file():
    with_plans = {row["iso3"] for row in helpers.national_plans("all")}
    rows = selectors.country_statuses(ANONYMOUS, "all")
    assert len(rows) == len(helpers.countries()) == 248
    assert {r["iso3"] for r in rows if r["map_status"] == "none"} == (
        set(helpers.countries()) - with_plans
    )
    kosovo = next(r for r in rows if r["iso3"] == "XKX")
    assert kosovo["m49"] == "" and kosovo["map_status"] != "none"


def test_country_statuses_distinguish_lapsed_and_pending():
    lapsed = CountryFactory(name="Lapsedland")
    ActionPlanFactory(country=lapsed, period_start=2001, period_end=2003)
    pending = CountryFactory(name="Pendingland")
    ActionPlanFactory(country=pending, status=PlanStatus.ANNOUNCED)
    in_force = CountryFactory(name="Inforceland")
    ActionPlanFactory(country=in_force, period_end=2099)
    end_unknown = CountryFactory(name="Noendland")
    ActionPlanFactory(country=end_unknown, period_end=None)
    statuses = {r["name"]: r["map_status"] for r in selectors.country_statuses(ANONYMOUS, "all")}
    assert statuses["Lapsedland"] == "lapsed"
    assert statuses["Pendingland"] == "pending"
    assert statuses["Inforceland"] == "in_force"
    assert statuses["Noendland"] == "in_force_end_unknown"


def test_budget_of_plans_in_force_shows_unknown_explicitly():
    rows = selectors.budget_of_plans_in_force(ANONYMOUS, "all")
    regions = selectors.plans_by_region(ANONYMOUS, "all")
    in_force = sum(r["in_force"] + r["in_force_end_unknown"] for r in regions)
    assert [r["budget"] for r in rows] == ["allocated", "not_allocated", "unknown"]
    # Every reference plan's budget is unknown: the chart must say so, not show zero budgets.
    assert [r["plans"] for r in rows] == [0, 0, in_force]
    assert [r["share"] for r in rows] == [0.0, 0.0, 100.0]


def test_budget_of_plans_in_force_counts_allocated():
    ActionPlanFactory(budget=Budget.ALLOCATED, period_end=2099)
    ActionPlanFactory(budget=Budget.ALLOCATED, period_start=2001, period_end=2003)  # expired
    rows = {r["budget"]: r["plans"] for r in selectors.budget_of_plans_in_force(ANONYMOUS, "all")}
    assert rows["allocated"] == 1
