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
STOP_SALT = "naptrack.notifications.stop-address"


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
    if delivery.address:
        return _participant_message(delivery)
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


# ---- Participants without an account -----------------------------------------------------


def stop_token(delivery: EmailDelivery) -> str:
    """Signed with the secret key: whoever holds it may stop email to the address this
    email went to. It names the email, not the address, which would otherwise be
    readable (signing does not encrypt) in every log of the link."""
    return signing.dumps({"email": delivery.pk}, salt=STOP_SALT)


def read_stop_token(token: str) -> int:
    """The id of the email; raises signing.BadSignature when tampered with."""
    data = signing.loads(token, salt=STOP_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("email"), int):
        raise signing.BadSignature("No email.")
    return data["email"]


def _participant_event(activity, target) -> dict | None:
    """What a participant's email says of the event: its subject, one sentence, the link.
    Only the consultation or plan is named: never another participant."""
    from naptrack.registry.models import ActionPlan

    if activity.verb == "consultation.reported":
        return {
            "subject": _("NAPtrack: the answers to your input are published"),
            "event": _(
                "The coordinators of the consultation “%(title)s” have published their "
                "answer to every input, yours included: what they did with it and why."
            )
            % {"title": target.title},
            "url": reverse("consultations:report_page", args=[target.pk]),
        }
    if activity.verb == "plan.adopted" and isinstance(target, ActionPlan):
        return {
            "subject": _("NAPtrack: the plan you gave your views on was adopted"),
            "event": _(
                "The plan “%(title)s”, on which you gave your views in a consultation, was adopted."
            )
            % {"title": target.title},
            "url": target.get_absolute_url(),
        }
    return None


def _participant_message(delivery: EmailDelivery) -> EmailMultiAlternatives | None:
    """One event for a participant without an account, to the address they left; None
    once the address asked to stop or the event's object is gone."""
    from naptrack.notifications.models import StoppedAddress
    from naptrack.notifications.selectors import target_of

    if StoppedAddress.objects.filter(address=delivery.address.lower()).exists():
        return None
    target = target_of(delivery.activity)
    stop_url = _absolute(reverse("notifications:stop", args=[stop_token(delivery)]))
    with translation.override(delivery.language or settings.LANGUAGE_CODE):
        event = _participant_event(delivery.activity, target) if target is not None else None
        if event is None:
            return None
        context = {**event, "url": _absolute(event["url"]), "stop_url": stop_url}
        text = render_to_string("notifications/email/participant.txt", context)
        html = render_to_string("notifications/email/participant.html", context)
    message = EmailMultiAlternatives(
        str(event["subject"]),
        text,
        None,
        [delivery.address],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
