"""People around a Kenya–Uganda partnership: each side's coordinator, Tanzania's
coordinator (a third country), a moderator, a platform admin and a CSO member."""

import pytest

from naptrack.registry.models import Country
from naptrack.twinning import services
from tests.factories import people
from tests.factories.people import person

SECRET_TITLE = "Quetzal twinning proposal"


@pytest.fixture
def uganda(db):
    return Country.objects.get(iso3="UGA")


@pytest.fixture
def tanzania(db):
    return Country.objects.get(iso3="TZA")


@pytest.fixture
def kenya_coordinator(kenya):
    return people.coordinator_of(kenya)


@pytest.fixture
def uganda_coordinator(uganda):
    return people.coordinator_of(uganda)


@pytest.fixture
def tanzania_coordinator(tanzania):
    return people.coordinator_of(tanzania)


@pytest.fixture
def moderator(db):
    return people.moderator()


@pytest.fixture
def platform_admin(db):
    return people.platform_admin()


@pytest.fixture
def member(db):
    return person()


def propose(actor, countries, **fields):
    values = {"title": SECRET_TITLE, "aims": "Share how Kenya monitors its plan."}
    return services.partnership_propose(actor=actor, countries=countries, **{**values, **fields})


@pytest.fixture
def proposal(kenya_coordinator, kenya, uganda):
    return propose(kenya_coordinator, [kenya, uganda])


@pytest.fixture
def agreed(proposal, uganda_coordinator):
    return services.partnership_agree(actor=uganda_coordinator, partnership=proposal)
