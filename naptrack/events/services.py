"""Writes of the calendar: one service per transition, each checking who acts and the
state it starts from, saving in one transaction and recording an Activity.

An event is submitted, then published or rejected by a moderator; a moderator's own
event is published when created. The private feed's token is created and revoked here.
"""

import datetime
import secrets
import zoneinfo
from collections.abc import Iterable

import pycountry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.accounts.models import Organization
from naptrack.core.services import activity_record, changes_between
from naptrack.events import permissions
from naptrack.events.choices import DERIVED_ONLY_KINDS, EventKind, EventState
from naptrack.events.models import CalendarFeedToken, Event
from naptrack.registry.models import ActionPlan, Country, RegionalOrganization


def _record(actor, verb: str, target, changes: dict, channel: str) -> None:
    activity_record(actor=actor, verb=verb, target=target, changes=changes, channel=channel)


# ---- Checks ------------------------------------------------------------------------------


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    if name not in zoneinfo.available_timezones():
        message = _("Unknown time zone “%(name)s”: use an IANA name such as Africa/Nairobi.")
        raise ValidationError({"time_zone": message % {"name": name}})
    return zoneinfo.ZoneInfo(name)


def _languages(codes: Iterable[str]) -> list[str]:
    cleaned, unknown = [], []
    for code in (c.strip().lower() for c in codes if c.strip()):
        language = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
        (cleaned if language else unknown).append(code)
    if unknown:
        raise ValidationError(
            {
                "languages": _("Not ISO 639 language codes: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            }
        )
    return list(dict.fromkeys(cleaned))


def _kind(kind: str) -> str:
    if kind not in EventKind.values or kind in DERIVED_ONLY_KINDS:
        raise ValidationError({"kind": _("Choose one of the listed kinds of event.")})
    return kind


def _public_plans(plans: Iterable[ActionPlan]) -> list[ActionPlan]:
    # A published event is public: linking it to a draft plan would reveal the draft.
    plans = list(plans)
    public = set(
        ActionPlan.objects.public()
        .filter(pk__in=[p.pk for p in plans])
        .values_list("pk", flat=True)
    )
    if any(plan.pk not in public for plan in plans):
        raise ValidationError({"plans": _("Only published plans can be linked to an event.")})
    return plans


def event_times(
    *,
    zone: zoneinfo.ZoneInfo,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
) -> tuple[datetime.datetime, datetime.datetime]:
    """UTC start and end from local dates and times. Without a start time the event lasts
    all day, from midnight of its first day to midnight after its last day."""
    end_date = end_date or start_date
    if start_time is None:
        if end_time is not None:
            raise ValidationError({"start_time": _("Give a start time with the end time.")})
        start = datetime.datetime.combine(start_date, datetime.time(), zone)
        end = datetime.datetime.combine(
            end_date + datetime.timedelta(days=1), datetime.time(), zone
        )
    else:
        if end_time is None:
            raise ValidationError({"end_time": _("Give the time the event ends.")})
        start = datetime.datetime.combine(start_date, start_time, zone)
        end = datetime.datetime.combine(end_date, end_time, zone)
    if end < start:
        raise ValidationError({"end_date": _("The event cannot end before it starts.")})
    return start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)


# ---- Events ------------------------------------------------------------------------------


def _set_fields(
    event: Event,
    *,
    title: str,
    kind: str,
    time_zone: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    location: str = "",
    online_url: str = "",
    languages: Iterable[str] = (),
    organizer: Organization | None = None,
    organizer_name: str = "",
    description: str = "",
    source_url: str = "",
    countries: Iterable[Country] = (),
    regional_organizations: Iterable[RegionalOrganization] = (),
    plans: Iterable[ActionPlan] = (),
) -> dict:
    """Check and set an event's fields; return its links, to set once it is saved."""
    event.starts_at, event.ends_at = event_times(
        zone=zone_named(time_zone),
        start_date=start_date,
        end_date=end_date,
        start_time=start_time,
        end_time=end_time,
    )
    event.title, event.kind, event.time_zone = title.strip(), _kind(kind), time_zone
    event.description, event.all_day = description.strip(), start_time is None
    event.location, event.online_url = location.strip(), online_url.strip()
    event.languages = _languages(languages)
    event.organizer = organizer
    event.organizer_name = "" if organizer else organizer_name.strip()
    event.source_url = source_url.strip()
    return {
        "countries": list(countries),
        "regional_organizations": list(regional_organizations),
        "plans": _public_plans(plans),
    }


def _set_links(event: Event, links: dict) -> None:
    for name, values in links.items():
        getattr(event, name).set(values)


def event_submit(*, actor, channel: str = "web", **fields) -> Event:
    """Submit an event for moderation; a moderator's own event is published at once.
    `fields` are those of _set_fields."""
    if not permissions.can_submit(actor):
        raise PermissionDenied(_("Sign in to submit an event."))
    direct = permissions.can_moderate(actor)
    event = Event(
        state=EventState.PUBLISHED if direct else EventState.SUBMITTED,
        submitted_by=actor,
        moderated_by=actor if direct else None,
        moderated_at=timezone.now() if direct else None,
    )
    links = _set_fields(event, **fields)
    with transaction.atomic():
        event.full_clean()
        event.save()
        _set_links(event, links)
        verb = "event.published" if direct else "event.submitted"
        _record(actor, verb, event, {"state": {"before": None, "after": event.state}}, channel)
    return event


# The fields an edit may change, and the state (a submitter's edit returns to moderation).
EDIT_TRACKED = (
    "state",
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "time_zone",
    "all_day",
    "location",
    "online_url",
    "languages",
    "organizer_id",
    "organizer_name",
    "description",
    "source_url",
)


def _snapshot(event: Event) -> dict:
    values = {name: getattr(event, name) for name in EDIT_TRACKED}
    values["countries"] = sorted(c.iso3 for c in event.countries.all())
    values["regional_organizations"] = sorted(b.slug for b in event.regional_organizations.all())
    values["plans"] = sorted(p.pk for p in event.plans.all())
    return values


def event_update(*, actor, event: Event, channel: str = "web", **fields) -> Event:
    """Change a submitted or published event (all its fields, as on submission). An edit
    by a submitter who is not a moderator sends a published event back to moderation."""
    if not permissions.can_change(actor, event):
        raise PermissionDenied(_("Only the event's submitter and the moderators change it."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.state not in (EventState.SUBMITTED, EventState.PUBLISHED):
            raise ValidationError(
                _("This event is %(state)s.") % {"state": event.get_state_display().lower()}
            )
        before = _snapshot(event)
        links = _set_fields(event, **fields)
        if event.state == EventState.PUBLISHED and not permissions.can_moderate(actor):
            event.state, event.moderated_by, event.moderated_at = EventState.SUBMITTED, None, None
        event.full_clean()
        event.save()
        _set_links(event, links)
        changes = changes_between(before, _snapshot(event))
        _record(actor, "event.updated", event, changes, channel)
    return event


def event_cancel(*, actor, event: Event, note: str = "", channel: str = "web") -> Event:
    """Cancel a published event: it stays on the calendar, marked cancelled, so that
    subscribed calendars receive STATUS:CANCELLED instead of silently losing it."""
    if not permissions.can_change(actor, event):
        raise PermissionDenied(_("Only the event's submitter and the moderators change it."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.state != EventState.PUBLISHED:
            raise ValidationError(
                _("Only a published event can be cancelled; this one is %(state)s.")
                % {"state": event.get_state_display().lower()}
            )
        event.state, event.cancelled_at = EventState.CANCELLED, timezone.now()
        event.cancellation_note = note.strip()
        event.full_clean()
        event.save()
        changes = {"state": {"before": EventState.PUBLISHED, "after": EventState.CANCELLED}}
        if event.cancellation_note:
            changes["cancellation_note"] = {"before": "", "after": event.cancellation_note}
        _record(actor, "event.cancelled", event, changes, channel)
    return event


def _moderate(actor, event: Event, state: str, reason: str, channel: str) -> Event:
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Only the platform's moderators publish or reject events."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.state != EventState.SUBMITTED:
            raise ValidationError(
                _("This event is already %(state)s.") % {"state": event.get_state_display().lower()}
            )
        event.state, event.rejection_reason = state, reason
        event.moderated_by, event.moderated_at = actor, timezone.now()
        event.full_clean()
        event.save()
        changes = {"state": {"before": EventState.SUBMITTED, "after": state}}
        if reason:
            changes["rejection_reason"] = {"before": "", "after": reason}
        _record(actor, f"event.{state}", event, changes, channel)
    return event


def event_publish(*, actor, event: Event, channel: str = "web") -> Event:
    return _moderate(actor, event, EventState.PUBLISHED, "", channel)


def event_reject(*, actor, event: Event, reason: str, channel: str = "web") -> Event:
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the event is rejected: the submitter sees it.")}
        )
    return _moderate(actor, event, EventState.REJECTED, reason, channel)


# ---- Private feed tokens -----------------------------------------------------------------


def calendar_feed_token_create(*, actor, channel: str = "web") -> tuple[CalendarFeedToken, str]:
    """A new secret for the actor's "my deadlines" feed; the previous one stops working.
    The raw value is returned once and never stored."""
    if not permissions.can_submit(actor):
        raise PermissionDenied(_("Sign in to get a private calendar feed."))
    with transaction.atomic():
        live = CalendarFeedToken.objects.select_for_update().filter(user=actor, revoked_at=None)
        for token in live:
            calendar_feed_token_revoke(actor=actor, token=token, channel=channel)
        raw = secrets.token_urlsafe(32)
        token = CalendarFeedToken.objects.create(
            user=actor, digest=CalendarFeedToken.digest_of(raw), prefix=raw[:8]
        )
        changes = {"prefix": {"before": None, "after": token.prefix}}
        _record(actor, "calendar_feed_token.created", token, changes, channel)
    return token, raw


def calendar_feed_token_revoke(*, actor, token: CalendarFeedToken, channel: str = "web"):
    if token.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the feed's owner may revoke it."))
    if token.revoked_at is not None:
        raise ValidationError(_("This feed address is already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    changes = {"revoked_at": {"before": None, "after": str(token.revoked_at)}}
    _record(actor, "calendar_feed_token.revoked", token, changes, channel)
    return token
