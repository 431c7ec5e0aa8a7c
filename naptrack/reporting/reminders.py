"""Reminders: reporters are emailed when their items are due soon or overdue, and items
overdue for long enough are escalated to the plan's coordinators. Every item sent is
logged (ReminderLog) before the email goes, so nothing is sent twice (docs/reporting.md)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from naptrack.accounts.choices import Role
from naptrack.accounts.models import Membership
from naptrack.reporting import selectors
from naptrack.reporting.choices import ReminderKind
from naptrack.reporting.conf import setting
from naptrack.reporting.models import ActionUpdate, ReminderLog


@dataclass
class ReminderRun:
    """What one run of reminders_send did: emails sent per kind, and updates mentioned."""

    emails: dict = field(default_factory=lambda: dict.fromkeys(ReminderKind.values, 0))
    items: dict = field(default_factory=lambda: dict.fromkeys(ReminderKind.values, 0))


def _reminder_kinds(update: ActionUpdate, today: datetime.date) -> list[str]:
    due = update.cycle.due_date
    if today < due:
        ahead = (due - today).days
        return (
            [ReminderKind.BEFORE_DUE]
            if ahead <= setting("NAPTRACK_REPORTING_REMINDER_DAYS")
            else []
        )
    if today == due:
        return []
    kinds = [ReminderKind.OVERDUE]
    if (today - due).days >= setting("NAPTRACK_REPORTING_ESCALATION_DAYS"):
        kinds.append(ReminderKind.ESCALATION)
    return kinds


def _already_sent(kind: str, today: datetime.date):
    """Log rows that mean "do not send this kind again yet"."""
    logs = ReminderLog.objects.filter(kind=kind)
    if kind == ReminderKind.OVERDUE:
        repeat = max(1, setting("NAPTRACK_REPORTING_OVERDUE_REPEAT_DAYS"))
        return logs.filter(sent_on__gt=today - datetime.timedelta(days=repeat))
    return logs  # a due-soon reminder and an escalation go out once per item and person


def _recipients(updates: list[ActionUpdate]) -> tuple[dict, dict]:
    """Reporters by agency id and coordinators by plan id (active users with an email)."""
    agency_ids = {u.agency_id for u in updates}
    reporters = defaultdict(list)
    for m in Membership.objects.filter(
        role=Role.AGENCY_REPORTER, organization_id__in=agency_ids, user__is_active=True
    ).select_related("user"):
        reporters[m.organization_id].append(m.user)
    coordinators = defaultdict(list)
    plans = {u.cycle.plan for u in updates}
    memberships = list(
        Membership.objects.filter(role=Role.COORDINATOR, user__is_active=True)
        .filter(
            Q(country_id__in={p.country_id for p in plans if p.country_id})
            | Q(
                regional_organization_id__in={
                    p.regional_organization_id for p in plans if p.regional_organization_id
                }
            )
        )
        .select_related("user")
    )
    for plan in plans:
        coordinators[plan.pk] = [
            m.user
            for m in memberships
            if (plan.country_id and m.country_id == plan.country_id)
            or (
                plan.regional_organization_id
                and m.regional_organization_id == plan.regional_organization_id
            )
        ]
    return reporters, coordinators


def _pending_reminders(today: datetime.date) -> dict[tuple, list[ActionUpdate]]:
    """{(recipient, kind): [updates]} still to be sent today."""
    updates = list(selectors.updates_awaiting_report())
    reporters, coordinators = _recipients(updates)
    sent = {
        kind: set(_already_sent(kind, today).values_list("update_id", "recipient_id"))
        for kind in ReminderKind.values
    }
    pending = defaultdict(list)
    for update in updates:
        for kind in _reminder_kinds(update, today):
            people = (
                coordinators[update.cycle.plan_id]
                if kind == ReminderKind.ESCALATION
                else reporters[update.agency_id]
            )
            for person in people:
                if person.email and (update.pk, person.pk) not in sent[kind]:
                    pending[(person, kind)].append(update)
    return pending


def _claim(updates, person, kind, today) -> list[ActionUpdate]:
    """Log each item before sending; an item another run logged first is skipped."""
    claimed = []
    for update in updates:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    update=update, recipient=person, kind=kind, sent_on=today
                )
            claimed.append(update)
        except IntegrityError:
            continue
    return claimed


REMINDER_SUBJECTS = {
    ReminderKind.BEFORE_DUE: _lazy("Reporting due soon: %(n)d item(s)"),
    ReminderKind.OVERDUE: _lazy("Reporting overdue: %(n)d item(s)"),
    ReminderKind.ESCALATION: _lazy("Overdue agency reports on your plan: %(n)d item(s)"),
}


def _reminder_send_one(person, kind: str, updates: list[ActionUpdate], today) -> None:
    context = {
        "person": person,
        "kind": kind,
        "updates": updates,
        "today": today,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    body = render_to_string("reporting/email/reminder.txt", context)
    subject = str(REMINDER_SUBJECTS[kind]) % {"n": len(updates)}
    send_mail(subject, body, None, [person.email])


def reminders_send(*, today: datetime.date | None = None) -> ReminderRun:
    """Email reporters whose items are due soon or overdue, and escalate items overdue
    for long enough to the plan's coordinators. Safe to run as often as you like: what
    was already sent (ReminderLog) is not sent again."""
    today = today or timezone.localdate()
    run = ReminderRun()
    for (person, kind), updates in _pending_reminders(today).items():
        claimed = _claim(updates, person, kind, today)
        if not claimed:
            continue
        try:
            _reminder_send_one(person, kind, claimed, today)
        except Exception:
            # Unclaim, so that the next run tries again, then let the operator know.
            ReminderLog.objects.filter(
                update__in=claimed, recipient=person, kind=kind, sent_on=today
            ).delete()
            raise
        run.emails[kind] += 1
        run.items[kind] += len(claimed)
    return run
