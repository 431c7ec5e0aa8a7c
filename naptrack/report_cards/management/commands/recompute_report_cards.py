"""Recompute report cards (see docs/report-cards.md). Run it after data changes and
periodically (cron): a card is written only when a plan's inputs or the method changed."""

from django.core.management.base import BaseCommand, CommandError

from naptrack.registry.models import ActionPlan
from naptrack.report_cards.services import report_cards_recompute_all


class Command(BaseCommand):
    help = (
        "Recompute every plan's report card. Idempotent: a new card only when the plan's "
        "inputs or the method version changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", type=int, action="append", help="Only this plan (repeatable)."
        )

    def handle(self, *args, plan=None, **options):
        plans = None
        if plan:
            plans = list(ActionPlan.objects.filter(pk__in=plan).order_by("pk"))
            missing = sorted(set(plan) - {p.pk for p in plans})
            if missing:
                raise CommandError(f"No such plan: {', '.join(map(str, missing))}.")
        run = report_cards_recompute_all(plans=plans)
        self.stdout.write(
            f"{run.plans} plan(s): {run.created} new card(s), {run.unchanged} unchanged."
        )
