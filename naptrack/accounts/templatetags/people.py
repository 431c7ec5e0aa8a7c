"""Naming people in templates: always through accounts.models.person_label."""

from django import template

from naptrack.accounts.models import person_label

register = template.Library()


@register.filter
def person(user, role: str = "") -> str:
    """`{{ update.submitted_by|person:_("an agency reporter") }}`: the display name, else
    the role given, never the email (also for a deleted person: user is None)."""
    return person_label(user or None, role)


@register.filter
def actor(activity) -> str:
    """Who made an audited change: the person as person_label names them, else the label
    stored when it was made (the system, or a person since deleted)."""
    if activity.actor_id:
        return person_label(activity.actor)
    return activity.actor_label or "system"
