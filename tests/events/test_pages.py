import datetime

import pytest
from django.urls import reverse

from naptrack.events import services
from naptrack.events.models import Event
from tests.events.conftest import submit
from tests.factories.people import signed_in

pytestmark = pytest.mark.django_db
YEAR_2026 = {"from": "2026-01-01", "to": "2026-12-31"}


def test_list_shows_events_and_deadlines_in_time_order(
    client, moderator, calendar_plan, calendar_cycle
):
    submit(moderator, title="Nairobi regional meeting", countries=[calendar_plan.country])
    page = client.get(reverse("events:list"), YEAR_2026).content.decode()
    assert page.index("Nairobi regional meeting") < page.index("report 2026-H1 due")
    assert page.index("report 2026-H1 due") < page.index("period ends")
    assert "Tue 10 Mar 2026, 09:00 – 17:00" in page and "Africa/Nairobi" in page


def test_list_filters_by_country_and_kind(client, moderator, calendar_plan, calendar_cycle):
    submit(moderator, title="Kenyan launch", kind="plan_launch", countries=[calendar_plan.country])
    submit(moderator, title="Bogotá training", kind="training", time_zone="America/Bogota")
    url = reverse("events:list")
    kenya = client.get(url, {**YEAR_2026, "country": "KEN"}).content.decode()
    assert "Kenyan launch" in kenya and "Bogotá training" not in kenya and "2026-H1" in kenya
    training = client.get(url, {**YEAR_2026, "kind": "training"}).content.decode()
    assert "Bogotá training" in training and "Kenyan launch" not in training
    assert "2026-H1" not in training


def test_list_bad_filters_say_what_is_wrong(client):
    response = client.get(reverse("events:list"), {"from": "2026-05-01", "to": "2026-04-01"})
    assert response.status_code == 400
    assert "is before" in response.content.decode()
    response = client.get(reverse("events:list"), {"from": "2020-01-01", "to": "2026-04-01"})
    assert "at most three years" in response.content.decode()


def test_list_htmx_request_gets_the_results_only(client, moderator):
    submit(moderator, title="Partial meeting")
    response = client.get(reverse("events:list"), YEAR_2026, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Partial meeting" in body and "<html" not in body


def test_month_view_places_entries_on_their_local_days(client, moderator, calendar_cycle):
    submit(
        moderator,
        title="Late-evening debate",
        time_zone="America/New_York",
        start_date=datetime.date(2026, 7, 30),
        start_time=datetime.time(22, 0),
        end_time=datetime.time(23, 30),
    )
    page = client.get(reverse("events:month"), {"month": "2026-07"}).content.decode()
    assert "July 2026" in page
    # 22:00 in New York is 02:00 UTC the next day; the grid keeps it on the 30th.
    day30 = page.index('<span class="day-number">30</span>')
    day31 = page.index('<span class="day-number">31</span>')
    assert day30 < page.index("Late-evening debate") < day31
    assert day31 < page.index("report 2026-H1 due")
    assert "month=2026-06" in page and "month=2026-08" in page


def test_month_view_refuses_a_malformed_month(client):
    assert client.get(reverse("events:month"), {"month": "2026-13"}).status_code == 404


def test_submission_goes_to_moderation_then_publishes(client, member, moderator):
    form = {
        "title": "Workshop on localization",
        "kind": "training",
        "start_date": "2026-05-04",
        "end_date": "2026-05-05",
        "time_zone": "Africa/Kampala",
        "online_url": "https://example.org/join",
        "languages": "en, fr",
        "organizer_name": "Workshop organizers",
    }
    response = signed_in(client, member).post(reverse("events:submit"), form)
    event = Event.objects.get(title="Workshop on localization")
    assert response.status_code == 302 and event.state == "submitted" and event.all_day
    assert event.languages == ["en", "fr"]
    assert "Workshop on localization" not in client.get(reverse("events:list")).content.decode()
    mine = client.get(reverse("events:mine")).content.decode()
    assert "Workshop on localization" in mine and "Waiting for moderation" in mine
    client.force_login(moderator)
    queue = client.get(reverse("events:moderation")).content.decode()
    assert "Workshop on localization" in queue
    client.post(reverse("events:publish", args=[event.pk]))
    event.refresh_from_db()
    assert event.state == "published"
    listing = client.get(reverse("events:list"), {"from": "2026-05-01"}).content.decode()
    assert "Workshop on localization" in listing


def test_submission_errors_are_shown_next_to_the_field(client, member):
    form = {
        "title": "Bad zone",
        "kind": "training",
        "start_date": "2026-05-04",
        "time_zone": "Nowhere/Land",
        "location": "Kampala",
        "organizer_name": "X",
    }
    response = signed_in(client, member).post(reverse("events:submit"), form)
    assert response.status_code == 400
    assert "Unknown time zone" in response.content.decode()
    assert not Event.objects.exists()


def test_rejection_reason_reaches_the_submitter(client, member, moderator):
    event = submit(member, title="Invented summit")
    signed_in(client, moderator).post(
        reverse("events:reject", args=[event.pk]), {"reason": "No announcement found"}
    )
    client.force_login(member)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Rejected" in page and "No announcement found" in page


def test_reject_without_reason_changes_nothing(client, member, moderator):
    event = submit(member)
    signed_in(client, moderator).post(reverse("events:reject", args=[event.pk]), {"reason": ""})
    event.refresh_from_db()
    assert event.state == "submitted"


def test_detail_shows_links_but_never_a_draft_plan(client, moderator, calendar_plan):
    event = submit(moderator, plans=[calendar_plan], countries=[calendar_plan.country])
    calendar_plan.publication = "draft"
    calendar_plan.save()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Kenya" in page and calendar_plan.title not in page


def test_my_feed_page_creates_shows_once_and_revokes(client, member):
    signed_in(client, member)
    page = client.post(reverse("events:my_feed")).content.decode()
    assert "/calendar/deadlines/" in page and "shown only this once" in page
    again = client.get(reverse("events:my_feed")).content.decode()
    assert "/calendar/deadlines/" not in again and "works since" in again
    client.post(reverse("events:my_feed_revoke"))
    assert (
        "You have no private feed address" in client.get(reverse("events:my_feed")).content.decode()
    )


def test_moderator_history_lists_the_transitions(client, member, moderator):
    event = services.event_publish(actor=moderator, event=submit(member))
    page = signed_in(client, moderator).get(reverse("events:history", args=[event.pk]))
    body = page.content.decode()
    assert "event.submitted" in body and "event.published" in body
