from django.core.management.base import BaseCommand

from naptrack.notifications.services import deliveries_send_due, digests_build


class Command(BaseCommand):
    help = (
        "Make the daily digests that are due, then send every notification email due now, "
        "retrying failed ones. Safe to run as often as you like (every few minutes from cron)."
    )

    def handle(self, *args, **options):
        digests = digests_build()
        sent, failed = deliveries_send_due()
        self.stdout.write(f"{digests} digest(s) made, {sent} email(s) sent, {failed} failed")
