"""Countries, regions, resolutions and the registry's plans. Countries, regions and
organizations come from the reference data every test database holds; factories look them
up by default."""

import datetime

import factory
from factory.django import DjangoModelFactory

from naptrack.registry.choices import DatePrecision, Origin, PlanStatus, Publication
from naptrack.registry.models import (
    ActionPlan,
    Citation,
    Country,
    Pillar,
    PlanFact,
    Region,
    RegionalOrganization,
    Resolution,
    StandardIndicator,
)


def kenya():
    """Kenya, from the reference data: made-up countries run out (CountryFactory's 20th
    code is QAT, Qatar's)."""
    return Country.objects.get(iso3="KEN")


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    m49 = factory.Sequence(lambda n: f"{900 + n % 99}")
    name = factory.Sequence(lambda n: f"Test region {n}")
    level = 1


class CountryFactory(DjangoModelFactory):
    """A made-up territory for tests that need a country with no reference plans."""

    class Meta:
        model = Country

    # QMA-QZZ are ISO 3166 user-assigned codes: no real country can clash with them.
    iso3 = factory.Sequence(lambda n: f"Q{chr(77 + n // 26 % 14)}{chr(65 + n % 26)}")
    iso2 = ""
    name = factory.Sequence(lambda n: f"Testland {n}")
    region = factory.LazyFunction(lambda: Region.objects.get(m49="002"))
    subregion = factory.LazyFunction(lambda: Region.objects.get(m49="202"))
    un_member = False
    source = "test fixture"


# Kept as a name some tests use; CountryFactory itself now uses user-assigned codes.
MadeUpCountryFactory = CountryFactory


class RegionalOrganizationFactory(DjangoModelFactory):
    class Meta:
        model = RegionalOrganization

    slug = factory.Sequence(lambda n: f"test-org-{n}")
    short_name = factory.Sequence(lambda n: f"TO{n}")
    name = factory.Sequence(lambda n: f"Test Organization {n}")
    data_name = factory.Sequence(lambda n: f"Test Organization {n} (data)")


class ResolutionFactory(DjangoModelFactory):
    class Meta:
        model = Resolution

    number = factory.Sequence(lambda n: 9000 + n)
    year = 2030
    summary = "Test resolution"
    source_url = "https://example.org/resolution"


class PillarFactory(DjangoModelFactory):
    class Meta:
        model = Pillar

    code = factory.Sequence(lambda n: f"test-pillar-{n}")
    name = factory.Sequence(lambda n: f"Test pillar {n}")
    description = "Test pillar"
    position = factory.Sequence(lambda n: 100 + n)
    source_url = "https://example.org/pillar"


class StandardIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = StandardIndicator

    number = factory.Sequence(lambda n: f"T{n}")
    short_name = "Test indicator"
    pillar = factory.LazyFunction(lambda: Pillar.objects.get(code="participation"))
    source_url = "https://example.org/indicator"


class ActionPlanFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlan
        skip_postgeneration_save = True

    country = factory.SubFactory(CountryFactory)
    generation = 1
    title = factory.Sequence(lambda n: f"Test plan {n}")
    status = PlanStatus.ADOPTED
    publication = Publication.PUBLISHED
    origin = Origin.PLATFORM
    adoption_date = datetime.date(2020, 3, 8)
    adoption_precision = DatePrecision.DAY
    period_start = 2020
    period_end = 2099


class CitationFactory(DjangoModelFactory):
    class Meta:
        model = Citation

    plan = factory.SubFactory(ActionPlanFactory)
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")


class PlanFactFactory(DjangoModelFactory):
    """A coded fact; pass code and value (default: civil society took part in drafting)."""

    class Meta:
        model = PlanFact

    plan = factory.SubFactory(ActionPlanFactory)
    code = "cso_drafting"
    value = "yes"
    source_url = factory.Sequence(lambda n: f"https://example.org/analysis/{n}")
    source_title = "Example country | 1325 National Action Plans"
    source_publisher = "WILPF PeaceWomen"
    quote = "Civil society took part in drafting the plan."
    confidence = "medium"
    coded_by = "platform"
    coded_on = datetime.date(2026, 12, 1)
