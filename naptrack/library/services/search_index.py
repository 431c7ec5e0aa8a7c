"""The search index's writes: plan records and action records copied from the registry
and the plan structures, page entries of read documents, and the full rebuild."""

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef

from naptrack.library.choices import (
    READABLE,
    EntryKind,
)
from naptrack.library.extraction import Extraction
from naptrack.library.models import (
    Document,
    SearchEntry,
)
from naptrack.library.search import ACTION_RECORD, RECORD
from naptrack.library.tokenizer import index_terms
from naptrack.plans.models import Action
from naptrack.registry.choices import Origin
from naptrack.registry.models import ActionPlan
from naptrack.translations.selectors import attach_translations, translated_texts


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
            entries = page_entries(document, extraction)
            SearchEntry.objects.bulk_create(entries, batch_size=500)
            pages += len(entries)
        lessons = lesson_index_rebuild()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO library_search_fts(library_search_fts) VALUES('rebuild')"
                )
    return {"plans": plans, "actions": actions, "pages": pages, "lessons": lessons}


def page_entries(document: Document, extraction: Extraction) -> list[SearchEntry]:
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


def _stored_pages(document: Document):
    from naptrack.library.extraction import Page

    for page in document.pages.order_by("number"):
        yield Page(number=page.number, text=page.text, ocr=page.ocr, needs_ocr=page.needs_ocr)
