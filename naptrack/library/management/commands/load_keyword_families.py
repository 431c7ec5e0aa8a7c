"""Add the starter list's keyword families that are missing (see docs/library.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from naptrack.library.keywords import KeywordFileError
from naptrack.library.services.keyword_families import keyword_families_load


class Command(BaseCommand):
    help = (
        "Add the keyword families and keywords of NAPtrack's starter list (or of --file) "
        "that are missing; never changes or removes what administrators edited."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", help="A CSV in the layout of the starter list.")

    def handle(self, *args, file=None, **options):
        try:
            families, keywords = keyword_families_load(path=Path(file) if file else None)
        except (KeywordFileError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Added {families} keyword families and {keywords} keywords.")
