"""The register of private contractors."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests.factories.accounts import CsoFactory
from tests.factories.registry import kenya


def _checklist_item(code: str = "staff_vetting"):
    from naptrack.contractors.models import ChecklistItem

    return ChecklistItem.objects.get(version__number=1, code=code)


class ContractorFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.Contractor"

    name = factory.Sequence(lambda n: f"Test Security Company {n}")
    country_of_registration = factory.LazyFunction(kenya)


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.Contract"

    contractor = factory.SubFactory(ContractorFactory)
    authority_country = factory.LazyFunction(kenya)
    country_of_operation = factory.LazyFunction(kenya)
    title = factory.Sequence(lambda n: f"Guarding of a test site {n}")
    services = "Static guarding of a test site."
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2026, 12, 31)


class ChecklistVersionFactory(DjangoModelFactory):
    """A draft version numbered after the reference version 1."""

    class Meta:
        model = "contractors.ChecklistVersion"

    number = factory.Sequence(lambda n: n + 100)


class ChecklistItemFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.ChecklistItem"

    version = factory.SubFactory(ChecklistVersionFactory)
    code = factory.Sequence(lambda n: f"item-{n}")
    label = factory.Sequence(lambda n: f"Test item {n}")


class ChecklistAnswerFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.ChecklistAnswer"

    contract = factory.SubFactory(ContractFactory)
    item = factory.LazyFunction(_checklist_item)
    answer = "yes"
    answered_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class AnswerEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.AnswerEvidence"

    answer = factory.SubFactory(ChecklistAnswerFactory)
    url = "https://example.org/vetting-policy"
    description = "Vetting policy"


class ContractChallengeFactory(DjangoModelFactory):
    """Submitted, awaiting moderation."""

    class Meta:
        model = "contractors.Challenge"

    answer = factory.SubFactory(ChecklistAnswerFactory)
    author = factory.SubFactory(CsoFactory)
    claimed_answer = "no"
    text = "Staff on this site were not vetted."


class ChallengeEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.ChallengeEvidence"

    challenge = factory.SubFactory(ContractChallengeFactory)
    url = "https://example.org/testimony"
    description = "Public testimony"


class IncidentFactory(DjangoModelFactory):
    """Recorded, not published."""

    class Meta:
        model = "contractors.Incident"

    contract = factory.SubFactory(ContractFactory)
    year = 2025
    incident_type = "sexual_harassment"
