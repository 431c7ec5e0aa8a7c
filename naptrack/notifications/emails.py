"""The emails: one event or a daily digest, plain text and HTML, in the recipient's
language, each with a signed one-click unsubscribe link (RFC 8058 headers)."""

from itertools import groupby

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from naptrack.notifications.choices import EmailKind, Family
from naptrack.notifications.models import EmailDelivery
from naptrack.notifications.rules import describe

UNSUBSCRIBE_SALT = "naptrack.notifications.unsubscribe"


def language_of(user) -> str:
    return user.language or settings.LANGUAGE_CODE


def unsubscribe_token(user, families) -> str:
    """Signed with the secret key: whoever holds it may stop these emails for this person,
    and nobody can forge one for someone else or another family."""
    return signing.dumps({"user": user.pk, "families": sorted(families)}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> dict:
    """{"user": id, "families": [...]}; raises signing.BadSignature when tampered with."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not set(data.get("families", [])) <= set(Family.values):
        raise signing.BadSignature("Unknown families.")
    return data


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _sections(notifications) -> list[dict]:
    """Events grouped by family, in the order of Family, oldest first within each."""
    order = {family: index for index, family in enumerate(Family.values)}
    ordered = sorted(notifications, key=lambda n: (order[n.family], n.created_at, n.pk))
    return [
        {
            "family": Family(family).label,
            "items": [
                {"text": describe(n.activity), "url": _absolute(n.url) if n.url else ""}
                for n in items
            ],
        }
        for family, items in groupby(ordered, key=lambda n: n.family)
    ]


def _subject(delivery: EmailDelivery, notifications) -> str:
    if delivery.kind == EmailKind.DIGEST:
        return ngettext(
            "NAPtrack: %(n)d change in your daily digest",
            "NAPtrack: %(n)d changes in your daily digest",
            len(notifications),
        ) % {"n": len(notifications)}
    return _("NAPtrack: %(event)s") % {"event": describe(notifications[0].activity)}


def build_message(delivery: EmailDelivery) -> EmailMultiAlternatives | None:
    """The email for this delivery, or None when it has no event left to tell."""
    notifications = list(delivery.notifications.select_related("activity"))
    if not notifications:
        return None
    user = delivery.recipient
    families = {n.family for n in notifications}
    unsubscribe_url = _absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(user, families)])
    )
    with translation.override(language_of(user)):
        context = {
            "person": user,
            "digest": delivery.kind == EmailKind.DIGEST,
            "sections": _sections(notifications),
            "unsubscribe_url": unsubscribe_url,
            "settings_url": _absolute(reverse("notifications:settings")),
            "families": [Family(family).label for family in sorted(families)],
        }
        subject = _subject(delivery, notifications)
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        None,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
