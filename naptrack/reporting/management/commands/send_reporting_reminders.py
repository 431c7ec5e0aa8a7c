"""Daily reminders and escalations for reporting cycles (see docs/reporting.md)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from naptrack.reporting.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Email agency reporters before due dates and when overdue, and escalate overdue "
        "items to coordinators. Safe to run repeatedly: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Run as of this day (YYYY-MM-DD) instead of today, e.g. to catch up."
        )

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}.") from None
        run = reminders_send(today=today)
        for kind, emails in run.emails.items():
            self.stdout.write(f"{kind}: {emails} email(s) about {run.items[kind]} item(s)")
