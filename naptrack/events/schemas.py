"""The calendar's API shapes. Events and derived deadlines share CalendarEntryOut, so a
client reads both the same way; EventOut adds what only a stored event has."""

import datetime

from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict

from naptrack.events.choices import EventKind, EventState
from naptrack.events.entries import CalendarFilters, window_problem
from naptrack.registry.schemas import _absolute


class CalendarFiltersIn(Schema):
    """The calendar page's filters (entries.CalendarFilters); `from` and `to` are
    inclusive days (UTC). Without them: from today, for a year."""

    model_config = ConfigDict(populate_by_name=True)

    country: str | None = Field(None, description="ISO 3166 alpha-3 code, such as KEN.")
    region: str | None = Field(None, description="M49 code of a region or sub-region.")
    regional_body: str | None = Field(None, description="Slug of a regional organization.")
    plan: int | None = Field(None, ge=1, description="A plan's id.")
    kind: EventKind | None = None
    date_from: datetime.date | None = Field(None, alias="from")
    date_to: datetime.date | None = Field(None, alias="to")


class PlanLinkOut(Schema):
    id: int
    display_title: str
    html_url: str

    @staticmethod
    def resolve_html_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class CalendarEntryOut(Schema):
    uid: str = Field(..., description="Stable across reads; the UID in the .ics feeds.")
    title: str
    kind: EventKind
    starts_at: datetime.datetime
    ends_at: datetime.datetime = Field(..., description="Exclusive.")
    time_zone: str = Field(..., description="IANA zone the event takes place in.")
    all_day: bool
    derived: bool = Field(..., description="A deadline made from the plans' data.")
    html_url: str
    plans: list[PlanLinkOut]

    @staticmethod
    def resolve_html_url(obj, context) -> str:
        return _absolute(context, obj.url)


class EventOut(Schema):
    id: int
    title: str
    kind: EventKind
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime = Field(..., description="Exclusive for all-day events.")
    time_zone: str
    all_day: bool
    location: str
    online_url: str
    languages: list[str]
    organizer: str
    source_url: str
    countries: list[str] = Field(..., description="ISO alpha-3 codes.")
    regional_organizations: list[str] = Field(..., description="Slugs.")
    plans: list[PlanLinkOut] = Field(..., description="Published plans only.")
    state: EventState
    cancellation_note: str
    html_url: str

    @staticmethod
    def resolve_organizer(obj) -> str:
        return obj.organizer_label

    @staticmethod
    def resolve_countries(obj) -> list[str]:
        return [country.iso3 for country in obj.countries.all()]

    @staticmethod
    def resolve_regional_organizations(obj) -> list[str]:
        return [body.slug for body in obj.regional_organizations.all()]

    @staticmethod
    def resolve_html_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class EventIn(Schema):
    """An event as submitted: local dates and times in its IANA zone. Without times it
    lasts all day; without `end_date` one day."""

    title: str = Field(..., min_length=1, max_length=300)
    kind: EventKind
    time_zone: str = Field(..., description="IANA zone, such as Africa/Nairobi.")
    start_date: datetime.date
    end_date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    location: str = Field("", max_length=300)
    online_url: str = Field("", max_length=500)
    languages: list[str] = Field(default_factory=list, description="ISO 639 codes.")
    organizer_name: str = Field(..., min_length=1, max_length=300)
    description: str = ""
    source_url: str = Field("", max_length=500)
    countries: list[str] = Field(default_factory=list, description="ISO alpha-3 codes.")
    regional_organizations: list[str] = Field(default_factory=list, description="Slugs.")
    plan_ids: list[int] = Field(default_factory=list, description="Published plans only.")


class EventCancelIn(Schema):
    note: str = Field("", max_length=2000, description="Shown on the event's page.")


def filters_from(schema: CalendarFiltersIn, start: datetime.date, days: int) -> CalendarFilters:
    """The selector's filters, with the window checked like the pages check it."""
    date_from = schema.date_from or start
    date_to = schema.date_to or date_from + datetime.timedelta(days=days)
    problem = window_problem(date_from, date_to)
    if problem:
        raise ValidationError([{"loc": ("query", "to"), "msg": problem}])
    return CalendarFilters(
        country=schema.country or "",
        region=schema.region or "",
        regional_body=schema.regional_body or "",
        plan=schema.plan,
        kind=schema.kind.value if schema.kind else "",
        date_from=date_from,
        date_to=date_to,
    )
