"""Calendar endpoints: the same access helpers and selectors as the pages, read-only.

`/events` lists published events with the calendar's filters; `/calendar` lists events
and derived deadlines together, like the list page, for the caller's scope (a token
adds the deadlines of draft plans its owner coordinates). Submitting and moderating
events happen on the pages; submitting, editing (`PUT`, the whole event) and cancelling
need a token (the submitter's or a moderator's for an existing event).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from naptrack.accounts.auth import ApiTokenAuth, api_user
from naptrack.core.api import (
    ANONYMOUS_ALLOWED,
    READ_ERRORS,
    WRITE_ERRORS,
    PageLinks,
    error_responses,
)
from naptrack.events import permissions, selectors, services
from naptrack.events.schemas import (
    CalendarEntryOut,
    CalendarFiltersIn,
    EventCancelIn,
    EventIn,
    EventOut,
    filters_from,
)
from naptrack.registry.models import ActionPlan, Country, RegionalOrganization

router = Router(tags=["calendar"])
token_required = ApiTokenAuth()
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


def _found(model, field: str, values: list, name: str) -> list:
    found = list(model.objects.filter(**{f"{field}__in": values}))
    if len(found) != len(set(values)):
        raise ValidationError({name: f"Unknown value among {name}."})
    return found


def _fields(payload: EventIn) -> dict:
    values = payload.dict(exclude={"countries", "regional_organizations", "plan_ids"})
    values["kind"] = payload.kind.value
    countries = [code.upper() for code in payload.countries]
    return {
        **values,
        "countries": _found(Country, "iso3", countries, "countries"),
        "regional_organizations": _found(
            RegionalOrganization, "slug", payload.regional_organizations, "regional_organizations"
        ),
        "plans": _found(ActionPlan, "pk", payload.plan_ids, "plan_ids"),
    }


@router.post("/events", auth=token_required, response={201: EventOut, **WRITE_ERRORS})
def event_submit(request, payload: EventIn):
    """Submit an event; a moderator publishes it (a moderator's own is published at once)."""
    event = services.event_submit(actor=api_user(request), channel="api", **_fields(payload))
    return Status(201, selectors.event_detail(event))


@router.put("/events/{int:event_id}", auth=token_required, response={200: EventOut, **WRITE_ERRORS})
def event_update(request, event_id: int, payload: EventIn):
    """Replace a submitted or published event (its submitter or a moderator). A
    submitter's change to a published event goes back to moderation."""
    user = api_user(request)
    event = permissions.event_for_change(user, event_id)
    event = services.event_update(actor=user, event=event, channel="api", **_fields(payload))
    return selectors.event_detail(event)


@router.post(
    "/events/{int:event_id}/cancel", auth=token_required, response={200: EventOut, **WRITE_ERRORS}
)
def event_cancel(request, event_id: int, payload: EventCancelIn):
    """Cancel a published event; it stays listed, and the feeds say STATUS:CANCELLED."""
    user = api_user(request)
    event = permissions.event_for_change(user, event_id)
    event = services.event_cancel(actor=user, event=event, note=payload.note, channel="api")
    return selectors.event_detail(event)
