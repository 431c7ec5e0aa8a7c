"""Analyse read documents now, in this process (see docs/library.md).

The worker does this after every reading and after keyword edits; this command catches
up from the command line, for example after an upgrade that changes the method."""

from django.core.management.base import BaseCommand

from naptrack.library.services.analysis import document_analyse, documents_to_analyse


class Command(BaseCommand):
    help = "Count keyword families and suggest evidence in read documents not yet analysed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Analyse every read document again."
        )
        parser.add_argument("--document", type=int, action="append", help="Only this id.")

    def handle(self, *args, force=False, document=None, **options):
        ids = document or documents_to_analyse(force=force)
        analysed = 0
        for pk in ids:
            run = document_analyse(document_id=pk, force=force or bool(document))
            if run is None:
                self.stderr.write(f"Document {pk}: not read yet, skipped.")
                continue
            analysed += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"Document {pk}: {run.theme_counts.count()} families found.")
        self.stdout.write(f"Analysed {analysed} documents.")
