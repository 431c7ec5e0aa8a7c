"""A Kenyan contract with a security company, and the people around it: Kenya's
coordinator and a member of the signing ministry (the contracting authority), Uganda's
coordinator, a member of another Kenyan ministry, a CSO member, a moderator, an analyst."""

import pytest

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.contractors.models import ChecklistItem
from tests.accounts.people import clear_rate_limits_and_used_codes, person
from tests.factories.accounts import AgencyFactory, CsoFactory
from tests.factories.contractors import ContractFactory, ContractorFactory

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
    return person(Role.COORDINATOR, totp=True, country=kenya)


@pytest.fixture
def ministry_member(defence):
    return person(Role.AGENCY_REPORTER, organization=defence)


@pytest.fixture
def other_ministry_member(kenya):
    police = AgencyFactory(name="Police (contract test)", country=kenya)
    return person(Role.AGENCY_REPORTER, organization=police)


@pytest.fixture
def uganda_coordinator():
    from naptrack.registry.models import Country

    return person(Role.COORDINATOR, totp=True, country=Country.objects.get(iso3="UGA"))


@pytest.fixture
def cso(kenya):
    return CsoFactory(name=SECRET_ORG, kind=OrganizationKind.CSO)


@pytest.fixture
def cso_member(cso):
    from naptrack.accounts.models import User

    user = person(Role.CSO_MEMBER, organization=cso)
    User.objects.filter(pk=user.pk).update(display_name=SECRET_NAME)
    user.refresh_from_db()
    return user


@pytest.fixture
def other_cso_member(kenya):
    return person(Role.CSO_MEMBER, organization=CsoFactory(name="Another CSO (test)"))


@pytest.fixture
def moderator():
    return person(Role.MODERATOR, totp=True)


@pytest.fixture
def analyst():
    return person(Role.ANALYST)


@pytest.fixture
def platform_admin():
    return person(Role.PLATFORM_ADMIN, totp=True)
