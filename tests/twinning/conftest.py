"""A Kenya–Uganda partnership and Tanzania's coordinator (a third country). Each side's
coordinator, the moderator, the platform admin and a member without a role come from
tests/conftest.py."""

import pytest

from naptrack.registry.models import Country
from naptrack.twinning import services
from tests.factories import people

SECRET_TITLE = "Quetzal twinning proposal"


@pytest.fixture
def tanzania(db):
    return Country.objects.get(iso3="TZA")


@pytest.fixture
def tanzania_coordinator(tanzania):
    return people.coordinator_of(tanzania)


def propose(actor, countries, **fields):
    values = {"title": SECRET_TITLE, "aims": "Share how Kenya monitors its plan."}
    return services.partnership_propose(actor=actor, countries=countries, **{**values, **fields})


@pytest.fixture
def proposal(kenya_coordinator, kenya, uganda):
    return propose(kenya_coordinator, [kenya, uganda])


@pytest.fixture
def agreed(proposal, uganda_coordinator):
    return services.partnership_agree(actor=uganda_coordinator, partnership=proposal)


@pytest.fixture
def asean(db):
    from naptrack.registry.models import RegionalOrganization

    return RegionalOrganization.objects.get(slug="asean")


@pytest.fixture
def au_coordinator(african_union):
    """A coordinator for the African Union (a regional body), with two-factor set up."""
    return people.coordinator_of(african_union)
