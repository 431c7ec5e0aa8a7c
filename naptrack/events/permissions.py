"""Who may see and change what in the calendar. Every view and endpoint gets its events
through these helpers.

- Everyone sees published events.
- A signed-in person submits events; they see their own submissions in every state.
- Moderators (and platform admins) see every event, publish or reject submissions, and
  their own events are published when created. They never see another person's
  private deadline feed.
- Its submitter and the moderators edit it and cancel it once published; a cancelled
  event stays public, marked cancelled. An edit by a submitter who is not a moderator
  sends a published event back to moderation.
- Anything else is 404, so that a submission's existence stays hidden.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from naptrack.accounts.choices import Role
from naptrack.accounts.permissions import is_platform_admin
from naptrack.accounts.selectors import user_scopes
from naptrack.events.choices import ON_CALENDAR
from naptrack.events.models import Event


def can_moderate(user) -> bool:
    return user_scopes(user).has_role(Role.MODERATOR) or is_platform_admin(user)


def can_submit(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_submitter(user, event: Event) -> bool:
    return can_submit(user) and event.submitted_by_id == user.pk


def can_read(user, event: Event) -> bool:
    if event.state in ON_CALENDAR:
        return True
    return is_submitter(user, event) or can_moderate(user)


def can_change(user, event: Event) -> bool:
    """Its submitter and the moderators edit and cancel an event."""
    return is_submitter(user, event) or can_moderate(user)


def event_for_change(user, pk) -> Event:
    event = event_for_read(user, pk)
    if not can_change(user, event):
        raise PermissionDenied(_("Only the event's submitter and the moderators change it."))
    return event


def event_for_read(user, pk) -> Event:
    event = Event.objects.select_related("organizer").filter(pk=_int(pk)).first()
    if event is None or not can_read(user, event):
        raise Http404(_("No such event."))
    return event


def event_for_moderation(user, pk) -> Event:
    event = event_for_read(user, pk)
    if not can_moderate(user):
        raise PermissionDenied(_("Only the platform's moderators publish or reject events."))
    return event


def _int(pk) -> int | None:
    return int(pk) if str(pk).isdigit() else None
