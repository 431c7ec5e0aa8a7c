"""A Kenyan contract with a security company, and the people around it: Kenya's
coordinator and a member of the signing ministry (the contracting authority), Uganda's
coordinator, a member of another Kenyan ministry, a CSO member, a moderator, an analyst."""

import pytest

from naptrack.accounts.choices import OrganizationKind
from naptrack.contractors.models import ChecklistItem
from tests.factories import people
from tests.factories.accounts import AgencyFactory, CsoFactory
from tests.factories.contractors import ContractFactory, ContractorFactory
from tests.factories.people import clear_rate_limits_and_used_codes

SECRET_ORG = "Kakuma Survivors Circle"
SECRET_NAME = "Achieng Hiddenname"
PSEUDONYM = "Women Watching Contractors"


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    clear_rate_limits_and_used_codes()
    yield
    clear_rate_limits_and_used_codes()


@pytest.fixture
def defence(kenya):
    return AgencyFactory(name="Ministry of Defence (contract test)", country=kenya)


@pytest.fixture
def contractor(kenya):
    return ContractorFactory(name="Savanna Guarding Services (test)")


@pytest.fixture
def contract(contractor, defence, kenya):
    return ContractFactory(contractor=contractor, authority_body=defence, title="Camp guarding")


@pytest.fixture
def item():
    return ChecklistItem.objects.get(version__number=1, code="staff_vetting")


@pytest.fixture
def coordinator(kenya):
    return people.coordinator_of(kenya)


@pytest.fixture
def ministry_member(defence):
    return people.reporter_for(defence)


@pytest.fixture
def other_ministry_member(kenya):
    police = AgencyFactory(name="Police (contract test)", country=kenya)
    return people.reporter_for(police)


@pytest.fixture
def uganda_coordinator():
    return people.coordinator_of("UGA")


@pytest.fixture
def cso(kenya):
    return CsoFactory(name=SECRET_ORG, kind=OrganizationKind.CSO)


@pytest.fixture
def cso_member(cso):
    return people.cso_member(cso, display_name=SECRET_NAME)


@pytest.fixture
def other_cso_member(kenya):
    return people.cso_member(CsoFactory(name="Another CSO (test)"))


@pytest.fixture
def moderator():
    return people.moderator()


@pytest.fixture
def analyst():
    return people.analyst()


@pytest.fixture
def platform_admin():
    return people.platform_admin()
