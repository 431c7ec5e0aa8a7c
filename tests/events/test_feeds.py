"""The .ics feeds, parsed back with icalendar: events, times and zones, stable UIDs, and
no unpublished event or private deadline in any feed it does not belong to."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from naptrack.events import services
from tests.events.conftest import DRAFT_MARKER, submit
from tests.factories.people import signed_in

pytestmark = pytest.mark.django_db
WINDOW = {"from": "2026-01-01", "to": "2026-12-31"}
SUBMITTED_MARKER = "Quokka unmoderated gathering"
REJECTED_MARKER = "Pangolin rejected gathering"


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def feed(client, **query):
    return parse(client.get(reverse("events:feed"), {**WINDOW, **query}))


def test_feed_carries_events_with_their_zone_and_deadlines_as_dates(
    client, moderator, calendar_cycle
):
    event = submit(moderator, title="Zone check", time_zone="Europe/Paris")
    found = vevents(feed(client))
    vevent = found[f"event-{event.pk}@naptrack"]
    start = vevent.decoded("dtstart")
    assert start == datetime.datetime(2026, 3, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    assert vevent["dtstart"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("dtend").astimezone(datetime.UTC).hour == 16
    assert vevent.decoded("dtstamp").tzinfo is not None
    assert str(vevent["summary"]) == "Zone check"
    due = found[f"reporting-cycle-{calendar_cycle.pk}-due@naptrack"]
    assert due.decoded("dtstart") == datetime.date(2026, 7, 31)
    assert due.decoded("dtend") == datetime.date(2026, 8, 1)
    assert str(due["url"]).endswith(calendar_cycle.get_absolute_url())


def test_feed_includes_the_timezone_definition(client, moderator):
    submit(moderator, time_zone="America/Bogota")
    calendar = feed(client)
    assert "America/Bogota" in {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")}


def test_all_day_event_spans_its_days_in_the_feed(client, moderator):
    event = submit(
        moderator,
        kind="csw",
        time_zone="America/New_York",
        start_date=datetime.date(2026, 3, 9),
        end_date=datetime.date(2026, 3, 19),
        start_time=None,
        end_time=None,
    )
    vevent = vevents(feed(client))[f"event-{event.pk}@naptrack"]
    assert vevent.decoded("dtstart") == datetime.date(2026, 3, 9)
    assert vevent.decoded("dtend") == datetime.date(2026, 3, 20)


def test_uids_are_stable_across_reads(client, moderator, calendar_cycle):
    submit(moderator)
    assert set(vevents(feed(client))) == set(vevents(feed(client)))


def test_feed_filters_like_the_list(client, moderator, calendar_plan, calendar_cycle):
    kenyan = submit(moderator, title="Kenyan event", countries=[calendar_plan.country])
    other = submit(moderator, title="Unlinked event")
    uids = set(vevents(feed(client, country="KEN")))
    assert f"event-{kenyan.pk}@naptrack" in uids and f"event-{other.pk}@naptrack" not in uids
    assert f"reporting-cycle-{calendar_cycle.pk}-due@naptrack" in uids
    only_plan = set(vevents(feed(client, plan=calendar_plan.pk, kind="reporting_deadline")))
    assert only_plan == {f"reporting-cycle-{calendar_cycle.pk}-due@naptrack"}


def test_feed_rejects_bad_filters_with_a_message(client):
    response = client.get(reverse("events:feed"), {"from": "2026-05-01", "to": "2026-01-01"})
    assert response.status_code == 400 and "is before" in response.content.decode()


def test_no_feed_leaks_unmoderated_rejected_or_draft_plan_entries(
    client, member, moderator, uganda_draft, uganda_coordinator
):
    submit(member, title=SUBMITTED_MARKER)
    rejected = submit(member, title=REJECTED_MARKER)
    services.event_reject(actor=moderator, event=rejected, reason="Not real")
    # Signed in as the draft plan's own coordinator: the public feed still shows nothing
    # of the draft, since feeds are shared and fetched without a session.
    signed_in(client, uganda_coordinator)
    public = client.get(reverse("events:feed"), WINDOW).content.decode()
    for marker in (SUBMITTED_MARKER, REJECTED_MARKER, DRAFT_MARKER):
        assert marker not in public


def _my_feed(client, user) -> str:
    _token, raw = services.calendar_feed_token_create(actor=user)
    client.logout()
    return reverse("events:my_deadlines", args=[raw])


def test_my_deadlines_feed_has_my_plans_only(
    client, reporter, calendar_cycle, uganda_draft, uganda_coordinator, moderator
):
    submit(moderator, title="Public meeting not a deadline")
    response = client.get(_my_feed(client, reporter))
    assert response["Cache-Control"] == "private, no-store"
    uids = set(vevents(parse(response)))
    assert f"reporting-cycle-{calendar_cycle.pk}-due@naptrack" in uids
    assert all(not uid.startswith("event-") for uid in uids)
    assert DRAFT_MARKER not in response.content.decode()
    mine = client.get(_my_feed(client, uganda_coordinator)).content.decode()
    assert DRAFT_MARKER in mine and "2026-H1" not in mine


def test_revoked_or_wrong_token_gets_nothing(client, uganda_coordinator):
    url = _my_feed(client, uganda_coordinator)
    token = uganda_coordinator.calendar_feed_tokens.get()
    services.calendar_feed_token_revoke(actor=uganda_coordinator, token=token)
    response = client.get(url)
    assert response.status_code == 404 and DRAFT_MARKER not in response.content.decode()
    wrong = client.get(reverse("events:my_deadlines", args=["not-a-token"]))
    assert wrong.status_code == 404


def test_suspended_users_feed_stops(client, uganda_coordinator):
    url = _my_feed(client, uganda_coordinator)
    uganda_coordinator.is_active = False
    uganda_coordinator.save()
    assert client.get(url).status_code == 404
