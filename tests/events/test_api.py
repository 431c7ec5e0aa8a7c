import pytest

from naptrack.events import services
from tests.api.conftest import ApiClient, client_for
from tests.events.conftest import DRAFT_MARKER, submit

pytestmark = pytest.mark.django_db
WINDOW = {"from": "2026-01-01", "to": "2026-12-31"}


def test_event_list_filters_and_shapes(moderator, calendar_plan):
    linked = submit(
        moderator,
        title="API Kenyan event",
        countries=[calendar_plan.country],
        plans=[calendar_plan],
    )
    submit(moderator, title="API other event", kind="training")
    body = ApiClient().get("events", country="KEN", **WINDOW).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == linked.pk and item["countries"] == ["KEN"]
    assert item["time_zone"] == "Africa/Nairobi" and item["starts_at"].startswith(
        "2026-03-10T06:00"
    )
    assert item["plans"][0]["id"] == calendar_plan.pk and item["languages"] == ["en", "sw"]
    kinds = ApiClient().get("events", kind="training", **WINDOW).json()["items"]
    assert [e["title"] for e in kinds] == ["API other event"]


def test_event_list_refuses_a_bad_window(db):
    response = ApiClient().get("events", **{"from": "2026-05-01", "to": "2026-01-01"})
    assert response.status_code == 422
    assert "is before" in response.json()["error"]["fields"]["query.to"][0]


def test_calendar_lists_events_and_deadlines(moderator, calendar_cycle):
    submit(moderator, title="API meeting")
    entries = ApiClient().get("calendar", **WINDOW).json()
    uids = [e["uid"] for e in entries]
    assert f"reporting-cycle-{calendar_cycle.pk}-due@naptrack" in uids
    assert "API meeting" in [e["title"] for e in entries]
    assert [e["starts_at"] for e in entries] == sorted(e["starts_at"] for e in entries)
    due = next(e for e in entries if e["uid"].startswith("reporting-cycle"))
    assert due["derived"] and due["all_day"] and due["kind"] == "reporting_deadline"


def test_submitted_event_only_for_submitter_and_moderators(member, moderator, kenya_coordinator):
    event = submit(member, title="API secret submission")
    path = f"events/{event.pk}"
    assert ApiClient().get(path).status_code == 404
    assert client_for(kenya_coordinator).get(path).status_code == 404
    assert client_for(member).get(path).json()["title"] == "API secret submission"
    assert client_for(moderator).get(path).json()["title"] == "API secret submission"
    listed = ApiClient().get("events", **WINDOW).json()["items"]
    assert "API secret submission" not in str(listed)


def test_rejected_event_never_listed(member, moderator):
    event = submit(member, title="API rejected event")
    services.event_reject(actor=moderator, event=event, reason="Not real")
    for client in (ApiClient(), client_for(moderator)):
        assert "API rejected event" not in client.get("events", **WINDOW).content.decode()
        assert "API rejected event" not in client.get("calendar", **WINDOW).content.decode()


def test_draft_plan_deadlines_only_for_its_coordinator(uganda_draft, uganda_coordinator, member):
    assert DRAFT_MARKER not in ApiClient().get("calendar", **WINDOW).content.decode()
    assert DRAFT_MARKER not in client_for(member).get("calendar", **WINDOW).content.decode()
    mine = client_for(uganda_coordinator).get("calendar", **WINDOW).content.decode()
    assert DRAFT_MARKER in mine
