"""Twinning partnerships between countries."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests.factories.registry import kenya


class PartnershipFactory(DjangoModelFactory):
    """A proposed partnership with no sides; add PartnerFactory rows, or go through the
    services to test the workflow."""

    class Meta:
        model = "twinning.Partnership"

    title = factory.Sequence(lambda n: f"Twinning test partnership {n}")
    aims = "Learn from each other's monitoring."


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = "twinning.Partner"

    partnership = factory.SubFactory(PartnershipFactory)
    country = factory.LazyFunction(kenya)


class ExchangeFactory(DjangoModelFactory):
    class Meta:
        model = "twinning.Exchange"

    partnership = factory.SubFactory(PartnershipFactory, status="agreed")
    kind = "workshop"
    title = factory.Sequence(lambda n: f"Twinning test workshop {n}")
    happened_on = datetime.date(2026, 2, 1)


class SuggestionOptOutFactory(DjangoModelFactory):
    class Meta:
        model = "twinning.SuggestionOptOut"

    country = factory.LazyFunction(kenya)
