from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from naptrack.registry.reference import REFERENCE_DIR, ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = (
        "Load or update countries, regions, regional organizations, pillars, resolutions, "
        "UN global indicators, every known action plan with its described sources, and the "
        "plans' coded facts from the reference CSV files. "
        "Idempotent; a malformed file writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=REFERENCE_DIR,
            help="Folder holding the reference CSV files.",
        )

    def handle(self, *args, directory: Path, **options):
        try:
            summary = load_reference_data(directory)
        except ReferenceDataError as exc:
            raise CommandError(
                f"Reference data rejected; nothing was written. {len(exc.errors)} problem(s):\n"
                + "\n".join(exc.errors)
            ) from exc
        if options["verbosity"] > 0:
            self.stdout.write(str(summary))
