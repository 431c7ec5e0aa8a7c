"""Reads of the calendar. Pages, feeds and the API all list `CalendarEntry` objects:
published events and the deadlines derived at read time (naptrack.events.deadlines),
filtered by the same `CalendarFilters`."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from naptrack.events.choices import EventState
from naptrack.events.deadlines import deadlines_for_plans, plans_for_calendar
from naptrack.events.entries import CalendarEntry, CalendarFilters
from naptrack.events.models import Event
from naptrack.registry.models import ActionPlan


def _via_plans(**lookup) -> Q:
    """A condition on an event's linked plans, counting published plans only: a plan
    that went back to draft must not be found through the events linked to it."""
    conditions = {f"plans__{name}": value for name, value in lookup.items()}
    return Q(**conditions, plans__in=ActionPlan.objects.public())


def _event_owner_q(filters: CalendarFilters) -> Q:
    """An event matches an owner filter through the countries or bodies it names, or
    through the published plans it is linked to."""
    q = Q()
    if filters.country:
        q &= Q(countries__iso3=filters.country) | _via_plans(country__iso3=filters.country)
    if filters.region:
        q &= (
            Q(countries__region__m49=filters.region)
            | Q(countries__subregion__m49=filters.region)
            | _via_plans(country__region__m49=filters.region)
            | _via_plans(country__subregion__m49=filters.region)
        )
    if filters.regional_body:
        q &= Q(regional_organizations__slug=filters.regional_body) | _via_plans(
            regional_organization__slug=filters.regional_body
        )
    if filters.plan:
        q &= _via_plans(pk=filters.plan)
    return q


def _with_links(events: QuerySet[Event]) -> QuerySet[Event]:
    public_plans = ActionPlan.objects.public().select_related("country", "regional_organization")
    return events.select_related("organizer").prefetch_related(
        "countries", "regional_organizations", Prefetch("plans", queryset=public_plans)
    )


def published_events(filters: CalendarFilters) -> QuerySet[Event]:
    """Published (and cancelled) events matching the filters, soonest first; each once."""
    events = Event.objects.on_calendar()
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.date_from and filters.date_to:
        start, end = filters.window
        events = events.filter(ends_at__gte=start, starts_at__lt=end)
    owner = _event_owner_q(filters)
    if owner:
        events = events.filter(pk__in=Event.objects.filter(owner).values("pk"))
    return _with_links(events).order_by("starts_at", "pk")


def event_detail(event: Event) -> Event:
    return _with_links(Event.objects.filter(pk=event.pk)).get()


def event_entry(event: Event) -> CalendarEntry:
    return CalendarEntry(
        uid=f"event-{event.pk}@naptrack",
        title=event.title,
        kind=event.kind,
        kind_label=event.get_kind_display(),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        time_zone=event.time_zone,
        all_day=event.all_day,
        url=event.get_absolute_url(),
        description=event.description,
        location=event.location,
        online_url=event.online_url,
        languages=tuple(event.languages),
        organizer=event.organizer_label,
        plans=tuple(event.plans.all()),
        modified_at=event.updated_at,
        cancelled=event.is_cancelled,
    )


def calendar_entries(user, filters: CalendarFilters) -> list[CalendarEntry]:
    """Published events and the deadlines of the plans this user may see, in the
    filters' window, soonest first."""
    entries = [event_entry(event) for event in published_events(filters)]
    entries += deadlines_for_plans(plans_for_calendar(user, filters), filters)
    return sorted(entries, key=lambda entry: (entry.starts_at, entry.uid))


def moderation_queue() -> QuerySet[Event]:
    return _with_links(Event.objects.filter(state=EventState.SUBMITTED)).order_by("created_at")


def events_submitted_by(user) -> QuerySet[Event]:
    return Event.objects.filter(submitted_by=user).order_by("-created_at")


@dataclass(frozen=True)
class MonthDay:
    day: datetime.date
    in_month: bool
    entries: tuple[CalendarEntry, ...]


def month_weeks(first: datetime.date, entries: list[CalendarEntry]) -> list[list[MonthDay]]:
    """The month's weeks, Monday first, each day with the entries on it (an entry of
    several days appears on each, on the days of its own time zone)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    by_day: dict[datetime.date, list[CalendarEntry]] = {}
    for entry in entries:
        day = entry.first_day
        while day <= entry.last_day:
            by_day.setdefault(day, []).append(entry)
            day += datetime.timedelta(days=1)
    return [
        [MonthDay(day, day.month == first.month, tuple(by_day.get(day, ()))) for day in week]
        for week in weeks
    ]


def month_bounds(first: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days the month's grid shows, first to last."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return weeks[0][0], weeks[-1][-1]
