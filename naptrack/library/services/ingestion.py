"""Ingestion: a queued document read into pages, tables and search entries.

Ingestion reads the file in a child process (sandbox.py) and keeps everything it found
in memory; pages, tables and search entries are then written in one transaction, so a
document is either fully read or has no pages at all. Every way reading can fail ends
with the document marked failed and a message; nothing escapes to kill the worker.
"""

import logging
import time
from collections.abc import Callable
from datetime import datetime

import pycountry
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from naptrack.core.services import activity_record
from naptrack.library import limits, sandbox
from naptrack.library.choices import (
    IngestionStatus,
)
from naptrack.library.extraction import Extraction, ExtractionError
from naptrack.library.models import (
    Document,
    DocumentPage,
    DocumentTable,
    SearchEntry,
)
from naptrack.library.services.search_index import page_entries
from naptrack.library.sniffing import sniff

logger = logging.getLogger(__name__)
Progress = Callable[[Document], None]
PROGRESS_EVERY_SECONDS = 1.0


def document_ingest(*, document_id: int, progress: Progress | None = None) -> Document | None:
    """Reads one queued document. Returns it finished (done, needs_ocr or failed), or
    None when it was not queued (another worker has it, or it is already read)."""
    claimed = Document.objects.filter(pk=document_id, status=IngestionStatus.QUEUED).update(
        status=IngestionStatus.RUNNING,
        attempts=F("attempts") + 1,
        pages_done=0,
        pages_total=None,
        error_code="",
        error_params={},
        updated_at=timezone.now(),
    )
    if not claimed:
        return None
    document = Document.objects.select_related("plan").get(pk=document_id)
    try:
        extraction = _extract(document, _Reporter(document, progress))
        document = _store_pages(document, extraction)
    except ExtractionError as exc:
        return _fail(document, exc.code, exc.params)
    except Exception:  # the worker must outlive any bug: log it, fail this document only
        logger.exception("Reading document %s failed unexpectedly", document_id)
        return _fail(document, "internal", {})
    _enqueue_analysis(document)
    return document


def _enqueue_analysis(document: Document) -> None:
    from naptrack.library.tasks import analyse_document

    analyse_document.enqueue(document.pk, False)


class _Reporter:
    """Writes progress to the document at most once a second (the page polls it)."""

    def __init__(self, document: Document, progress: Progress | None):
        self.document, self.progress, self.last = document, progress, 0.0

    def __call__(self, kind: str, n: int) -> None:
        document = self.document
        if kind == "total":
            document.pages_total = n
        else:
            document.pages_done = n
        now = time.monotonic()
        if (
            kind == "total"
            or n == document.pages_total
            or now - self.last >= PROGRESS_EVERY_SECONDS
        ):
            self.last = now
            Document.objects.filter(pk=document.pk).update(
                pages_total=document.pages_total,
                pages_done=document.pages_done,
                updated_at=timezone.now(),
            )
        if self.progress:
            self.progress(document)


def ocr_language(code: str) -> str:
    """Tesseract names languages by ISO 639-2/T (fra, spa); English when unknown."""
    language = pycountry.languages.get(alpha_2=code) if code else None
    return getattr(language, "alpha_3", "eng") if language else "eng"


def _extract(document: Document, reporter: _Reporter) -> Extraction:
    if not document.file or not default_storage.exists(document.file.name):
        raise ExtractionError("missing_original")
    size = default_storage.size(document.file.name)
    if size > limits.max_upload_bytes():
        raise ExtractionError("too_large", size=size, limit=limits.max_upload_bytes())
    with default_storage.open(document.file.name, "rb") as handle:
        fmt = sniff(handle, document.original_name)  # again: files may come other ways
    return sandbox.run_extraction(
        path=default_storage.path(document.file.name),
        fmt=fmt,
        limits=limits.extraction_limits(),
        page_seconds=limits.setting("NAPTRACK_INGEST_PAGE_SECONDS"),
        total_seconds=limits.setting("NAPTRACK_INGEST_SECONDS"),
        tesseract=limits.setting("NAPTRACK_TESSERACT"),
        ocr_language=ocr_language(document.language),
        progress=reporter,
    )


def _clear_text(document: Document) -> None:
    DocumentPage.objects.filter(document=document).delete()
    DocumentTable.objects.filter(document=document).delete()
    SearchEntry.objects.filter(document=document).delete()


def _store_pages(document: Document, extraction: Extraction) -> Document:
    needs_ocr = any(page.needs_ocr for page in extraction.pages)
    with transaction.atomic():
        _clear_text(document)
        DocumentPage.objects.bulk_create(
            [
                DocumentPage(
                    document=document,
                    number=page.number,
                    text=page.text,
                    ocr=page.ocr,
                    needs_ocr=page.needs_ocr,
                )
                for page in extraction.pages
            ],
            batch_size=500,
        )
        DocumentTable.objects.bulk_create(
            [
                DocumentTable(document=document, page_number=t.page, index=t.index, rows=t.rows)
                for t in extraction.tables
            ],
            batch_size=500,
        )
        SearchEntry.objects.bulk_create(page_entries(document, extraction), batch_size=500)
        _finish(
            document,
            status=IngestionStatus.NEEDS_OCR if needs_ocr else IngestionStatus.DONE,
            has_javascript=extraction.has_javascript,
            text_encoding=extraction.encoding,
            ocr_language=extraction.ocr_language,
            pages_total=len(extraction.pages),
            pages_done=len(extraction.pages),
            ingested_at=timezone.now(),
        )
    return document


def _fail(document: Document, code: str, params: dict) -> Document:
    with transaction.atomic():
        _clear_text(document)
        _finish(
            document,
            status=IngestionStatus.FAILED,
            error_code=code,
            error_params=params,
            pages_total=None,
            pages_done=0,
        )
    logger.info("Document %s refused: %s", document.pk, document.error)
    return document


def _finish(document: Document, **fields) -> None:
    before = document.status
    for name, value in fields.items():
        setattr(document, name, value)
    document.save(update_fields=[*fields, "updated_at"])
    changes = {"status": {"before": before, "after": document.status}}
    if document.error_code:
        changes["error"] = document.error_code
    if document.has_javascript:
        changes["has_javascript"] = True
    verb = "document.failed" if document.status == IngestionStatus.FAILED else "document.read"
    activity_record(actor=None, verb=verb, target=document, changes=changes, channel="worker")


def documents_requeue_stale(*, older_than: datetime) -> int:
    """Documents left running by a worker that stopped (machine restart) are queued again."""
    stale = Document.objects.filter(status=IngestionStatus.RUNNING, updated_at__lt=older_than)
    count = 0
    for document in stale:
        Document.objects.filter(pk=document.pk).update(status=IngestionStatus.QUEUED)
        activity_record(
            actor=None,
            verb="document.requeued",
            target=document,
            changes={"status": {"before": IngestionStatus.RUNNING, "after": "queued"}},
            channel="command",
        )
        count += 1
    return count
