"""A Kenyan plan being drafted (its registry entry public), with two objectives and
three actions, and the people around a consultation on it: the coordinator, another
country's coordinator, a moderator, members of an invited and of an uninvited CSO, a
signed-in person with a display name, and an anonymous commenter whose identity is the
secret that must never reach the public."""

import datetime

import pytest

from naptrack.accounts.choices import OrganizationKind
from naptrack.consultations import services
from naptrack.registry.choices import PlanStatus
from tests.factories import people
from tests.factories.accounts import OrganizationFactory
from tests.factories.plans import ActionFactory, ObjectiveFactory, PlanPillarFactory
from tests.factories.registry import ActionPlanFactory

SECRET_NAME = "Akinyi Hiddenname"
SECRET_EMAIL = "akinyi.hidden@example.org"
SECRET_CONTACT = "visitor.contact.secret@example.org"
TODAY = datetime.date.today()


@pytest.fixture
def consultation_plan(kenya):
    return ActionPlanFactory(
        country=kenya,
        title="Kenya third NAP (draft for consultation)",
        status=PlanStatus.DRAFTING,
        adoption_date=None,
        adoption_precision="",
    )


@pytest.fixture
def consultation_structure(consultation_plan):
    pillar = PlanPillarFactory(plan=consultation_plan, name="Participation", position=1)
    first = ObjectiveFactory(pillar=pillar, code="1", title="Women in local peace committees")
    second = ObjectiveFactory(pillar=pillar, code="2", title="Safe reporting of violence")
    return {
        "1": first,
        "2": second,
        "1.1": ActionFactory(objective=first, code="1.1", title="Train women mediators"),
        "1.2": ActionFactory(objective=first, code="1.2", title="Quota in county committees"),
        "2.1": ActionFactory(objective=second, code="2.1", title="Open gender desks"),
    }


@pytest.fixture
def invited_org(kenya):
    return OrganizationFactory(
        name="Turkana Women Forum (test)", kind=OrganizationKind.CSO, country=kenya
    )


@pytest.fixture
def invited_cso_member(invited_org):
    return people.cso_member(invited_org)


@pytest.fixture
def signed_in_person(db):
    return people.person(user={"display_name": "Grace Named"})


@pytest.fixture
def secret_commenter(db):
    """A signed-in person who comments anonymously: her name and email stay hidden."""
    return people.analyst(email=SECRET_EMAIL, display_name=SECRET_NAME)


def prepare(coordinator, plan, **fields):
    defaults = {
        "title": "Have your say on the third NAP",
        "description": "Tell us what the draft misses.",
        "opens_on": TODAY,
        "closes_on": TODAY + datetime.timedelta(days=30),
        "languages": ["en", "sw"],
        "questions": ["What is missing?", "Which action matters most to you?"],
    }
    return services.consultation_create(actor=coordinator, plan=plan, **{**defaults, **fields})


@pytest.fixture
def draft_consultation(kenya_coordinator, consultation_plan, consultation_structure):
    return prepare(kenya_coordinator, consultation_plan)


@pytest.fixture
def consultation(kenya_coordinator, draft_consultation):
    return services.consultation_open(actor=kenya_coordinator, consultation=draft_consultation)


@pytest.fixture
def facilitator(kenya_coordinator, consultation):
    user = people.person(user={"display_name": "Field Facilitator"})
    services.facilitator_add(actor=kenya_coordinator, consultation=consultation, user=user)
    return user
