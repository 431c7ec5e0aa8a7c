"""A Kenyan civil-society member submits a training to the calendar; visitors do not see
it until a moderator publishes it; then a visitor finds it in the month and the list
views beside the deadlines the platform derives (a consultation's closing day, a plan's
end), filters by Kenya, and subscribes to that view's .ics feed, which parses back with
the training at 10:00 in Nairobi. The CSP reports nothing."""

import datetime
import re
import zoneinfo

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from naptrack.consultations import services as consultations
from naptrack.registry.models import Country
from tests.e2e.test_reporting_cycle_browser import sign_in_as
from tests.factories.events import EventFactory
from tests.factories.people import coordinator_of, cso_member, moderator
from tests.factories.registry import ActionPlanFactory

pytestmark = pytest.mark.e2e
TITLE = "Training for women mediators in Nairobi"
NAIROBI = zoneinfo.ZoneInfo("Africa/Nairobi")


def _kenya_deadlines(today: datetime.date, closes_on: datetime.date) -> None:
    """An adopted Kenyan plan ending this year and an open consultation on a draft one:
    the calendar derives a deadline from each, with nobody submitting it."""
    kenya = Country.objects.get(iso3="KEN")
    ActionPlanFactory(
        country=kenya, generation=4, title="Kenya NAP (calendar journey)", period_end=today.year
    )
    draft = ActionPlanFactory(
        country=kenya,
        generation=5,
        title="Kenya draft NAP (calendar journey)",
        status="drafting",
        adoption_date=None,
        adoption_precision="",
    )
    coordinator = coordinator_of(kenya)
    consultation = consultations.consultation_create(
        actor=coordinator,
        plan=draft,
        title="Views on the draft",
        opens_on=today,
        closes_on=closes_on,
        languages=["en", "sw"],
        questions=["What is missing?"],
    )
    consultations.consultation_open(actor=coordinator, consultation=consultation)


def _events_in(ics: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(ics)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_submit_moderate_publish_filter_and_subscribe(page, live_server, csp_violations):
    today = timezone.now().date()
    day = today + datetime.timedelta(days=12)
    month = f"{day:%Y-%m}"
    _kenya_deadlines(today, closes_on=day)
    # Another country's meeting: the Kenya filter must leave it out.
    EventFactory(
        title="Uganda regional meeting (calendar journey)",
        starts_at=datetime.datetime.combine(day, datetime.time(7), datetime.UTC),
        ends_at=datetime.datetime.combine(day, datetime.time(12), datetime.UTC),
    ).countries.add(Country.objects.get(iso3="UGA"))
    url = live_server.url

    # A civil-society member submits the training through the form.
    sign_in_as(page, live_server, cso_member())
    page.goto(f"{url}/calendar/")
    page.get_by_role("link", name="Submit an event").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Kind").select_option(label="Training")
    page.get_by_label("First day").fill(day.isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("16:00")
    page.get_by_label("Time zone").fill("Africa/Nairobi")
    page.get_by_label("Place").fill("Nairobi")
    page.get_by_label("Online link").fill("https://meet.example.org/mediators")
    page.get_by_label("Languages").fill("en, sw")
    page.get_by_label("Organizer").fill("Nairobi women mediators' network")
    page.get_by_label("Countries").select_option(label="Kenya")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".state")).to_contain_text("Waiting for moderation")
    expect(page.locator(".facts")).to_contain_text("10:00 – 16:00 Africa/Nairobi")
    expect(page.locator(".facts")).to_contain_text("English, Swahili")
    event_url = page.url

    # Nobody else sees it yet.
    sign_in_as(page, live_server, None)
    assert page.goto(event_url).status == 404
    page.goto(f"{url}/calendar/month/?month={month}")
    expect(
        page.get_by_role("link", name="Uganda regional meeting (calendar journey)")
    ).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    # A moderator publishes it from the queue.
    sign_in_as(page, live_server, moderator())
    page.goto(f"{url}/calendar/moderation/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    # A visitor finds it in the month, on its own day, beside the consultation's last day.
    sign_in_as(page, live_server, None)
    page.goto(f"{url}/calendar/month/?month={month}")
    cell = page.locator("td", has=page.get_by_role("link", name=TITLE))
    expect(cell.locator(".day-number")).to_have_text(str(day.day))
    expect(cell).to_contain_text("consultation “Views on the draft” closes")

    # The list, narrowed to Kenya: the training and the plan's end, not Uganda's meeting.
    page.get_by_role("link", name="List", exact=True).click()
    page.get_by_label("Country").select_option(label="Kenya")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"country=KEN"))
    results = page.get_by_role("table", name="Events and deadlines, soonest first")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    expect(results).to_contain_text("Kenya NAP (calendar journey): period ends")
    expect(results.get_by_role("link", name=re.compile("Uganda regional meeting"))).to_have_count(0)

    # Its feed parses back: the training at 10:00 in Nairobi, the deadlines, no Uganda.
    feed_link = page.get_by_role("link", name=re.compile(r"feed\.ics\?.*country=KEN"))
    response = page.request.get(feed_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    events = _events_in(response.body())
    training = events[TITLE]
    start = training["DTSTART"]
    assert start.params["TZID"] == "Africa/Nairobi"
    assert start.dt == datetime.datetime.combine(day, datetime.time(10), NAIROBI)
    assert start.dt.utcoffset() == datetime.timedelta(hours=3)
    assert training["LOCATION"] == "Nairobi, https://meet.example.org/mediators"
    assert "Kenya NAP (calendar journey): period ends" in events
    assert events["Kenya NAP (calendar journey): period ends"]["DTSTART"].dt == datetime.date(
        today.year, 12, 31
    )
    assert not [title for title in events if title.startswith("Uganda")]
    # The unpublished event answered 404 to the visitor, as it must; nothing else may fail.
    assert [e for e in csp_violations if "status of 404" not in e] == []
