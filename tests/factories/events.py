"""The calendar."""

import datetime

import factory
from factory.django import DjangoModelFactory

from naptrack.accounts.models import ApiToken
from tests.factories.accounts import UserFactory


class EventFactory(DjangoModelFactory):
    """A published one-day meeting in Nairobi; submit through the services to test the
    workflow."""

    class Meta:
        model = "events.Event"

    title = factory.Sequence(lambda n: f"Calendar test meeting {n}")
    kind = "regional_meeting"
    starts_at = datetime.datetime(2026, 3, 10, 6, 0, tzinfo=datetime.UTC)
    ends_at = datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC)
    time_zone = "Africa/Nairobi"
    location = "Nairobi"
    organizer_name = "Calendar test organizer"
    state = "published"
    moderated_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class CalendarFeedTokenFactory(DjangoModelFactory):
    class Meta:
        model = "events.CalendarFeedToken"

    user = factory.SubFactory(UserFactory)
    digest = factory.Sequence(lambda n: ApiToken.digest_of(f"feed-{n}"))
    prefix = factory.Sequence(lambda n: f"feed{n}"[:8])
