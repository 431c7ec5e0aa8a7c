"""Uploads to the library: checks a file and its fields, keeps the original as it came
and queues it for reading; a failed or OCR-waiting document is queued again on request."""

import hashlib
import uuid

import pycountry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.core.services import activity_record
from naptrack.library import limits
from naptrack.library.choices import (
    DocumentKind,
    FileFormat,
    IngestionStatus,
)
from naptrack.library.errors import error_message
from naptrack.library.extraction import ExtractionError
from naptrack.library.models import (
    Document,
)
from naptrack.library.permissions import (
    can_attach_to_report,
    can_edit_document,
    can_upload,
)
from naptrack.library.sniffing import sniff
from naptrack.registry.models import ActionPlan
from naptrack.reporting.models import OfficialReport
from naptrack.shadow_reports.models import ShadowReport

SUFFIXES = {FileFormat.PDF: "pdf", FileFormat.DOCX: "docx", FileFormat.HTML: "html"}


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
    official_report: OfficialReport | None = None,
    shadow_report: ShadowReport | None = None,
    channel: str = "web",
) -> Document:
    """Checks and keeps an uploaded file, then queues it for reading. A report's document
    belongs to the report's plan and has the report's kind."""
    if official_report is not None or shadow_report is not None:
        official_report, shadow_report = _fresh(official_report), _fresh(shadow_report)
        _check_attach(actor, official_report, shadow_report)
        plan = official_report.cycle.plan if official_report else shadow_report.plan
        kind = DocumentKind.OFFICIAL_REPORT if official_report else DocumentKind.SHADOW_REPORT
    elif not can_upload(actor, plan):
        raise PermissionDenied(_("You may not add documents here."))
    _check_fields(title=title, language=language, kind=kind, year=year)
    fmt = document_check_upload(upload)
    name, sha256 = _store_original(upload, fmt)
    try:
        with transaction.atomic():
            if official_report is not None or shadow_report is not None:
                # Locked, then checked again: a report published meanwhile takes nothing.
                locked = _fresh(official_report, lock=True), _fresh(shadow_report, lock=True)
                _check_attach(actor, *locked)
            document = Document.objects.create(
                plan=plan,
                official_report=official_report,
                shadow_report=shadow_report,
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
                # No file name: a shadow report's may name its pseudonymous authors.
                changes={"format": fmt, "kind": kind, "plan": str(plan) if plan else None},
                channel=channel,
            )
            _enqueue(document)
    except BaseException:
        default_storage.delete(name)  # nothing half-written: no row, so no file either
        raise
    document.refresh_from_db()  # an immediate task backend has read it already
    return document


def _fresh(report, *, lock: bool = False):
    """The report as the database holds it now (its state may have moved on)."""
    if report is None:
        return None
    rows = type(report).objects.select_related(
        "plan" if isinstance(report, ShadowReport) else "cycle__plan"
    )
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.get(pk=report.pk)


def _check_attach(actor, official_report, shadow_report) -> None:
    if not can_attach_to_report(
        actor, official_report=official_report, shadow_report=shadow_report
    ):
        raise PermissionDenied(_("Documents are added to a draft report, by its own authors."))


def _enqueue(document: Document) -> None:
    from naptrack.library.tasks import ingest_document

    ingest_document.enqueue(document.pk)


def document_retry(*, actor, document: Document, enqueue: bool = True) -> Document:
    """Reads a failed document again, or one that waited for OCR."""
    if actor is not None and not can_edit_document(actor, document):
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
