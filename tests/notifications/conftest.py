"""The reporting tests' Kenyan plan (two actions, an agency each, the 2025 cycle open)
with the people around it, plus a second Kenyan coordinator, civil society, a follower
of Kenya and outsiders. Events run their commit callbacks (`committed`), as a real
request's commit would, so the notifications task runs on the immediate backend."""

import pytest
from django.core import mail

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.core.models import Activity
from naptrack.notifications.models import Notification
from tests.factories import people
from tests.factories.accounts import OrganizationFactory
from tests.factories.notifications import FollowFactory
from tests.factories.people import person
from tests.reporting.conftest import (  # noqa: F401
    agency_a,
    agency_b,
    reporter_a,
    reporter_b,
    reporting_cycle,
    reporting_plan,
    reporting_structure,
    update_a,
    update_b,
)


@pytest.fixture
def co_coordinator(kenya):
    return people.coordinator_of(kenya)


@pytest.fixture
def notified_cso(kenya):
    return OrganizationFactory(name="Nairobi Peace Women (test)", kind=OrganizationKind.CSO)


@pytest.fixture
def notified_cso_member(notified_cso):
    return people.cso_member(notified_cso)


@pytest.fixture
def cso_colleague(notified_cso):
    return people.cso_member(notified_cso)


@pytest.fixture
def partner(kenya):
    return OrganizationFactory(name="Mombasa Mediators (test)", kind=OrganizationKind.CSO)


@pytest.fixture
def partner_member(partner):
    return people.cso_member(partner)


@pytest.fixture
def follower(kenya):
    """Follows Kenya, holds no role."""
    user = person()
    FollowFactory(user=user, country=kenya)
    return user


@pytest.fixture
def unconcerned_people(db):
    """People with roles elsewhere or none: no event on Kenya's plan concerns them."""
    uganda = OrganizationFactory(kind=OrganizationKind.GOVERNMENT_AGENCY, name="UPDF (test)")
    return [
        person(),
        people.analyst(),
        person(Role.MODERATOR),
        people.reporter_for(uganda),
        people.cso_member(OrganizationFactory(name="Elsewhere CSO (test)")),
    ]


def told(verb: str) -> dict:
    """{person: reason} notified of the latest `verb` event."""
    activity = Activity.objects.filter(verb=verb).order_by("-created_at", "-id").first()
    assert activity is not None, f"no {verb} event was recorded"
    rows = Notification.objects.filter(activity=activity).select_related("recipient")
    return {row.recipient: row.reason for row in rows}


def mailed_to(person) -> list:
    return [message for message in mail.outbox if person.email in message.to]
