"""Read queued documents now, in this process, printing progress (see docs/library.md).

The background worker (`manage.py db_worker`) does the same job for uploads; this command
is for the command line: catching up after an outage, retrying failures, or reading
documents again once OCR is installed."""

import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from naptrack.library.choices import IngestionStatus
from naptrack.library.models import Document
from naptrack.library.selectors import documents_to_ingest
from naptrack.library.services.ingestion import document_ingest, documents_requeue_stale
from naptrack.library.services.upload import document_retry


class Command(BaseCommand):
    help = "Read queued library documents now, with progress; optionally retry failed ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry", action="store_true", help="Also read failed documents again."
        )
        parser.add_argument(
            "--ocr",
            action="store_true",
            help="Also read again documents that waited for OCR (after installing tesseract).",
        )
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=60,
            help="Queue again documents left 'running' this long by a stopped worker.",
        )
        parser.add_argument("--document", type=int, action="append", help="Only this id.")

    def handle(self, *args, document=None, retry=False, ocr=False, stale_minutes=60, **options):
        self.verbosity = options["verbosity"]
        stale = documents_requeue_stale(
            older_than=timezone.now() - timedelta(minutes=stale_minutes)
        )
        if stale:
            self.stdout.write(
                f"{stale} documents left running by a stopped worker were queued again."
            )
        self._requeue(retry=retry, ocr=ocr, only=document)
        queued = documents_to_ingest(statuses=[IngestionStatus.QUEUED])
        if document:
            queued = queued.filter(pk__in=document)
        counts = {}
        for pk in list(queued.values_list("pk", flat=True)):
            result = document_ingest(document_id=pk, progress=self._progress())
            if result is not None:
                counts[result.status] = counts.get(result.status, 0) + 1
                self._report(result)
        total = sum(counts.values())
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        self.stdout.write(f"{total} documents read" + (f" ({summary})." if summary else "."))

    def _requeue(self, *, retry: bool, ocr: bool, only) -> None:
        statuses = [IngestionStatus.FAILED] * retry + [IngestionStatus.NEEDS_OCR] * ocr
        documents = documents_to_ingest(statuses=statuses)
        if only:
            documents = documents.filter(pk__in=only)
        for document in documents:
            document_retry(actor=None, document=document, enqueue=False)

    def _progress(self):
        last = {"at": 0.0}

        def show(document: Document) -> None:
            now = time.monotonic()
            final = document.pages_total and document.pages_done == document.pages_total
            if document.pages_done and (final or self.verbosity > 1 or now - last["at"] >= 1):
                last["at"] = now
                self.stdout.write(
                    f"#{document.pk} “{document.title}”: "
                    f"page {document.pages_done} of {document.pages_total}"
                )

        return show

    def _report(self, document: Document) -> None:
        line = f"#{document.pk} “{document.title}”: {document.status}"
        if document.status == IngestionStatus.FAILED:
            self.stdout.write(self.style.ERROR(f"{line} — {document.error}"))
        else:
            self.stdout.write(self.style.SUCCESS(line))
