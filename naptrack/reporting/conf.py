"""Reporting settings, read when needed so tests and operators can change them. The
environment variables behind them are listed in docs/configuration.md."""

from django.conf import settings

DEFAULTS = {
    # Evidence files larger than this are refused.
    "NAPTRACK_MAX_EVIDENCE_BYTES": 10 * 1024 * 1024,
    # Reporters get a reminder this many days before the due date.
    "NAPTRACK_REPORTING_REMINDER_DAYS": 7,
    # Overdue reminders repeat every so many days while the item stays overdue.
    "NAPTRACK_REPORTING_OVERDUE_REPEAT_DAYS": 7,
    # Items this many days overdue are escalated to the plan's coordinators.
    "NAPTRACK_REPORTING_ESCALATION_DAYS": 3,
}


def setting(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))
