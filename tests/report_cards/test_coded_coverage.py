"""The coverage of the platform's coding (issue 10): which plans it targets, what it counts."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from naptrack.registry.models import ActionPlan
from naptrack.report_cards.selectors import coded_coverage
from tests.factories.registry import ActionPlanFactory, PlanFactFactory
from tests.report_cards.conftest import card_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_other_plans():
    """The test database holds the shipped reference plans; these tests count their own."""
    ActionPlan.objects.all().delete()


DESIGN_FACTS = [
    ("cso_drafting", "yes"),
    ("lead_agency", "Ministry of Foreign Affairs"),
    ("monitoring_framework", "yes"),
    ("budget", "not_allocated"),
    ("cso_monitoring", "yes"),
    ("theme_disarmament", "yes"),
]


def reference_plan(key: str, **fields):
    return ActionPlanFactory(reference_key=key, **fields)


def test_coverage_targets_plans_in_force_and_plans_since_2015():
    in_force = reference_plan("NAP:AAA:g1", adoption_date=datetime.date(2010, 1, 1))
    recent = reference_plan(
        "NAP:BBB:g1", adoption_date=datetime.date(2016, 1, 1), period_start=2016, period_end=2018
    )
    reference_plan(
        "NAP:CCC:g1", adoption_date=datetime.date(2010, 1, 1), period_start=2010, period_end=2012
    )
    ActionPlanFactory(reference_key="")  # made on the platform, not reference data
    keys = {row.plan.reference_key for row in coded_coverage(AnonymousUser())}
    assert keys == {in_force.reference_key, recent.reference_key}


def test_coverage_counts_criteria_themes_once_and_reads_the_design_grade():
    plan = reference_plan("NAP:AAA:g1")
    for code, value in [*DESIGN_FACTS, ("theme_climate", "yes")]:
        PlanFactFactory(plan=plan, code=code, value=value)
    card = card_of(plan)
    (row,) = coded_coverage(AnonymousUser())
    assert row.known == (
        "lead_agency",
        "budget",
        "monitoring_framework",
        "cso_drafting",
        "cso_monitoring",
        "themes",
    )
    assert "official_title" in row.missing and "themes" not in row.missing
    # The lead agency speaks to ownership and to the security sector: seven known.
    assert row.design_known == 7 and row.design_grade == card.design_grade != ""


def test_coverage_command_prints_each_plan_and_the_totals():
    graded = reference_plan("NAP:AAA:g1")
    for code, value in DESIGN_FACTS:
        PlanFactFactory(plan=graded, code=code, value=value)
    card_of(graded)
    reference_plan("NAP:BBB:g1")  # no card yet, nothing coded
    out = StringIO()
    call_command("coded_coverage", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("NAP:BBB:g1\t0/10\tno card")
    assert lines[1].startswith("NAP:AAA:g1\t6/10\tdesign 7 known, grade ")
    assert lines[-1] == (
        "2 target plan(s) (2 in force); 1 with coded facts; 6 of 20 criteria known; "
        "1 graded on design."
    )
