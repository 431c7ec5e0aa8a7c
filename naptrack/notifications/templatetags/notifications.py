"""Pieces other apps' pages show: the notifications on "My work" and the follow button
on country, plan and regional body pages. Loaded by templates only, so the apps those
pages belong to import nothing from here."""

from django import template

from naptrack.notifications import selectors
from naptrack.notifications.rules import describe

register = template.Library()

PANEL_SIZE = 10


@register.filter
def notification_text(notification) -> str:
    return describe(notification.activity)


@register.inclusion_tag("notifications/_panel.html", takes_context=True)
def notifications_panel(context, user):
    items = list(selectors.notifications_of(user)[:PANEL_SIZE])
    return {
        "notifications": items,
        "unread": sum(1 for n in items if n.read_at is None),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("notifications/_follow.html", takes_context=True)
def follow_button(context, subject):
    request = context["request"]
    field = selectors.subject_field(subject)
    key = {"plan": "pk", "country": "iso3"}.get(field, "slug")
    return {
        "user": request.user,
        "subject": subject,
        "kind": field,
        "key": getattr(subject, key),
        "following": selectors.follow_of(request.user, subject) is not None,
        "path": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
