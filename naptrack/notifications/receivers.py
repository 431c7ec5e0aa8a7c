"""Notifications follow the audit trail: every audit row whose verb is in the table of
rules.py is handed to the worker once the writer's transaction commits (decision 0008).
The workflow apps know nothing of notifications."""

from functools import partial

from django.db import transaction

from naptrack.notifications.rules import RULES
from naptrack.notifications.services import notify_request


def notify_when_concerned(sender, *, activity, target, **kwargs) -> None:
    rule = RULES.get(activity.verb)
    if rule is None:
        return
    # Read from the target in hand: the receiver adds no query to the writer's transaction.
    run_after = rule.not_before(target) if rule.not_before else None
    # On commit only, so a rolled-back change tells nobody; robust, so a failed enqueue
    # never turns a saved change into an error page.
    callback = partial(notify_request, activity_id=activity.pk, run_after=run_after)
    transaction.on_commit(callback, robust=True)
