"""manage.py generate_synthetic_data: a synthetic scale dataset in a throw-away database."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from naptrack.synthetic import generator

CONFIRM = "--i-understand-this-is-synthetic"


class Command(BaseCommand):
    help = (
        "Fill a throw-away database with made-up countries, plans, reporting cycles and "
        "published reports, labelled synthetic, for benchmarks. Refuses to run in production, "
        "without " + CONFIRM + ", or on a database holding real data (without --allow-mixed)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            CONFIRM,
            dest="confirmed",
            action="store_true",
            help="Required: say that you want made-up data in this database.",
        )
        parser.add_argument("--plans", type=int, default=200)
        parser.add_argument("--actions", type=int, default=100, help="Actions per plan.")
        parser.add_argument("--indicators", type=int, default=5, help="Indicators per action.")
        parser.add_argument("--cycles", type=int, default=20, help="Quarterly cycles per plan.")
        parser.add_argument(
            "--published",
            type=int,
            default=None,
            help="Official reports published per plan, latest cycles first "
            "(default: every cycle's).",
        )
        parser.add_argument("--seed", type=int, default=1325)
        parser.add_argument(
            "--allow-mixed",
            action="store_true",
            help="Run even though the database holds real data.",
        )
        parser.add_argument(
            "--delete", action="store_true", help="Remove every synthetic record instead, and stop."
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if not options["confirmed"]:
            raise CommandError(f"Nothing written: pass {CONFIRM} to generate made-up data.")
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Nothing written: synthetic data is never made in production.")
        started = time.monotonic()
        if options["delete"]:
            done = generator.delete_all(progress=self._progress)
            self.stdout.write(
                f"Deleted {done['plans']} synthetic plans, {done['countries']} countries."
            )
            return
        self._generate(options)
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")

    def _generate(self, options):
        scale = self._scale(options)
        if generator.synthetic_counts()["plans"]:
            raise CommandError(
                "Nothing written: this database already holds synthetic plans. "
                "Remove them first with --delete."
            )
        try:
            totals = generator.generate(
                scale, allow_mixed=options["allow_mixed"], progress=self._progress
            )
        except generator.UnsafeDatabase as error:
            raise CommandError(f"Nothing written: {error}") from error
        self.stdout.write(
            f"Generated {totals['plans']} synthetic plans, {totals['updates']} agency updates, "
            f"{totals['reports']} published official reports (all labelled {generator.LABEL})."
        )

    def _scale(self, options) -> generator.Scale:
        for name in ("plans", "actions", "indicators", "cycles"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1 (got {options[name]}).")
        if options["published"] is not None and options["published"] < 0:
            raise CommandError(f"--published cannot be negative (got {options['published']}).")
        return generator.Scale(
            plans=options["plans"],
            actions=options["actions"],
            indicators=options["indicators"],
            cycles=options["cycles"],
            published=options["published"],
            seed=options["seed"],
        )

    def _progress(self, message: str) -> None:
        if self.verbosity >= 2:
            self.stdout.write(message)
