"""Automated analysis: keyword families counted in readable documents, and the evidence
suggestions that follow from them (the method itself is in library/analysis.py)."""

from django.db import transaction

from naptrack.core.services import activity_record
from naptrack.library.analysis import Rule, analyse, keyword_digest, rule_for
from naptrack.library.choices import (
    READABLE,
    FamilyKind,
    MatchMode,
    SuggestionState,
)
from naptrack.library.models import (
    AnalysisRun,
    Document,
    EvidenceSuggestion,
    Keyword,
    ThemeCount,
)


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
