"""Writes to the library: upload, ingestion, retries and the search index.

Ingestion reads the file in a child process (sandbox.py) and keeps everything it found
in memory; pages, tables and search entries are then written in one transaction, so a
document is either fully read or has no pages at all. Every way reading can fail ends
with the document marked failed and a message; nothing escapes to kill the worker.
"""

import hashlib
import logging
import time
import uuid
from collections.abc import Callable
from datetime import datetime

import pycountry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.core.services import activity_record
from naptrack.library import limits, sandbox
from naptrack.library.choices import (
    READABLE,
    DocumentKind,
    EntryKind,
    FileFormat,
    IngestionStatus,
)
from naptrack.library.errors import error_message
from naptrack.library.extraction import Extraction, ExtractionError
from naptrack.library.models import Document, DocumentPage, DocumentTable, SearchEntry
from naptrack.library.permissions import can_upload
from naptrack.library.search import RECORD, index_terms
from naptrack.library.sniffing import sniff
from naptrack.registry.choices import Origin
from naptrack.registry.models import ActionPlan

logger = logging.getLogger(__name__)
Progress = Callable[[Document], None]
PROGRESS_EVERY_SECONDS = 1.0
SUFFIXES = {FileFormat.PDF: "pdf", FileFormat.DOCX: "docx", FileFormat.HTML: "html"}


# Upload -------------------------------------------------------------------------


def language_is_known(code: str) -> bool:
    return bool(code) and pycountry.languages.get(alpha_2=code) is not None


def document_check_upload(upload) -> str:
    """The file's format, or ValidationError on `file` naming what is wrong."""
    limit = limits.max_upload_bytes()
    try:
        if upload.size == 0:
            raise ExtractionError("empty")
        if upload.size > limit:
            raise ExtractionError("too_large", size=upload.size, limit=limit)
        return sniff(upload, upload.name)
    except ExtractionError as exc:
        raise ValidationError({"file": error_message(exc.code, exc.params)}) from exc


def _check_fields(*, title: str, language: str, kind: str, year: int | None) -> None:
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the document a title.")
    if not language_is_known(language):
        errors["language"] = _("“%(code)s” is not an ISO 639-1 language code.") % {"code": language}
    if kind not in DocumentKind.values:
        errors["kind"] = _("Choose a kind of document.")
    if year is not None and not 1900 <= year <= timezone.now().year + 1:
        errors["year"] = _("The year must be between 1900 and next year.")
    if errors:
        raise ValidationError(errors)


def _store_original(upload, fmt: str) -> tuple[str, str]:
    """Saves the upload under a generated name; returns (name, sha256)."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = f"library/{uuid.uuid4().hex}.{SUFFIXES.get(fmt, 'txt')}"
    return default_storage.save(name, upload), digest.hexdigest()


def document_upload(
    *,
    actor,
    upload,
    title: str,
    language: str,
    kind: str,
    plan: ActionPlan | None = None,
    year: int | None = None,
) -> Document:
    """Checks and keeps an uploaded file, then queues it for reading."""
    if not can_upload(actor, plan):
        raise PermissionDenied(_("You may not add documents here."))
    _check_fields(title=title, language=language, kind=kind, year=year)
    fmt = document_check_upload(upload)
    name, sha256 = _store_original(upload, fmt)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                plan=plan,
                kind=kind,
                title=title.strip(),
                language=language,
                year=year,
                file=name,
                original_name=upload.name[-255:],
                file_format=fmt,
                size_bytes=upload.size,
                sha256=sha256,
                uploaded_by=actor,
            )
            activity_record(
                actor=actor,
                verb="document.uploaded",
                target=document,
                changes={"file": upload.name, "format": fmt, "plan": str(plan) if plan else None},
            )
            _enqueue(document)
    except BaseException:
        default_storage.delete(name)  # nothing half-written: no row, so no file either
        raise
    document.refresh_from_db()  # an immediate task backend has read it already
    return document


def _enqueue(document: Document) -> None:
    from naptrack.library.tasks import ingest_document

    ingest_document.enqueue(document.pk)


def document_retry(*, actor, document: Document, enqueue: bool = True) -> Document:
    """Reads a failed document again, or one that waited for OCR."""
    if actor is not None and not can_upload(actor, document.plan):
        raise PermissionDenied(_("You may not change this document."))
    allowed = (IngestionStatus.FAILED, IngestionStatus.NEEDS_OCR)
    if document.status not in allowed:
        raise ValidationError(
            _("Only a failed document, or one that needs OCR, can be read again.")
        )
    before = document.status
    Document.objects.filter(pk=document.pk).update(
        status=IngestionStatus.QUEUED, updated_at=timezone.now()
    )
    document.refresh_from_db()
    activity_record(
        actor=actor,
        verb="document.requeued",
        target=document,
        changes={"status": {"before": before, "after": document.status}},
        channel="web" if actor else "command",
    )
    if enqueue:
        _enqueue(document)
    return document


# Ingestion ------------------------------------------------------------------------


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
        return _store_pages(document, extraction)
    except ExtractionError as exc:
        return _fail(document, exc.code, exc.params)
    except Exception:  # the worker must outlive any bug: log it, fail this document only
        logger.exception("Reading document %s failed unexpectedly", document_id)
        return _fail(document, "internal", {})


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
        SearchEntry.objects.bulk_create(_page_entries(document, extraction), batch_size=500)
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


def _page_entries(document: Document, extraction: Extraction) -> list[SearchEntry]:
    return [
        SearchEntry(
            kind=EntryKind.PAGE,
            document=document,
            page_number=page.number,
            plan=document.plan,
            title=document.title[:500],
            body=page.text,
            terms=index_terms(page.text),
            year=document.year,
            document_type=document.kind,
            language=document.language,
        )
        for page in extraction.pages
        if page.text
    ]


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


# Search index -----------------------------------------------------------------------


def _plan_entry(plan: ActionPlan) -> SearchEntry:
    owner = plan.owner
    owner_names = [owner.name] if plan.country_id else [owner.name, owner.short_name]
    body = "\n".join(
        part
        for part in [plan.display_title, *owner_names, plan.lead_agency, plan.status_note]
        if part
    )
    return SearchEntry(
        kind=EntryKind.PLAN,
        plan=plan,
        title=plan.display_title[:500],
        body=body,
        terms=index_terms(body),
        year=plan.adoption_date.year if plan.adoption_date else plan.period_start,
        document_type=RECORD,
        source_updated_at=plan.updated_at,
    )


def search_index_refresh_plans() -> int:
    """Copies plans changed since they were last indexed; returns how many."""
    fresh = SearchEntry.objects.filter(
        kind=EntryKind.PLAN, plan=OuterRef("pk"), source_updated_at=OuterRef("updated_at")
    )
    stale = list(
        ActionPlan.objects.exclude(origin=Origin.SYNTHETIC)
        .filter(~Exists(fresh))
        .select_related("country", "regional_organization")
    )
    if not stale:
        return 0
    try:
        with transaction.atomic():
            SearchEntry.objects.filter(kind=EntryKind.PLAN, plan__in=stale).delete()
            SearchEntry.objects.bulk_create([_plan_entry(plan) for plan in stale], batch_size=500)
    except IntegrityError:  # a concurrent request indexed the same plans first
        return 0
    return len(stale)


def search_index_rebuild() -> dict[str, int]:
    """Rebuilds every entry from the plans and the stored pages (after an upgrade that
    changes how words are cut, or to repair an index)."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        plans = search_index_refresh_plans()
        pages = 0
        readable = Document.objects.filter(status__in=READABLE).select_related("plan")
        for document in readable.iterator(chunk_size=50):
            extraction = Extraction(pages=list(_stored_pages(document)))
            entries = _page_entries(document, extraction)
            SearchEntry.objects.bulk_create(entries, batch_size=500)
            pages += len(entries)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO library_search_fts(library_search_fts) VALUES('rebuild')"
                )
    return {"plans": plans, "pages": pages}


def _stored_pages(document: Document):
    from naptrack.library.extraction import Page

    for page in document.pages.order_by("number"):
        yield Page(number=page.number, text=page.text, ocr=page.ocr, needs_ocr=page.needs_ocr)
