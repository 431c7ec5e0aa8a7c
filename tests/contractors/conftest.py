"""A Kenyan contract with a security company, and the people around it: Kenya's
coordinator and a member of the signing ministry (the contracting authority), Uganda's
coordinator, a member of another Kenyan ministry, a CSO member, a moderator, an analyst."""

import pytest

from naptrack.accounts.choices import OrganizationKind
from naptrack.contractors.models import ChecklistItem
from tests.factories import people
from tests.factories.accounts import AgencyFactory, CsoFactory
from tests.factories.contractors import ContractFactory, ContractorFactory

SECRET_ORG = "Kakuma Survivors Circle"
SECRET_NAME = "Achieng Hiddenname"
PSEUDONYM = "Women Watching Contractors"


@pytest.fixture
def contract_defence(kenya):
    return AgencyFactory(name="Ministry of Defence (contract test)", country=kenya)


@pytest.fixture
def contractor(kenya):
    return ContractorFactory(name="Savanna Guarding Services (test)")


@pytest.fixture
def contract(contractor, contract_defence, kenya):
    return ContractFactory(
        contractor=contractor, authority_body=contract_defence, title="Camp guarding"
    )


@pytest.fixture
def item():
    return ChecklistItem.objects.get(version__number=1, code="staff_vetting")


@pytest.fixture
def ministry_member(contract_defence):
    return people.reporter_for(contract_defence)


@pytest.fixture
def other_ministry_member(kenya):
    police = AgencyFactory(name="Police (contract test)", country=kenya)
    return people.reporter_for(police)


@pytest.fixture
def contract_cso(kenya):
    return CsoFactory(name=SECRET_ORG, kind=OrganizationKind.CSO)


@pytest.fixture
def contract_cso_member(contract_cso):
    return people.cso_member(contract_cso, display_name=SECRET_NAME)
