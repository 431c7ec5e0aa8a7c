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

from naptrack.core.services import activity_record, changes_between
from naptrack.library import keywords, limits, sandbox, structuring
from naptrack.library.analysis import Rule, analyse, keyword_digest, rule_for
from naptrack.library.choices import (
    READABLE,
    DocumentKind,
    EntryKind,
    FamilyKind,
    FileFormat,
    IngestionStatus,
    MatchMode,
    SuggestionState,
)
from naptrack.library.errors import error_message
from naptrack.library.extraction import Extraction, ExtractionError
from naptrack.library.models import (
    AnalysisRun,
    Document,
    DocumentPage,
    DocumentTable,
    EvidenceSuggestion,
    Keyword,
    KeywordFamily,
    SearchEntry,
    ThemeCount,
)
from naptrack.library.permissions import (
    can_attach_to_report,
    can_edit_document,
    can_edit_keywords,
    can_review_evidence,
    can_upload,
)
from naptrack.library.search import ACTION_RECORD, RECORD, index_terms, words
from naptrack.library.sniffing import sniff
from naptrack.plans import services as plan_services
from naptrack.plans.choices import ResponsibilityRole
from naptrack.plans.models import Action, Indicator, Objective, PlanPillar
from naptrack.plans.selectors import agencies_for_plan
from naptrack.registry.choices import Origin
from naptrack.registry.models import ActionPlan, Pillar
from naptrack.registry.permissions import can_edit_plan
from naptrack.reporting.models import OfficialReport
from naptrack.shadow_reports.models import ShadowReport
from naptrack.translations.selectors import attach_translations, translated_texts

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
    texts = [plan.display_title, *translated_texts(plan), *owner_names, plan.lead_agency]
    body = "\n".join(part for part in [*texts, plan.status_note] if part)
    return SearchEntry(
        kind=EntryKind.PLAN,
        plan=plan,
        title=plan.display_title[:500],
        body=body,
        terms=index_terms(body),
        language=plan.language,
        year=plan.adoption_date.year if plan.adoption_date else plan.period_start,
        document_type=RECORD,
        source_updated_at=plan.updated_at,
    )


def _action_entries(plan: ActionPlan) -> list[SearchEntry]:
    """One record per action of the plan's structure: what it commits to, under which
    objective and pillar, who answers for it and how it is measured."""
    actions = (
        Action.objects.filter(plan=plan)
        .select_related("objective__pillar")
        .prefetch_related("responsibilities__agency", "indicators")
    )
    year = plan.adoption_date.year if plan.adoption_date else plan.period_start
    entries = []
    actions = list(actions)
    attach_translations(actions)
    indicators = [indicator for action in actions for indicator in action.indicators.all()]
    attach_translations(indicators)
    for action in actions:
        pillar = action.objective.pillar
        body = "\n".join(
            part
            for part in [
                f"{action.code} {action.title}",
                action.description,
                *translated_texts(action),
                f"{action.objective.code} {action.objective.title}",
                pillar.name,
                *(r.agency.name for r in action.responsibilities.all()),
                *(i.name for i in action.indicators.all()),
                *(text for i in action.indicators.all() for text in translated_texts(i)),
            ]
            if part
        )
        entries.append(
            SearchEntry(
                kind=EntryKind.ACTION,
                action=action,
                plan=plan,
                pillar_id=pillar.pillar_id,
                title=f"{action.code} {action.title}"[:500],
                body=body,
                terms=index_terms(body),
                language=action.language or plan.language,
                year=year,
                document_type=ACTION_RECORD,
            )
        )
    return entries


def search_index_refresh_actions(*, plan_id: int) -> int:
    """Replaces the plan's action records with its structure as it is now (the library's
    receiver calls this after every committed change to a structure); returns how many.
    Synthetic plans stay out of the index, like their plan records."""
    plan = ActionPlan.objects.filter(pk=plan_id).exclude(origin=Origin.SYNTHETIC).first()
    with transaction.atomic():
        SearchEntry.objects.filter(kind=EntryKind.ACTION, plan_id=plan_id).delete()
        if plan is None:
            return 0
        entries = _action_entries(plan)
        SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def search_index_plans_stale() -> bool:
    """Whether some plan changed since its record was indexed (or has none yet). Every
    search asks, so it is one hand-written query that stops at the first stale plan: no
    queryset to build and no plan to load when, as nearly always, none changed."""
    plans, entries = ActionPlan._meta.db_table, SearchEntry._meta.db_table
    sql = (
        f"SELECT 1 FROM {plans} p WHERE p.origin <> %s AND NOT EXISTS ("  # noqa: S608
        f"SELECT 1 FROM {entries} e WHERE e.kind = %s AND e.plan_id = p.id "
        "AND e.source_updated_at = p.updated_at) LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Origin.SYNTHETIC, EntryKind.PLAN])
        return cursor.fetchone() is not None


def search_index_refresh_plans() -> int:
    """Copies plans changed since they were last indexed; returns how many."""
    if not search_index_plans_stale():
        return 0
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
    attach_translations(stale)
    try:
        with transaction.atomic():
            SearchEntry.objects.filter(kind=EntryKind.PLAN, plan__in=stale).delete()
            SearchEntry.objects.bulk_create([_plan_entry(plan) for plan in stale], batch_size=500)
    except IntegrityError:  # a concurrent request indexed the same plans first
        return 0
    return len(stale)


def search_index_rebuild() -> dict[str, int]:
    """Rebuilds every entry from the plans, the stored pages and the published lessons
    (after an upgrade that changes how words are cut, or to repair an index)."""
    from naptrack.lessons.indexing import lesson_index_rebuild

    with transaction.atomic():
        SearchEntry.objects.all().delete()
        plans = search_index_refresh_plans()
        actions = sum(
            search_index_refresh_actions(plan_id=pk)
            for pk in Action.objects.values_list("plan_id", flat=True).distinct()
        )
        pages = 0
        readable = Document.objects.filter(status__in=READABLE).select_related("plan")
        for document in readable.iterator(chunk_size=50):
            extraction = Extraction(pages=list(_stored_pages(document)))
            entries = _page_entries(document, extraction)
            SearchEntry.objects.bulk_create(entries, batch_size=500)
            pages += len(entries)
        lessons = lesson_index_rebuild()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO library_search_fts(library_search_fts) VALUES('rebuild')"
                )
    return {"plans": plans, "actions": actions, "pages": pages, "lessons": lessons}


def _stored_pages(document: Document):
    from naptrack.library.extraction import Page

    for page in document.pages.order_by("number"):
        yield Page(number=page.number, text=page.text, ocr=page.ocr, needs_ocr=page.needs_ocr)


# Keyword families -------------------------------------------------------------------

FAMILY_FIELDS = ("slug", "name", "kind", "criterion", "description")
KEYWORD_FIELDS = ("language", "term", "match")


def _require_keyword_editor(actor) -> None:
    if actor is not None and not can_edit_keywords(actor):
        raise PermissionDenied(_("Only platform admins edit keyword families."))


def _check_keyword(keyword: Keyword) -> None:
    errors = {}
    if not language_is_known(keyword.language):
        errors["language"] = _("“%(code)s” is not an ISO 639-1 language code.") % {
            "code": keyword.language
        }
    if not words(keyword.term):
        errors["term"] = _("A keyword needs at least one letter or digit.")
    if errors:
        raise ValidationError(errors)
    keyword.term = " ".join(keyword.term.split())
    keyword.full_clean()


def _keyword_label(keyword: Keyword) -> str:
    return f"{keyword.term} ({keyword.language}, {keyword.match})"


@transaction.atomic
def keyword_family_create(
    *,
    actor,
    slug: str,
    name: str,
    kind: str,
    criterion: str = "",
    description: str = "",
    channel: str = "web",
) -> KeywordFamily:
    """A new family counts nothing until it has keywords (keyword_create)."""
    _require_keyword_editor(actor)
    family = KeywordFamily(
        slug=slug, name=name, kind=kind, criterion=criterion, description=description
    )
    family.full_clean()
    family.save()
    changes = {name: {"before": None, "after": getattr(family, name)} for name in FAMILY_FIELDS}
    activity_record(
        actor=actor, verb="keyword_family.created", target=family, changes=changes, channel=channel
    )
    return family


@transaction.atomic
def keyword_family_update(
    *, actor, family: KeywordFamily, channel: str = "web", reanalyse: bool = True, **fields
) -> KeywordFamily:
    _require_keyword_editor(actor)
    unknown = set(fields) - set(FAMILY_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    stored = KeywordFamily.objects.get(pk=family.pk)
    before = {name: getattr(stored, name) for name in FAMILY_FIELDS}
    for name, value in fields.items():
        setattr(family, name, value)
    family.full_clean()
    family.save()
    changes = changes_between(before, {name: getattr(family, name) for name in FAMILY_FIELDS})
    if changes:
        activity_record(
            actor=actor,
            verb="keyword_family.updated",
            target=family,
            changes=changes,
            channel=channel,
        )
        if reanalyse and {"kind", "criterion"} & set(changes):
            reanalyse_documents()
    return family


@transaction.atomic
def keyword_family_delete(
    *, actor, family: KeywordFamily, channel: str = "web", reanalyse: bool = True
) -> None:
    """Removes a family with its keywords and counts. Reviewed evidence it found stays
    (it was a person's judgement); unreviewed suggestions go at the next analysis."""
    _require_keyword_editor(actor)
    keywords = [_keyword_label(k) for k in family.keywords.all()]
    activity_record(
        actor=actor,
        verb="keyword_family.deleted",
        target=family,
        changes={"name": {"before": family.name, "after": None}, "keywords": keywords},
        channel=channel,
    )
    family.delete()
    if reanalyse:
        reanalyse_documents()


@transaction.atomic
def keyword_create(
    *,
    actor,
    family: KeywordFamily,
    language: str,
    term: str,
    match: str = MatchMode.WORD,
    channel: str = "web",
    reanalyse: bool = True,
) -> Keyword:
    _require_keyword_editor(actor)
    keyword = Keyword(family=family, language=language, term=term, match=match)
    _check_keyword(keyword)
    keyword.save()
    activity_record(
        actor=actor,
        verb="keyword.created",
        target=family,
        changes={"keyword": {"before": None, "after": _keyword_label(keyword)}},
        channel=channel,
    )
    if reanalyse:
        reanalyse_documents(languages=[language])
    return keyword


@transaction.atomic
def keyword_update(
    *, actor, keyword: Keyword, channel: str = "web", reanalyse: bool = True, **fields
) -> Keyword:
    _require_keyword_editor(actor)
    unknown = set(fields) - set(KEYWORD_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    stored = Keyword.objects.get(pk=keyword.pk)
    for name, value in fields.items():
        setattr(keyword, name, value)
    _check_keyword(keyword)
    before, after = _keyword_label(stored), _keyword_label(keyword)
    if before == after:
        return keyword
    keyword.save()
    activity_record(
        actor=actor,
        verb="keyword.updated",
        target=keyword.family,
        changes={"keyword": {"before": before, "after": after}},
        channel=channel,
    )
    if reanalyse:
        reanalyse_documents(languages=sorted({stored.language, keyword.language}))
    return keyword


@transaction.atomic
def keyword_delete(*, actor, keyword: Keyword, channel: str = "web", reanalyse: bool = True):
    _require_keyword_editor(actor)
    activity_record(
        actor=actor,
        verb="keyword.deleted",
        target=keyword.family,
        changes={"keyword": {"before": _keyword_label(keyword), "after": None}},
        channel=channel,
    )
    language = keyword.language
    keyword.delete()
    if reanalyse:
        reanalyse_documents(languages=[language])


def keyword_families_load(*, actor=None, path=None, channel: str = "command") -> tuple[int, int]:
    """Adds the families and keywords of the starter list (or another file in its
    layout) that are missing; never changes what administrators edited."""
    _require_keyword_editor(actor)
    specs = keywords.parse(path or keywords.STARTER_LIST)
    with transaction.atomic():
        added = keywords.seed(KeywordFamily, Keyword, specs)
        if any(added):
            target = KeywordFamily.objects.order_by("pk").first()
            activity_record(
                actor=actor,
                verb="keyword_families.loaded",
                target=target,
                changes={"families_added": added[0], "keywords_added": added[1]},
                channel=channel,
            )
            reanalyse_documents()
    return added


# Automated analysis -------------------------------------------------------------------


def keyword_rules(language: str) -> tuple[list[Rule], str]:
    """The rules for one language, and the digest that says whether a run used them."""
    rules, lines = [], []
    keywords_ = Keyword.objects.filter(language=language).select_related("family")
    for keyword in keywords_.order_by("pk"):
        family = keyword.family
        criterion = family.criterion if family.kind == FamilyKind.CRITERION else ""
        rule = rule_for(
            family=family.pk,
            term=keyword.term,
            prefix=keyword.match == MatchMode.PREFIX,
            criterion=criterion,
        )
        if rule:
            rules.append(rule)
            lines.append(f"{family.pk}|{criterion}|{keyword.term}|{keyword.match}")
    return rules, keyword_digest(lines)


def document_analyse(*, document_id: int, force: bool = False) -> AnalysisRun | None:
    """Counts the keyword families in a readable document and refreshes its evidence
    suggestions. Skips a document already analysed with the same keywords since it was
    last read, unless forced. Returns the run, or None for a document not readable."""
    document = Document.objects.filter(pk=document_id, status__in=READABLE).first()
    if document is None:
        return None
    rules, digest = keyword_rules(document.language)
    current = AnalysisRun.objects.filter(document=document).first()
    if (
        current
        and not force
        and current.keyword_digest == digest
        and not _read_since(document, current)
    ):
        return current
    pages = list(document.pages.order_by("number").values_list("number", "text"))
    result = analyse(pages, rules)
    with transaction.atomic():
        # One analysis of a document at a time; it may have been queued to be read again.
        locked = Document.objects.select_for_update().filter(pk=document.pk, status__in=READABLE)
        if not list(locked.order_by().values_list("pk", flat=True)):
            return None
        return _store_analysis(document, rules, digest, result)


def _read_since(document: Document, run: AnalysisRun) -> bool:
    return document.ingested_at is not None and document.ingested_at > run.created_at


def _store_analysis(document: Document, rules, digest: str, result) -> AnalysisRun:
    AnalysisRun.objects.filter(document=document).delete()
    run = AnalysisRun.objects.create(
        document=document,
        language=document.language,
        keyword_digest=digest,
        keyword_count=len(rules),
        pages_analysed=result.pages,
    )
    ThemeCount.objects.bulk_create(
        ThemeCount(run=run, family_id=family, count=found.count, pages=found.pages)
        for family, found in sorted(result.counts.items())
    )
    # Report cards judge plans: evidence is only suggested for a plan's documents.
    passages = result.passages if document.plan_id else []
    suggestions = _suggestions_sync(document, run, passages)
    activity_record(
        actor=None,
        verb="document.analysed",
        target=document,
        changes={
            "keywords": len(rules),
            "families_found": len(result.counts),
            "suggestions": suggestions,
        },
        channel="worker",
    )
    return run


def _suggestions_sync(document: Document, run: AnalysisRun, passages) -> dict[str, int]:
    """Keeps reviewed suggestions whatever the keywords now find; replaces the
    unreviewed ones with what this run found."""
    existing = {
        (s.criterion, s.page_number, s.passage_digest): s
        for s in EvidenceSuggestion.objects.filter(document=document)
    }
    wanted = {(p.criterion, p.page, p.digest): p for p in passages}
    stale = [
        s.pk
        for key, s in existing.items()
        if key not in wanted and s.state == SuggestionState.SUGGESTED
    ]
    EvidenceSuggestion.objects.filter(pk__in=stale).delete()
    kept = []
    for key, passage in wanted.items():
        if key in existing:
            suggestion = existing[key]
            suggestion.run, suggestion.terms = run, list(passage.terms)
            suggestion.family_id, suggestion.position = passage.family, passage.start
            kept.append(suggestion)
    EvidenceSuggestion.objects.bulk_update(kept, ["run", "terms", "family", "position"])
    added = [
        EvidenceSuggestion(
            document=document,
            criterion=p.criterion,
            family_id=p.family,
            run=run,
            page_number=p.page,
            passage=p.text,
            passage_digest=p.digest,
            terms=list(p.terms),
            position=p.start,
        )
        for key, p in wanted.items()
        if key not in existing
    ]
    EvidenceSuggestion.objects.bulk_create(added)
    return {"added": len(added), "kept": len(kept), "removed": len(stale)}


def reanalyse_documents(*, languages=None, force: bool = False) -> int:
    """Queues analysis for every readable document whose last run used other keywords
    (or the method has changed), in the given languages or all. Returns how many."""
    from naptrack.library.tasks import analyse_document

    queued = 0
    for pk in documents_to_analyse(languages=languages, force=force):
        analyse_document.enqueue(pk, force)
        queued += 1
    return queued


def documents_to_analyse(*, languages=None, force: bool = False) -> list[int]:
    """Ids of readable documents never analysed, or analysed with other keywords than
    their language's current ones (all readable documents with force)."""
    documents = Document.objects.filter(status__in=READABLE)
    if languages is not None:
        documents = documents.filter(language__in=list(languages))
    found: list[int] = []
    for language in sorted(set(documents.values_list("language", flat=True))):
        stale = documents.filter(language=language)
        if not force:
            stale = stale.exclude(analysis_runs__keyword_digest=keyword_rules(language)[1])
        found += stale.order_by("pk").values_list("pk", flat=True)
    return sorted(found)


# Evidence review ----------------------------------------------------------------------

REVIEW_FROM = {
    SuggestionState.CONFIRMED: (SuggestionState.SUGGESTED, SuggestionState.REJECTED),
    SuggestionState.REJECTED: (SuggestionState.SUGGESTED, SuggestionState.CONFIRMED),
}
NOTE_MAX_CHARS = 2000


def evidence_confirm(*, actor, suggestion: EvidenceSuggestion, note: str = "", channel="web"):
    """The passage counts as evidence for its criterion in the plan's report cards."""
    return _evidence_review(actor, suggestion, SuggestionState.CONFIRMED, note, channel)


def evidence_reject(*, actor, suggestion: EvidenceSuggestion, note: str = "", channel="web"):
    """The passage does not show the criterion; it stays, rejected, so the next
    analysis does not suggest it again."""
    return _evidence_review(actor, suggestion, SuggestionState.REJECTED, note, channel)


def _evidence_review(actor, suggestion, state: str, note: str, channel: str):
    document = suggestion.document
    if not can_review_evidence(actor, document.plan):
        raise PermissionDenied(_("Only the plan's coordinators and analysts review evidence."))
    note = note.strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationError({"note": _("Keep the note under 2000 characters.")})
    before = suggestion.state
    if before not in REVIEW_FROM[state]:
        raise ValidationError(_("This passage is already %(state)s.") % {"state": state})
    with transaction.atomic():
        updated = EvidenceSuggestion.objects.filter(pk=suggestion.pk, state=before).update(
            state=state, reviewed_by=actor, reviewed_at=timezone.now(), note=note
        )
        if not updated:
            raise ValidationError(_("Someone else reviewed this passage meanwhile; reload it."))
        suggestion.refresh_from_db()
        activity_record(
            actor=actor,
            verb=f"evidence.{state}",
            target=suggestion,
            changes={
                "state": {"before": before, "after": state},
                "criterion": suggestion.criterion,
                "page": suggestion.page_number,
                "note": note,
            },
            channel=channel,
        )
    return suggestion


# Assisted structuring -------------------------------------------------------------------


def structure_pillar_choices(plan: ActionPlan) -> dict[str, str]:
    """Where new objectives may go: the plan's pillars, or, before its structure has
    started, the four pillars of 1325 it will start with."""
    pillars = PlanPillar.objects.filter(plan=plan).order_by("position", "id")
    if pillars:
        return {f"plan:{p.pk}": p.name for p in pillars}
    return {f"ref:{p.code}": p.name for p in Pillar.objects.order_by("position")}


def _proposal_context(plan: ActionPlan, document: Document, pillar: str) -> structuring.Context:
    pillars = structure_pillar_choices(plan)
    if pillar not in pillars:
        raise ValidationError({"pillar": _("Choose one of the plan's pillars.")})
    objectives = list(Objective.objects.filter(plan=plan))
    agencies = {}
    for agency in agencies_for_plan(plan).order_by("name"):
        for key in structuring.agency_keys(agency.name):
            agencies.setdefault(key, agency)
    return structuring.Context(
        document_title=document.title,
        objectives_by_code={o.code: o for o in objectives},
        objectives_by_title={structuring.folded(o.title): o for o in objectives},
        action_codes=set(Action.objects.filter(plan=plan).values_list("code", flat=True)),
        action_titles={
            (objective_id, structuring.folded(title))
            for objective_id, title in Action.objects.filter(plan=plan).values_list(
                "objective_id", "title"
            )
        },
        indicator_codes=set(Indicator.objects.filter(plan=plan).values_list("code", flat=True)),
        agencies=agencies,
        pillars=pillars,
        default_pillar=pillar,
    )


def structure_proposal_accept(
    *,
    actor,
    document: Document,
    rows: list[structuring.RowInput],
    pillar: str,
    unit: str = "",
    dry_run: bool = False,
) -> structuring.Proposal:
    """Adds the ticked rows of a document's action matrix to its plan's structure,
    through the plan services (each change versioned and audited), all or nothing.
    With dry_run, only says what it would add."""
    plan = document.plan
    if plan is None or not can_edit_plan(actor, plan):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may change it."))
    proposal = structuring.build_proposal(
        rows, _proposal_context(plan, document, pillar), unit.strip()
    )
    if dry_run or proposal.errors:
        return proposal
    with transaction.atomic():
        _proposal_write(actor, plan, proposal, unit.strip())
        activity_record(
            actor=actor,
            verb="document.structure_accepted",
            target=document,
            changes={**proposal.summary(), "rows": [row.key for row in rows]},
        )
    proposal.accepted = True
    return proposal


def _proposal_write(actor, plan: ActionPlan, proposal: structuring.Proposal, unit: str) -> None:
    plan_services.structure_start(actor=actor, plan=plan)
    pillars = {}
    for pillar in PlanPillar.objects.filter(plan=plan).select_related("pillar"):
        pillars[f"plan:{pillar.pk}"] = pillar
        if pillar.pillar_id:
            pillars[f"ref:{pillar.pillar.code}"] = pillar
    created = {
        objective.key: plan_services.objective_create(
            actor=actor,
            pillar=pillars[objective.pillar],
            code=objective.code,
            title=objective.title,
        )
        for objective in proposal.new_objectives
    }
    for new in proposal.new_actions:
        action = plan_services.action_create(
            actor=actor,
            objective=new.objective.existing or created[new.objective.key],
            code=new.code,
            title=new.title,
            description=new.description,
            start_year=new.start_year,
            end_year=new.end_year,
        )
        roles = [(new.lead, ResponsibilityRole.LEAD)] if new.lead else []
        roles += [(agency, ResponsibilityRole.SUPPORTING) for agency in new.supporting]
        for agency, role in roles:
            plan_services.responsibility_create(
                actor=actor, action=action, agency=agency, role=role
            )
        for indicator in new.indicators:
            plan_services.indicator_create(
                actor=actor, action=action, code=indicator.code, name=indicator.name, unit=unit
            )
