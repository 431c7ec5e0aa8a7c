"""People and plans around the calendar: a Kenyan plan with a reporting cycle, a
coordinator, an agency reporter, a moderator, an ordinary signed-in person, and a
Ugandan draft plan whose deadlines only its own coordinator may see."""

import datetime

import pytest

from naptrack.events import services
from naptrack.registry.choices import Publication
from naptrack.registry.models import Country
from tests.factories import people
from tests.factories.accounts import AgencyFactory
from tests.factories.plans import (
    ActionFactory,
    ObjectiveFactory,
    PlanPillarFactory,
    ResponsibilityFactory,
)
from tests.factories.registry import ActionPlanFactory
from tests.factories.reporting import ReportingCycleFactory

DRAFT_MARKER = "Zebrafinch draft plan"


@pytest.fixture
def calendar_plan(kenya):
    return ActionPlanFactory(
        country=kenya, title="Kenya calendar test plan", period_start=2024, period_end=2026
    )


@pytest.fixture
def calendar_cycle(calendar_plan):
    return ReportingCycleFactory(
        plan=calendar_plan,
        label="2026-H1",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        due_date=datetime.date(2026, 7, 31),
    )


@pytest.fixture
def agency(kenya):
    return AgencyFactory(name="Ministry of Gender (calendar test)", country=kenya)


@pytest.fixture
def reporter(calendar_plan, agency):
    pillar = PlanPillarFactory(plan=calendar_plan)
    action = ActionFactory(objective=ObjectiveFactory(pillar=pillar))
    ResponsibilityFactory(action=action, agency=agency, role="lead")
    return people.reporter_for(agency)


@pytest.fixture
def uganda_draft(db):
    """A draft plan: its deadlines are Uganda's coordinator's, nobody else's."""
    plan = ActionPlanFactory(
        country=Country.objects.get(iso3="UGA"),
        title=DRAFT_MARKER,
        publication=Publication.DRAFT,
        period_start=2025,
        period_end=2026,
    )
    ReportingCycleFactory(
        plan=plan,
        label="Zebrafinch cycle",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        due_date=datetime.date(2026, 4, 30),
    )
    return plan


def submit(actor, **fields):
    """An event with sensible defaults: a one-day meeting in Nairobi, 9:00 to 17:00."""
    values = {
        "title": "Calendar test meeting",
        "kind": "regional_meeting",
        "time_zone": "Africa/Nairobi",
        "start_date": datetime.date(2026, 3, 10),
        "start_time": datetime.time(9, 0),
        "end_time": datetime.time(17, 0),
        "location": "Nairobi",
        "organizer_name": "Calendar test organizer",
        "languages": ["en", "sw"],
    }
    return services.event_submit(actor=actor, **{**values, **fields})
