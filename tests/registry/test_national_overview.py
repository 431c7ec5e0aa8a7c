"""The home page's country figures, counted by the database (national_overview), on a
made-up dataset whose answers are worked out by hand, and against the analysis page's
national_statuses on the real reference data: the two must never disagree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from naptrack.registry.choices import PlanStatus, Publication
from naptrack.registry.selectors import national_overview, national_statuses
from tests.factories import ActionPlanFactory, CoordinatorFactory, MadeUpCountryFactory

YEAR = 2026
UNDATED = {"period_start": None, "period_end": None, "adoption_date": None}


def undated(**fields):
    return ActionPlanFactory(**UNDATED, adoption_precision="", **fields)


@pytest.fixture
def lands(db):
    """Made-up countries, each a case of the rules, and the plans that decide it."""
    land = {name: MadeUpCountryFactory(name=f"Overview {name}") for name in "ABCDEFGHIJKL"}
    plans = {
        "A": ActionPlanFactory(country=land["A"], period_start=2020, period_end=2099),
        "B": ActionPlanFactory(country=land["B"], period_start=2020, period_end=None),
        "C1": ActionPlanFactory(country=land["C"], generation=1, period_end=2099),
        "C2": ActionPlanFactory(country=land["C"], generation=2, period_end=None),
        "D1": ActionPlanFactory(
            country=land["D"], generation=1, period_start=2005, period_end=2009
        ),
        "D2": ActionPlanFactory(
            country=land["D"], generation=2, period_start=2010, period_end=2014
        ),
        "E": ActionPlanFactory(
            country=land["E"], period_start=2010, period_end=2015, extended_to=2018
        ),
        "F1": undated(country=land["F"], generation=1),
        "G1": ActionPlanFactory(
            country=land["G"], generation=1, period_start=2010, period_end=2014
        ),
        "G2": undated(country=land["G"], generation=2, status=PlanStatus.EXPIRED),
        "H": ActionPlanFactory(country=land["H"], status=PlanStatus.WITHDRAWN),
        "I1": ActionPlanFactory(
            country=land["I"], generation=1, period_start=2015, period_end=2099
        ),
        "J": ActionPlanFactory(
            country=land["J"],
            status=PlanStatus.ANNOUNCED,
            adoption_date=None,
            adoption_precision="",
        ),
        "K": ActionPlanFactory(country=land["K"], publication=Publication.DRAFT),
        "L": ActionPlanFactory(country=land["L"], status=PlanStatus.EXPIRED, period_end=2030),
    }
    plans["F2"] = ActionPlanFactory(
        country=land["F"], generation=2, predecessor=plans["F1"], period_start=2013, period_end=2017
    )
    plans["I2"] = ActionPlanFactory(
        country=land["I"], generation=2, predecessor=plans["I1"], period_start=2021
    )
    return land, plans


def made_up(entries, land):
    ours = {country.pk: name for name, country in land.items()}
    return {ours[e.country.pk]: e for e in entries if e.country.pk in ours}


def test_countries_in_force_and_end_unknown_by_hand(lands):
    land, plans = lands
    overview = national_overview(AnonymousUser(), year=YEAR)
    in_force = made_up(overview["countries_in_force"], land)
    assert list(in_force) == ["A", "B", "C", "I"]  # by name; I's first plan is superseded
    assert in_force["A"].current_plans == [plans["A"]]
    assert in_force["C"].current_plans == [plans["C1"], plans["C2"]]
    assert in_force["I"].current_plans == [plans["I2"]]
    statuses = {name: entry.status for name, entry in in_force.items()}
    assert statuses == {
        "A": "in_force",
        "B": "in_force_end_unknown",
        "C": "in_force",  # one of its two plans records an end
        "I": "in_force",
    }
    assert list(made_up(overview["countries_end_unknown"], land)) == ["B"]


def test_lapsed_countries_with_their_last_plan_and_year_by_hand(lands):
    land, plans = lands
    overview = national_overview(AnonymousUser(), year=YEAR)
    lapsed = made_up(overview["lapsed_countries"], land)
    found = {name: (entry.last_plan, entry.since) for name, entry in lapsed.items()}
    assert found == {
        "D": (plans["D2"], 2015),
        "E": (plans["E"], 2019),  # extended to 2018
        "F": (plans["F2"], 2018),  # its undated first plan, superseded, goes before F2
        "G": (plans["G2"], None),  # an undated later plan goes last: no known end
        "H": (None, None),  # withdrawn: never in force
        "L": (plans["L"], None),  # recorded expired before its stated end of 2030
    }
    assert all(entry.status == "lapsed" and entry.current_plans == [] for entry in lapsed.values())


def test_drafts_count_only_for_who_may_see_them(lands):
    land, plans = lands
    public = national_overview(AnonymousUser(), year=YEAR)
    coordinator = CoordinatorFactory(country=land["K"]).user
    theirs = national_overview(coordinator, year=YEAR)
    assert "K" not in made_up(public["countries_in_force"], land)
    assert made_up(theirs["countries_in_force"], land)["K"].current_plans == [plans["K"]]
    assert "J" not in made_up(theirs["countries_in_force"] + theirs["lapsed_countries"], land)


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2019, YEAR])
def test_home_and_analysis_agree_on_the_real_data(year):
    overview = national_overview(AnonymousUser(), year=year)
    statuses = national_statuses(AnonymousUser(), year=year)

    def by_country(entries):
        return [(e.country.iso3, e.status, e.current_plans, e.last_plan, e.since) for e in entries]

    in_force = [s for s in statuses if s.status in ("in_force", "in_force_end_unknown")]
    assert in_force
    assert by_country(overview["countries_in_force"]) == by_country(in_force)
    lapsed = [s for s in statuses if s.status == "lapsed"]
    assert lapsed
    assert by_country(overview["lapsed_countries"]) == by_country(lapsed)
