"""A small Kenyan plan with two actions, each led by its own agency, and the people
around it: the plan's coordinator, a reporter per agency, and outsiders."""

import pytest

from tests.factories import people
from tests.factories.accounts import AgencyFactory
from tests.factories.plans import (
    ActionFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    ObjectiveFactory,
    PlanPillarFactory,
    ResponsibilityFactory,
)
from tests.factories.registry import ActionPlanFactory
from tests.factories.reporting import cycle_opened


@pytest.fixture
def reporting_plan(kenya):
    return ActionPlanFactory(
        country=kenya, title="Kenya reporting test plan", period_start=2025, period_end=2026
    )


@pytest.fixture
def agency_a(kenya):
    return AgencyFactory(name="Ministry of Defence (test)", country=kenya)


@pytest.fixture
def agency_b(kenya):
    return AgencyFactory(name="National Police Service (test)", country=kenya)


@pytest.fixture
def reporting_structure(reporting_plan, agency_a, agency_b):
    """Two actions: 1.1 led by agency A (an indicator by sex and location, target 2025),
    2.1 led by agency B and supported by A."""
    pillar = PlanPillarFactory(plan=reporting_plan, name="Participation")
    objective = ObjectiveFactory(pillar=pillar, code="1", title="More women in peace talks")
    first = ActionFactory(objective=objective, code="1.1", title="Train women mediators")
    second = ActionFactory(objective=objective, code="2.1", title="Open gender desks")
    ResponsibilityFactory(action=first, agency=agency_a, role="lead")
    ResponsibilityFactory(action=second, agency=agency_b, role="lead")
    ResponsibilityFactory(action=second, agency=agency_a, role="supporting")
    mediators = IndicatorFactory(
        action=first,
        code="1.1.a",
        name="Women mediators trained",
        unit="women",
        disaggregated_by_sex=True,
        disaggregated_by_location=True,
    )
    IndicatorTargetFactory(indicator=mediators, period="2025", value=50)
    desks = IndicatorFactory(action=second, code="2.1.a", name="Stations with a desk", unit="%")
    return {"first": first, "second": second, "mediators": mediators, "desks": desks}


@pytest.fixture
def reporter_a(agency_a):
    return people.reporter_for(agency_a)


@pytest.fixture
def reporter_b(agency_b):
    return people.reporter_for(agency_b)


@pytest.fixture
def reporting_cycle(reporting_plan, reporting_structure, kenya_coordinator):
    """The 2025 cycle, opened: three updates (A on 1.1, B on 2.1, A supporting 2.1)."""
    return cycle_opened(kenya_coordinator, reporting_plan)


def update_of(cycle, action, agency):
    return cycle.updates.get(action=action, agency=agency)


@pytest.fixture
def update_a(reporting_cycle, reporting_structure, agency_a):
    return update_of(reporting_cycle, reporting_structure["first"], agency_a)


@pytest.fixture
def update_b(reporting_cycle, reporting_structure, agency_b):
    return update_of(reporting_cycle, reporting_structure["second"], agency_b)


@pytest.fixture
def reporting_published(request):
    """The 2025 cycle's official report, published (see tests/reporting/outputs_fixtures.py)."""
    from tests.reporting.outputs_fixtures import published_report

    return published_report(request)
