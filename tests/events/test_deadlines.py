"""Deadlines are derived at read time: they follow the cycles and the registry."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from naptrack.events.deadlines import plans_of_person
from naptrack.events.entries import CalendarFilters
from naptrack.events.selectors import calendar_entries
from tests.events.conftest import DRAFT_MARKER

pytestmark = pytest.mark.django_db
YEAR_2026 = {"date_from": datetime.date(2026, 1, 1), "date_to": datetime.date(2026, 12, 31)}


def entries(user=None, **filters):
    return calendar_entries(user or AnonymousUser(), CalendarFilters(**{**YEAR_2026, **filters}))


def test_reporting_due_date_and_plan_end_appear(calendar_plan, calendar_cycle):
    found = {e.uid: e for e in entries()}
    due = found[f"reporting-cycle-{calendar_cycle.pk}-due@naptrack"]
    assert due.first_day == datetime.date(2026, 7, 31) and due.all_day and due.derived
    assert "2026-H1" in due.title and due.url == calendar_cycle.get_absolute_url()
    end = found[f"plan-{calendar_plan.pk}-period-end@naptrack"]
    assert end.first_day == datetime.date(2026, 12, 31)
    assert "records the year only" in end.description


def test_a_changed_due_date_shows_at_the_next_read_under_the_same_uid(calendar_cycle):
    uid = f"reporting-cycle-{calendar_cycle.pk}-due@naptrack"
    calendar_cycle.due_date = datetime.date(2026, 8, 15)
    calendar_cycle.save()
    assert next(e for e in entries() if e.uid == uid).first_day == datetime.date(2026, 8, 15)


def test_an_extension_moves_the_plan_end(calendar_plan):
    calendar_plan.extended_to = 2027
    calendar_plan.save()
    uid = f"plan-{calendar_plan.pk}-period-end@naptrack"
    assert uid not in {e.uid for e in entries()}
    moved = entries(date_to=datetime.date(2027, 12, 31))
    end = next(e for e in moved if e.uid == uid)
    assert end.first_day == datetime.date(2027, 12, 31) and "first ended in 2026" in end.description


def test_window_and_kind_filters_apply_to_deadlines(calendar_plan, calendar_cycle):
    assert entries(date_to=datetime.date(2026, 7, 30), country="KEN") == []
    kinds = {e.kind for e in entries(kind="reporting_deadline")}
    assert kinds == {"reporting_deadline"}


def test_owner_filters_apply_to_deadlines(calendar_plan, calendar_cycle):
    assert {e.plans[0] for e in entries(country="KEN")} == {calendar_plan}
    assert entries(country="UGA") == []
    assert {e.plans[0] for e in entries(region="002")} >= {calendar_plan}  # Africa
    assert entries(plan=calendar_plan.pk, regional_body="au") == []


def test_draft_plan_deadlines_only_for_its_coordinator(uganda_draft, uganda_coordinator, member):
    for user in (None, member):
        assert not [e for e in entries(user) if DRAFT_MARKER in e.title]
    assert [e for e in entries(uganda_coordinator) if DRAFT_MARKER in e.title]


def test_my_plans_are_those_i_coordinate_or_report_on(
    calendar_plan, reporter, kenya_coordinator, member
):
    filters = CalendarFilters()
    assert list(plans_of_person(reporter, filters)) == [calendar_plan]
    assert calendar_plan in plans_of_person(kenya_coordinator, filters)
    assert not plans_of_person(member, filters).exists()


def _consultation(plan, state, closes_on=datetime.date(2026, 5, 15)):
    from tests.factories.consultations import ConsultationFactory

    opened = (
        {}
        if state == "draft"
        else {"opened_at": datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)}
    )
    return ConsultationFactory(
        plan=plan,
        title="Zebu consultation",
        state=state,
        opens_on=datetime.date(2026, 4, 1),
        closes_on=closes_on,
        **opened,
    )


def test_an_open_consultations_closing_date_appears(calendar_plan, client):
    consultation = _consultation(calendar_plan, "open")
    uid = f"consultation-{consultation.pk}-closes@naptrack"
    entry = next(e for e in entries() if e.uid == uid)
    assert entry.first_day == datetime.date(2026, 5, 15) and entry.kind == "consultation"
    assert "Zebu consultation" in entry.title and entry.url == consultation.get_absolute_url()
    assert entries(kind="plan_end") and uid not in {e.uid for e in entries(kind="plan_end")}
    feed = client.get("/calendar/feed.ics", {"from": "2026-01-01", "to": "2026-12-31"})
    assert uid in feed.content.decode()


def test_a_consultation_being_prepared_stays_off_the_calendar(calendar_plan, kenya_coordinator):
    consultation = _consultation(calendar_plan, "draft")
    uid = f"consultation-{consultation.pk}-closes@naptrack"
    assert uid not in {e.uid for e in entries()}
    assert uid not in {e.uid for e in entries(kenya_coordinator)}
