"""What people are told, and what they follow."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests.factories.accounts import UserFactory
from tests.factories.core import ActivityFactory
from tests.factories.registry import kenya


class EmailDeliveryFactory(DjangoModelFactory):
    """An email waiting to be sent now."""

    class Meta:
        model = "notifications.EmailDelivery"

    recipient = factory.SubFactory(UserFactory)
    kind = "immediate"
    next_attempt_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = "notifications.Notification"

    recipient = factory.SubFactory(UserFactory)
    activity = factory.SubFactory(ActivityFactory, verb="reporting.update.approved")
    family = "reporting"
    reason = "concerned"


class NotificationPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = "notifications.NotificationPreference"

    user = factory.SubFactory(UserFactory)
    family = "reporting"
    delivery = "daily"


class FollowFactory(DjangoModelFactory):
    """Following Kenya; pass plan= or regional_organization= (and country=None) instead."""

    class Meta:
        model = "notifications.Follow"

    user = factory.SubFactory(UserFactory)
    country = factory.LazyFunction(kenya)


class StoppedAddressFactory(DjangoModelFactory):
    """An address whose holder followed an email's stop link."""

    class Meta:
        model = "notifications.StoppedAddress"

    address = factory.Sequence(lambda n: f"stopped-{n}@example.invalid")
