"""Writes of the notifications app: telling people of an audited event, their reading
and settings, following, and the email outbox (sent, retried with backoff, digested).

Notifications and deliveries are derived from the audit trail and write no Activity of
their own; a person's settings and follows are their own choices and are audited.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.core.models import Activity
from naptrack.core.services import activity_record, changes_between
from naptrack.notifications import selectors
from naptrack.notifications.choices import (
    DEFAULT_DELIVERY,
    Delivery,
    EmailKind,
    EmailState,
    Family,
    Reason,
)
from naptrack.notifications.emails import build_message
from naptrack.notifications.models import (
    EmailDelivery,
    Follow,
    Notification,
    NotificationPreference,
    StoppedAddress,
)
from naptrack.notifications.rules import RULES, Rule
from naptrack.registry.selectors import plan_id_of

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
RETRY_BASE = datetime.timedelta(minutes=5)  # then 10, 20, 40, 80 minutes
SEND_LEASE = datetime.timedelta(minutes=10)  # another sender leaves a claimed email alone
DIGEST_HOUR = 6  # daily digests go out from this hour on (settings.TIME_ZONE)


# ---- Who is told ----------------------------------------------------------------------


def _plan_of(target):
    from naptrack.registry.models import ActionPlan

    plan_id = plan_id_of(target)
    return ActionPlan.objects.filter(pk=plan_id).first() if plan_id else None


def audience(rule: Rule, activity: Activity, target) -> dict:
    """{person: reason}: those concerned, then followers of a public event; never the
    actor, never anyone who may not see the target now."""
    people = {}
    for person in rule.concerned(activity, target) if rule.concerned else ():
        people.setdefault(person, Reason.CONCERNED)
    plan = _plan_of(target) if rule.followed else None
    if plan is not None and selectors.is_public(target):
        for person in selectors.followers_of(plan):
            people.setdefault(person, Reason.FOLLOWING)
    return {
        person: reason
        for person, reason in people.items()
        if person.pk != activity.actor_id
        and person.is_active
        and selectors.readable_by(person, target)
    }


def deliveries_for(users) -> dict[tuple[int, str], str]:
    """{(user id, family): delivery} as each person set it; absent pairs use the default."""
    rows = NotificationPreference.objects.filter(user__in=list(users))
    return {(row.user_id, row.family): row.delivery for row in rows}


def delivery_of(chosen: dict, user, family: str) -> str:
    return chosen.get((user.pk, family), DEFAULT_DELIVERY[family])


def _url_of(rule: Rule, target) -> str:
    if rule.link is not None:
        return rule.link(target)
    if hasattr(target, "get_absolute_url"):
        return target.get_absolute_url()
    from django.urls import reverse

    return reverse("accounts:dashboard")


def notifications_create(*, activity: Activity) -> list[int]:
    """Notify everyone the event concerns (idempotent: a person is told once). Returns the
    ids of the emails to send at once."""
    rule = RULES.get(activity.verb)
    target = selectors.target_of(activity) if rule else None
    if target is None:
        return []
    people = audience(rule, activity, target)
    told = set(
        Notification.objects.filter(activity=activity).values_list("recipient_id", flat=True)
    )
    chosen = deliveries_for(people)
    url = _url_of(rule, target)
    emails = []
    with transaction.atomic():
        for person, reason in people.items():
            if person.pk in told:
                continue
            family = rule.family if reason == Reason.CONCERNED else Family.FOLLOWING
            delivery = delivery_of(chosen, person, family) if person.email else Delivery.OFF
            notification = Notification.objects.create(
                recipient=person,
                activity=activity,
                family=family,
                reason=reason,
                url=url,
                digest_pending=delivery == Delivery.DAILY,
            )
            if delivery == Delivery.IMMEDIATELY:
                emails.append(_delivery_create(person, EmailKind.IMMEDIATE, [notification]).pk)
    if rule.addresses is not None and selectors.is_public(target):
        emails += _address_deliveries(rule, activity, target, told_accounts=people)
    return emails


def _address_deliveries(rule: Rule, activity: Activity, target, *, told_accounts) -> list[int]:
    """One email per address that participants without an account left, for this event
    (idempotent: the outbox keeps one per address and event). Not to an address that
    asked to stop, nor to one whose account hears of the event already. Only for events
    the public may see: the email links to a public page."""
    wanted = rule.addresses(activity, target)
    skip = {person.email.lower() for person in told_accounts if person.email}
    skip |= set(StoppedAddress.objects.filter(address__in=wanted).values_list("address", flat=True))
    skip |= set(
        EmailDelivery.objects.filter(activity=activity, address__in=wanted).values_list(
            "address", flat=True
        )
    )
    now = timezone.now()
    new = [
        EmailDelivery(
            address=address,
            activity=activity,
            language=language,
            kind=EmailKind.IMMEDIATE,
            next_attempt_at=now,
        )
        for address, language in wanted.items()
        if address not in skip
    ]
    EmailDelivery.objects.bulk_create(new, ignore_conflicts=True)
    created = EmailDelivery.objects.filter(
        activity=activity, address__in=[email.address for email in new], state=EmailState.PENDING
    )
    return list(created.values_list("pk", flat=True))


def _delivery_create(person, kind: str, notifications) -> EmailDelivery:
    email = EmailDelivery.objects.create(
        recipient=person, kind=kind, next_attempt_at=timezone.now()
    )
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        delivery=email, digest_pending=False
    )
    return email


def notify_request(*, activity_id: int, run_after=None) -> None:
    """Queue the event for the worker (`db_worker`), after its writer committed. A backend
    that cannot defer (the immediate one) runs it now: people who may see it now hear."""
    from naptrack.notifications.tasks import notify_activity

    task = notify_activity
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    task.enqueue(activity_id)


# ---- Reading -------------------------------------------------------------------------


def notifications_mark_read(*, actor, ids=None) -> int:
    """Mark the person's unread notifications read (all, or those ids); others' are never
    touched."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


# ---- Settings and unsubscribing --------------------------------------------------------


def preferences_of(user) -> dict[str, str]:
    chosen = deliveries_for([user])
    return {family: delivery_of(chosen, user, family) for family in Family.values}


def preferences_update(
    *, actor, user, deliveries: dict[str, str], language: str | None = None, channel="web"
) -> None:
    """Set how each family is emailed (and the language of the emails) for `user`: the
    signed-in person, or the holder of their unsubscribe link (actor None)."""
    if actor is not None and actor.pk != user.pk:
        raise ValidationError(_("You can change only your own notification settings."))
    _check_choices(deliveries, language)
    before = {**preferences_of(user), "language": user.language}
    with transaction.atomic():
        for family, delivery in deliveries.items():
            NotificationPreference.objects.update_or_create(
                user=user, family=family, defaults={"delivery": delivery}
            )
        if language is not None and language != user.language:
            user.language = language
            user.save(update_fields=["language"])
        after = {**preferences_of(user), "language": user.language}
        activity_record(
            actor=actor,
            verb="notifications.settings_changed",
            target=user,
            changes=changes_between(before, after),
            channel=channel,
        )


def _check_choices(deliveries: dict, language) -> None:
    for family, delivery in deliveries.items():
        if family not in Family.values or delivery not in Delivery.values:
            raise ValidationError(
                _("Unknown setting “%(family)s: %(delivery)s”.")
                % {"family": family, "delivery": delivery}
            )
    languages = {code for code, _name in settings.LANGUAGES} | {""}
    if language is not None and language not in languages:
        raise ValidationError({"language": _("Unknown language “%(code)s”.") % {"code": language}})


def unsubscribe(*, user, families) -> None:
    """The one-click link: stop email for these families, without signing in."""
    preferences_update(
        actor=None,
        user=user,
        deliveries=dict.fromkeys(families, Delivery.OFF),
        channel="email",
    )


def address_stop(*, address: str) -> StoppedAddress:
    """The link in a participant's email: no more email to this address, whatever the
    event (people without an account have no settings). Audited without the address."""
    with transaction.atomic():
        stopped, created = StoppedAddress.objects.get_or_create(address=address.strip().lower())
        if created:
            activity_record(
                actor=None, verb="notifications.address_stopped", target=stopped, channel="email"
            )
    return stopped


# ---- Following -----------------------------------------------------------------------


def follow_create(*, actor, subject, channel: str = "web") -> Follow:
    """Follow a country, a plan or a regional body (once; following again changes nothing)."""
    field = selectors.subject_field(subject)
    follow, created = Follow.objects.get_or_create(user=actor, **{field: subject})
    if created:
        activity_record(actor=actor, verb="follow.created", target=follow, channel=channel)
    return follow


def follow_delete(*, actor, subject, channel: str = "web") -> None:
    follow = selectors.follow_of(actor, subject)
    if follow is None:
        return
    with transaction.atomic():
        activity_record(actor=actor, verb="follow.deleted", target=follow, channel=channel)
        follow.delete()


# ---- The outbox ----------------------------------------------------------------------


def _claim(delivery_id: int, now) -> bool:
    """Take the email for this sender: due and unsent, pushed past the lease at once, so a
    second worker or a cron run at the same moment leaves it alone."""
    return bool(
        EmailDelivery.objects.filter(
            pk=delivery_id, state=EmailState.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=now + SEND_LEASE)
    )


def delivery_send(*, delivery_id: int, now=None) -> bool:
    """Send one due email. A failure is recorded, with the next attempt after an
    exponential backoff, until MAX_ATTEMPTS; it never raises."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return False
    delivery = EmailDelivery.objects.select_related("recipient").get(pk=delivery_id)
    try:
        message = build_message(delivery)
        if message is not None:
            message.send()
    except Exception as exc:  # any mail trouble: keep the email and try again later
        _failed(delivery, exc, now)
        return False
    delivery.state = EmailState.SENT
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["state", "sent_at"])
    return True


def _failed(delivery: EmailDelivery, exc: Exception, now) -> None:
    delivery.attempts += 1
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:1000]
    delivery.next_attempt_at = now + RETRY_BASE * 2 ** (delivery.attempts - 1)
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.state = EmailState.FAILED
    delivery.save(update_fields=["attempts", "last_error", "next_attempt_at", "state"])
    logger.warning("Email %s failed (attempt %s): %s", delivery.pk, delivery.attempts, exc)
    if delivery.state == EmailState.PENDING:
        transaction.on_commit(lambda: _retry_request(delivery), robust=True)


def _retry_request(delivery: EmailDelivery) -> None:
    """Queue the next attempt where the backend can wait; otherwise the next
    `send_notifications` run picks it up."""
    from naptrack.notifications.tasks import send_email

    if send_email.get_backend().supports_defer:
        send_email.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)


def deliveries_send_due(*, now=None) -> tuple[int, int]:
    """Send every due email; returns (sent, failed this time)."""
    now = now or timezone.now()
    due = EmailDelivery.objects.filter(state=EmailState.PENDING, next_attempt_at__lte=now)
    sent = failed = 0
    for delivery_id in due.order_by("next_attempt_at").values_list("pk", flat=True):
        if delivery_send(delivery_id=delivery_id, now=now):
            sent += 1
        else:
            failed += 1
    return sent, failed


def delivery_retry(*, actor, delivery: EmailDelivery, channel: str = "web") -> EmailDelivery:
    """A platform admin asks for one more try now (the mail server is fixed, say)."""
    with transaction.atomic():
        before = {"state": delivery.state, "next_attempt_at": delivery.next_attempt_at}
        delivery.state = EmailState.PENDING
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["state", "next_attempt_at"])
        after = {"state": delivery.state, "next_attempt_at": delivery.next_attempt_at}
        activity_record(
            actor=actor,
            verb="notifications.email_retried",
            target=delivery,
            changes=changes_between(before, after),
            channel=channel,
        )
        transaction.on_commit(lambda: _send_request(delivery.pk), robust=True)
    return delivery


def _send_request(delivery_id: int) -> None:
    from naptrack.notifications.tasks import send_email

    send_email.enqueue(delivery_id)


# ---- Daily digests -------------------------------------------------------------------


def digests_build(*, now=None) -> int:
    """One digest a day per person with events waiting, from DIGEST_HOUR on. Events of a
    family the person has since switched off are dropped; switched to immediate, they
    still go in the digest. Returns the number of digests made."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < DIGEST_HOUR:
        return 0
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    waiting = Notification.objects.filter(digest_pending=True)
    made = 0
    for user_id in waiting.values_list("recipient_id", flat=True).distinct().order_by():
        made += _digest_build(user_id, since=today)
    return made


def _digest_build(user_id: int, *, since) -> int:
    done_today = EmailDelivery.objects.filter(
        recipient_id=user_id, kind=EmailKind.DIGEST, created_at__gte=since
    )
    if done_today.exists():
        return 0
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(recipient_id=user_id, digest_pending=True)
        )
        if not pending:
            return 0
        person = pending[0].recipient
        off = {f for f, d in preferences_of(person).items() if d == Delivery.OFF}
        Notification.objects.filter(pk__in=[n.pk for n in pending if n.family in off]).update(
            digest_pending=False
        )
        wanted = [n for n in pending if n.family not in off]
        if wanted and person.email:
            _delivery_create(person, EmailKind.DIGEST, wanted)
            return 1
    return 0
