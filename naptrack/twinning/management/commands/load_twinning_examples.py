from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from naptrack.twinning.examples import EXAMPLES_CSV, ExamplesError, load_examples


class Command(BaseCommand):
    help = (
        "Load or update the documented twinning partnerships (each with its public source) "
        "from naptrack/twinning/data/partnerships.csv. Idempotent; a malformed file writes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=EXAMPLES_CSV, help="The CSV file.")

    def handle(self, *args, file: Path, **options):
        try:
            summary = load_examples(file)
        except ExamplesError as exc:
            raise CommandError(
                f"Twinning examples rejected; nothing was written. {len(exc.errors)} "
                "problem(s):\n" + "\n".join(exc.errors)
            ) from exc
        if options["verbosity"] > 0:
            self.stdout.write(str(summary))
