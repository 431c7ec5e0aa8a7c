import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.core.selectors import activities_for
from naptrack.events import services
from naptrack.events.models import Event
from tests.events.conftest import submit

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def test_submit_stores_utc_and_the_events_zone(member):
    event = submit(member)
    assert event.state == "submitted"
    # Nairobi is UTC+3 all year.
    assert event.starts_at == datetime.datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
    assert event.ends_at == datetime.datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    assert event.time_zone == "Africa/Nairobi" and not event.all_day
    assert event.languages == ["en", "sw"]
    assert [a.verb for a in activities_for(event)] == ["event.submitted"]


def test_all_day_event_ends_at_midnight_after_its_last_day(member):
    event = submit(
        member,
        time_zone="America/New_York",
        start_date=datetime.date(2026, 3, 9),
        end_date=datetime.date(2026, 3, 19),
        start_time=None,
        end_time=None,
    )
    assert event.all_day
    assert event.local_start == datetime.datetime(2026, 3, 9, tzinfo=event.zone)
    # New York moves to summer time on 8 March 2026: the end is 04:00 UTC, the start 05:00.
    assert event.starts_at == datetime.datetime(2026, 3, 9, 4, 0, tzinfo=UTC)
    assert event.ends_at == datetime.datetime(2026, 3, 20, 4, 0, tzinfo=UTC)


def test_moderators_events_are_published_directly(moderator):
    event = submit(moderator)
    assert event.state == "published" and event.moderated_by == moderator
    assert [a.verb for a in activities_for(event)] == ["event.published"]


def test_moderator_publishes_a_submission_once(member, moderator):
    event = services.event_publish(actor=moderator, event=submit(member))
    assert event.state == "published" and event.moderated_at is not None
    assert [a.verb for a in activities_for(event)] == ["event.published", "event.submitted"]
    with pytest.raises(ValidationError, match="already published"):
        services.event_publish(actor=moderator, event=event)


def test_reject_needs_a_reason_and_records_it(member, moderator):
    event = submit(member)
    with pytest.raises(ValidationError, match="Say why"):
        services.event_reject(actor=moderator, event=event, reason="  ")
    event = services.event_reject(actor=moderator, event=event, reason="Duplicate entry")
    assert event.state == "rejected"
    changes = activities_for(event).first().changes
    assert changes["rejection_reason"]["after"] == "Duplicate entry"


@pytest.mark.parametrize("who", ["member", "kenya_coordinator", "reporter"])
def test_only_moderators_moderate(request, who, member):
    actor = request.getfixturevalue(who)
    event = submit(member)
    with pytest.raises(PermissionDenied):
        services.event_publish(actor=actor, event=event)
    with pytest.raises(PermissionDenied):
        services.event_reject(actor=actor, event=event, reason="No")
    assert Event.objects.get(pk=event.pk).state == "submitted"


def test_anonymous_cannot_submit():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        submit(AnonymousUser())
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"languages": ["en", "xx"]}, "languages"),
        ({"kind": "plan_end"}, "kind"),
        ({"location": "", "online_url": ""}, None),
        ({"organizer_name": ""}, None),
        ({"end_date": datetime.date(2026, 3, 9)}, "end_date"),
        ({"end_time": None}, "end_time"),
        ({"title": " "}, "title"),
    ],
)
def test_bad_input_names_the_problem_and_writes_nothing(member, fields, field):
    with pytest.raises(ValidationError) as error:
        submit(member, **fields)
    if field:
        assert field in error.value.message_dict
    assert not Event.objects.exists()


def test_only_published_plans_can_be_linked(member, uganda_draft, calendar_plan):
    with pytest.raises(ValidationError, match="Only published plans"):
        submit(member, plans=[calendar_plan, uganda_draft])
    assert not Event.objects.exists()
    assert list(submit(member, plans=[calendar_plan]).plans.all()) == [calendar_plan]


def test_feed_token_create_replaces_the_live_one_and_revoke_is_recorded(member):
    first, raw = services.calendar_feed_token_create(actor=member)
    second, _raw = services.calendar_feed_token_create(actor=member)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    assert first.digest == first.digest_of(raw) and raw not in first.digest
    services.calendar_feed_token_revoke(actor=member, token=second)
    verbs = [a.verb for a in activities_for(second)]
    assert verbs == ["calendar_feed_token.revoked", "calendar_feed_token.created"]
    with pytest.raises(ValidationError, match="already revoked"):
        services.calendar_feed_token_revoke(actor=member, token=second)


def test_nobody_else_revokes_a_feed_token(member, moderator):
    token, _raw = services.calendar_feed_token_create(actor=member)
    with pytest.raises(PermissionDenied):
        services.calendar_feed_token_revoke(actor=moderator, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None
