"""What the calendar lists: `CalendarEntry`, one shape for published events and for the
deadlines derived at read time, and `CalendarFilters`, the filters shared by the pages,
the feeds and the API."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from naptrack.registry.models import ActionPlan

UTC = datetime.UTC
# A longer window would make one page or feed list years of deadlines at once.
MAX_WINDOW = datetime.timedelta(days=3 * 366)


def window_problem(start: datetime.date, end: datetime.date) -> str:
    """What is wrong with a from/to window, or "" when nothing is."""
    if end < start:
        return _("“To” (%(end)s) is before “From” (%(start)s).") % {"start": start, "end": end}
    if end - start > MAX_WINDOW:
        return _("Show at most three years at once.")
    return ""


@dataclass(frozen=True)
class CalendarFilters:
    """The calendar's filters, shared by the list and month pages, the feeds and the API.
    `date_from` and `date_to` are inclusive days in UTC."""

    country: str = ""  # ISO alpha-3
    region: str = ""  # M49 code of a region or sub-region
    regional_body: str = ""  # slug of a regional organization
    plan: int | None = None
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @property
    def window(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start, end) in UTC."""
        start = datetime.datetime.combine(self.date_from, datetime.time(), UTC)
        end = datetime.datetime.combine(
            self.date_to + datetime.timedelta(days=1), datetime.time(), UTC
        )
        return start, end


@dataclass(frozen=True)
class CalendarEntry:
    """One thing on the calendar, stored or derived. `uid` is stable across reads, so a
    calendar application updates the entry instead of duplicating it."""

    uid: str
    title: str
    kind: str
    kind_label: str
    starts_at: datetime.datetime  # aware; midnight of the first day for all-day entries
    ends_at: datetime.datetime  # exclusive
    time_zone: str
    all_day: bool
    url: str
    description: str = ""
    location: str = ""
    online_url: str = ""
    languages: tuple[str, ...] = ()
    organizer: str = ""
    plans: tuple[ActionPlan, ...] = field(default=(), compare=False)
    derived: bool = False
    cancelled: bool = False
    modified_at: datetime.datetime | None = None

    @property
    def first_day(self) -> datetime.date:
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone)).date()

    @property
    def last_day(self) -> datetime.date:
        end = self.ends_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))
        if self.all_day or (end.time() == datetime.time() and end > self.starts_at):
            end -= datetime.timedelta(days=1)
        return max(end.date(), self.first_day)

    @property
    def local_start(self) -> datetime.datetime:
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))

    @property
    def local_end(self) -> datetime.datetime:
        return self.ends_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))
