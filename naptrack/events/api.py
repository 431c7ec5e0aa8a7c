"""Calendar endpoints: the same access helpers and selectors as the pages, read-only.

`/events` lists published events with the calendar's filters; `/calendar` lists events
and derived deadlines together, like the list page, for the caller's scope (a token
adds the deadlines of draft plans its owner coordinates). Submitting and moderating
events happen on the pages for now (see docs/events.md, "Not yet").
"""

from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from naptrack.accounts.auth import api_user
from naptrack.core.api import ANONYMOUS_ALLOWED, READ_ERRORS, PageLinks, error_responses
from naptrack.events import permissions, selectors
from naptrack.events.schemas import CalendarEntryOut, CalendarFiltersIn, EventOut, filters_from

router = Router(tags=["calendar"])
READ_ONE_ERRORS = error_responses(401, 404, 422)
DEFAULT_DAYS = 365


def _filters(filters: CalendarFiltersIn):
    return filters_from(filters, timezone.now().date(), DEFAULT_DAYS)


@router.get(
    "/events", response={200: list[EventOut], **READ_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED
)
@paginate(PageLinks)
def event_list(request, filters: Query[CalendarFiltersIn]):
    """Published events overlapping the window, soonest first."""
    return selectors.published_events(_filters(filters))


@router.get(
    "/events/{int:event_id}",
    response={200: EventOut, **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def event_detail(request, event_id: int):
    """A published event; a submitted or rejected one only for its submitter and the
    moderators."""
    return selectors.event_detail(permissions.event_for_read(api_user(request), event_id))


@router.get(
    "/calendar",
    response={200: list[CalendarEntryOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def calendar(request, filters: Query[CalendarFiltersIn]):
    """Events and deadlines in the window (at most three years), soonest first; not
    paginated, the window bounds it."""
    return selectors.calendar_entries(api_user(request), _filters(filters))
