"""Editing and cancelling events: by their submitter or a moderator only; a cancelled
event stays on the calendar and in the feeds with STATUS:CANCELLED; the API writes."""

import datetime

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.core.models import Activity
from naptrack.events import services
from tests.api.conftest import client_for
from tests.events.conftest import submit

YEAR = {"from": "2026-01-01", "to": "2026-12-31"}
FIELDS = {
    "title": "Calendar test meeting",
    "kind": "regional_meeting",
    "time_zone": "Africa/Nairobi",
    "start_date": datetime.date(2026, 3, 10),
    "start_time": datetime.time(9, 0),
    "end_time": datetime.time(17, 0),
    "location": "Nairobi",
    "organizer_name": "Calendar test organizer",
}


@pytest.fixture
def published_event(member, moderator):
    event = submit(member)
    return services.event_publish(actor=moderator, event=event)


def test_the_submitter_cancels_and_the_feed_says_cancelled(client, published_event, member):
    services.event_cancel(actor=member, event=published_event, note="Postponed to 2027.")
    row = Activity.objects.get(verb="event.cancelled", target_id=str(published_event.pk))
    assert row.changes["state"] == {"before": "published", "after": "cancelled"}
    feed = icalendar.Calendar.from_ical(client.get("/calendar/feed.ics", YEAR).content)
    vevent = next(
        e for e in feed.walk("VEVENT") if e["UID"] == f"event-{published_event.pk}@naptrack"
    )
    assert vevent["STATUS"] == "CANCELLED"
    page = client.get(f"/calendar/events/{published_event.pk}/").content.decode()
    assert "Cancelled" in page and "Postponed to 2027." in page
    assert "Cancelled" in client.get("/calendar/", YEAR).content.decode()


def test_others_cannot_edit_or_cancel(published_event, kenya_coordinator):
    with pytest.raises(PermissionDenied):
        services.event_cancel(actor=kenya_coordinator, event=published_event)
    with pytest.raises(PermissionDenied):
        services.event_update(actor=kenya_coordinator, event=published_event, **FIELDS)


def test_only_a_published_event_is_cancelled(member):
    with pytest.raises(ValidationError):
        services.event_cancel(actor=member, event=submit(member))


def test_a_submitters_edit_goes_back_to_moderation(published_event, member):
    event = services.event_update(
        actor=member, event=published_event, **{**FIELDS, "title": "Renamed meeting"}
    )
    assert event.state == "submitted" and event.title == "Renamed meeting"
    row = Activity.objects.get(verb="event.updated", target_id=str(event.pk))
    assert row.changes["title"]["after"] == "Renamed meeting"
    assert row.changes["state"] == {"before": "published", "after": "submitted"}


def test_a_moderators_edit_stays_published(published_event, moderator):
    event = services.event_update(
        actor=moderator, event=published_event, **{**FIELDS, "location": "Kisumu"}
    )
    assert event.state == "published" and event.location == "Kisumu"


def test_the_edit_page_prefills_and_saves(client, published_event, member):
    client.force_login(member)
    page = client.get(f"/calendar/events/{published_event.pk}/edit/").content.decode()
    assert 'value="2026-03-10"' in page and 'value="09:00' in page
    data = {**{k: str(v) for k, v in FIELDS.items()}, "title": "Edited on the page"}
    data["start_time"], data["end_time"] = "09:00", "17:00"
    assert client.post(f"/calendar/events/{published_event.pk}/edit/", data).status_code == 302
    published_event.refresh_from_db()
    assert published_event.title == "Edited on the page"


def test_outsiders_get_404_for_an_unpublished_event(client, member, kenya_coordinator):
    event = submit(member)
    client.force_login(kenya_coordinator)
    assert client.get(f"/calendar/events/{event.pk}/edit/").status_code == 404
    assert client.post(f"/calendar/events/{event.pk}/cancel/").status_code == 404


def _payload(**changes):
    payload = {k: str(v) for k, v in FIELDS.items()}
    payload.update(start_time="09:00:00", end_time="17:00:00", countries=["KEN"])
    return {**payload, **changes}


def test_submit_edit_and_cancel_through_the_api(member, moderator, kenya_coordinator):
    created = client_for(member).post("events", _payload())
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "submitted" and body["countries"] == ["KEN"]
    event_id = body["id"]
    assert client_for(moderator).post(f"events/{event_id}/cancel", {}).status_code == 422
    services.event_publish(actor=moderator, event=services.Event.objects.get(pk=event_id))
    stranger = client_for(kenya_coordinator).request("PUT", f"events/{event_id}", _payload())
    assert stranger.status_code == 403
    edited = client_for(moderator).request("PUT", f"events/{event_id}", _payload(title="API edit"))
    assert edited.json()["title"] == "API edit" and edited.json()["state"] == "published"
    cancelled = client_for(member).post(f"events/{event_id}/cancel", {"note": "Storm"})
    assert cancelled.json()["state"] == "cancelled"
    assert Activity.objects.filter(verb="event.cancelled", channel="api").exists()


def test_an_api_submission_with_a_bad_zone_names_the_field(member):
    response = client_for(member).post("events", _payload(time_zone="Mars/Olympus"))
    assert response.status_code == 422
    assert "time_zone" in str(response.json())
