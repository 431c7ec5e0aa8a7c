"""Reads of the library. Every list starts from documents_visible_to(user)."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext

from naptrack.accounts.permissions import is_platform_admin
from naptrack.library.choices import READABLE, Criterion, DocumentKind, SuggestionState
from naptrack.library.models import (
    AnalysisRun,
    Document,
    DocumentPage,
    DocumentTable,
    EvidenceSuggestion,
    KeywordFamily,
    ThemeCount,
    public_report_q,
)
from naptrack.registry.models import ActionPlan
from naptrack.registry.selectors import editable_scope_q, plans_visible_to
from naptrack.shadow_reports import selectors as shadow_selectors
from naptrack.shadow_reports.permissions import member_organization_ids


def documents_visible_to(user) -> QuerySet[Document]:
    """Readable documents of visible plans and of the library, unless part of a report
    not yet public, plus every document the user manages (queued, running or failed ones
    included): a plan's coordinators manage its documents and its official reports',
    a shadow report's authors manage that report's, the government never does."""
    visible_plans = plans_visible_to(user)
    readable = (
        Q(status__in=READABLE)
        & (Q(plan__in=visible_plans) | Q(plan__isnull=True))
        & public_report_q()
    )
    managed = Q(plan__in=visible_plans.filter(editable_scope_q(user)), shadow_report__isnull=True)
    if is_platform_admin(user):
        managed |= Q(plan__isnull=True)
    if member_organization_ids(user):
        managed |= Q(shadow_report__in=shadow_selectors.authored_by(user))
    return Document.objects.filter(readable | managed)


def document_list(user, *, plan=None, library: bool = False) -> QuerySet[Document]:
    """A plan's documents, or the library's (no plan), with their page counts."""
    documents = documents_visible_to(user)
    if library:
        documents = documents.filter(plan__isnull=True)
    else:
        documents = documents.filter(plan=plan)
    return documents.select_related("plan__country", "plan__regional_organization").annotate(
        table_count=Count("tables", distinct=True)
    )


def plan_documents_summary(user) -> dict:
    """How many readable documents the user can reach on plans' own pages, and on how
    many plans: the library index lists only documents that belong to no plan."""
    on_plans = documents_visible_to(user).filter(plan__isnull=False)
    return {
        "documents": on_plans.count(),
        "plans": on_plans.values("plan").distinct().count(),
    }


def document_pages(document: Document) -> QuerySet[DocumentPage]:
    return document.pages.order_by("number")


def page_with_tables(document: Document, number: int) -> tuple[DocumentPage, list]:
    page = document.pages.get(number=number)
    tables = list(DocumentTable.objects.filter(document=document, page_number=number))
    return page, tables


def documents_to_ingest(*, statuses) -> QuerySet[Document]:
    return Document.objects.filter(status__in=statuses).order_by("created_at", "id")


# Analysis -------------------------------------------------------------------------------


def document_run(document: Document) -> AnalysisRun | None:
    return AnalysisRun.objects.filter(document=document).first()


def run_theme_counts(run: AnalysisRun | None) -> list[ThemeCount]:
    """A run's counts, themes first, most frequent first."""
    if run is None:
        return []
    return list(
        ThemeCount.objects.filter(run=run)
        .select_related("family")
        .order_by("family__kind", "-count", "family__name")
    )


def suggestions_for(documents, *, reviewer: bool, state: str = "") -> QuerySet:
    """Suggestions of readable documents. Only confirmed ones unless the user reviews
    them; `state` narrows a reviewer's list."""
    suggestions = EvidenceSuggestion.objects.filter(
        document__in=documents, document__status__in=READABLE
    )
    if not reviewer:
        suggestions = suggestions.filter(state=SuggestionState.CONFIRMED)
    elif state:
        suggestions = suggestions.filter(state=state)
    return suggestions.select_related("document", "family", "reviewed_by").order_by(
        "criterion", "document__title", "document_id", "page_number", "position", "id"
    )


def evidence_by_criterion(suggestions) -> list[tuple[str, str, list[EvidenceSuggestion]]]:
    """(code, label, suggestions) for each criterion, in the criteria's order."""
    grouped: dict[str, list] = {code: [] for code in Criterion.values}
    for suggestion in suggestions:
        grouped.setdefault(suggestion.criterion, []).append(suggestion)
    return [(code, Criterion(code).label, found) for code, found in grouped.items()]


def confirmed_evidence(plan) -> dict[str, list[EvidenceSuggestion]]:
    """What report cards may use: the confirmed evidence of a plan's readable documents,
    by criterion code (every code present; an empty list means none is confirmed).
    The caller has checked that the plan may be seen."""
    documents = Document.objects.filter(public_report_q(), plan=plan)
    confirmed = suggestions_for(documents, reviewer=True, state=SuggestionState.CONFIRMED)
    return {code: found for code, _label, found in evidence_by_criterion(confirmed)}


def plan_document_runs(plan, user) -> list[Document]:
    """The plan's readable documents this user sees, each with `run` and `counts`."""
    documents = list(
        documents_visible_to(user)
        .filter(plan=plan, status__in=READABLE)
        .prefetch_related(
            Prefetch(
                "analysis_runs",
                queryset=AnalysisRun.objects.prefetch_related(
                    Prefetch("theme_counts", ThemeCount.objects.select_related("family"))
                ),
                to_attr="runs",
            )
        )
        .order_by("title", "id")
    )
    for document in documents:
        document.run = document.runs[0] if document.runs else None
        document.counts = list(document.run.theme_counts.all()) if document.run else []
    return documents


# Across plans ---------------------------------------------------------------------------

BY_YEAR, BY_REGION = "year", "region"
Compare = Literal["year", "region"]
UNKNOWN = "unknown"
REGIONAL = "regional"


def analysed_plan_texts(user) -> QuerySet[Document]:
    """Plan texts (not reports) of plans this user sees, read and analysed with keywords
    in their language. Synthetic plans never count; drafts only for their coordinators."""
    return Document.objects.filter(
        plan__in=plans_visible_to(user),
        kind=DocumentKind.PLAN,
        status__in=READABLE,
        analysis_runs__keyword_count__gt=0,
    )


@dataclass
class Column:
    value: str
    label: str
    plans: int = 0  # analysed plans in this column


@dataclass
class PrevalenceRow:
    family: KeywordFamily
    cells: list[tuple[int, int]]  # (plans mentioning the family, plans analysed)
    total: tuple[int, int]


@dataclass
class Prevalence:
    by: str
    columns: list[Column]
    rows: list[PrevalenceRow]
    plans: int
    countries: list[dict] = field(default_factory=list)  # with two or more analysed plans


def theme_prevalence(user, by: str = BY_YEAR) -> Prevalence:
    """Share of analysed plans whose plan text mentions each family, by adoption year
    or by UN M49 region (regional organizations' plans in a column of their own)."""
    documents = analysed_plan_texts(user)
    plans = list(
        ActionPlan.objects.filter(pk__in=documents.values("plan_id")).values(
            "pk",
            "adoption_date",
            "country__iso3",
            "country__name",
            "country__region__m49",
            "country__region__name",
        )
    )
    mentions = set(
        ThemeCount.objects.filter(run__document__in=documents)
        .values_list("run__document__plan_id", "family_id")
        .distinct()
    )
    families = list(KeywordFamily.objects.order_by("-kind", "name"))
    columns = _columns(plans, by)
    column_of = {plan["pk"]: _column_value(plan, by) for plan in plans}
    rows = [_prevalence_row(family, columns, column_of, mentions) for family in families]
    return Prevalence(by, columns, rows, len(plans), _countries_with_generations(plans))


def _column_value(plan: dict, by: str) -> str:
    if by == BY_REGION:
        return plan["country__region__m49"] or REGIONAL
    return str(plan["adoption_date"].year) if plan["adoption_date"] else UNKNOWN


def _columns(plans: list[dict], by: str) -> list[Column]:
    columns: dict[str, Column] = {}
    for plan in plans:
        value = _column_value(plan, by)
        if value not in columns:
            columns[value] = Column(value, _column_label(plan, value, by))
        columns[value].plans += 1
    last = (UNKNOWN, REGIONAL)
    return sorted(
        columns.values(), key=lambda c: (c.value in last, c.label if by == BY_REGION else c.value)
    )


def _column_label(plan: dict, value: str, by: str) -> str:
    if value == REGIONAL:
        return gettext("Regional organizations")
    if value == UNKNOWN:
        return gettext("Year unknown")
    return plan["country__region__name"] if by == BY_REGION else value


def _prevalence_row(family, columns, column_of, mentions) -> PrevalenceRow:
    mentioning: dict[str, int] = defaultdict(int)
    for plan_id, family_id in mentions:
        if family_id == family.pk:
            mentioning[column_of[plan_id]] += 1
    cells = [(mentioning[c.value], c.plans) for c in columns]
    total = (sum(mentioning.values()), sum(c.plans for c in columns))
    return PrevalenceRow(family, cells, total)


def _countries_with_generations(plans: list[dict]) -> list[dict]:
    analysed: dict[str, dict] = {}
    for plan in plans:
        if plan["country__iso3"]:
            entry = analysed.setdefault(
                plan["country__iso3"],
                {"iso3": plan["country__iso3"], "name": plan["country__name"], "plans": 0},
            )
            entry["plans"] += 1
    return sorted((c for c in analysed.values() if c["plans"] >= 2), key=lambda c: c["name"])


CHANGE_ORDER = {"gained": 0, "lost": 1, "more": 2, "fewer": 3, "same": 4}


@dataclass
class FamilyChange:
    family: KeywordFamily
    before: int
    after: int

    @property
    def change(self) -> str:
        if self.before == 0:
            return "gained"
        if self.after == 0:
            return "lost"
        if self.after == self.before:
            return "same"
        return "more" if self.after > self.before else "fewer"


@dataclass
class GenerationPair:
    before: ActionPlan
    after: ActionPlan
    analysed: bool  # both plan texts analysed; otherwise nothing is compared
    changes: list[FamilyChange] = field(default_factory=list)


def country_generations(user, country) -> list[GenerationPair]:
    """Each visible plan of a country beside the next one (by generation, then adoption
    date): the families each plan text mentions, with their counts."""
    plans = list(
        plans_visible_to(user)
        .filter(country=country)
        .order_by(
            F("generation").asc(nulls_last=True), F("adoption_date").asc(nulls_last=True), "pk"
        )
    )
    documents = analysed_plan_texts(user).filter(plan__country=country)
    analysed = set(documents.values_list("plan_id", flat=True))
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    totals = (
        ThemeCount.objects.filter(run__document__in=documents)
        .values("run__document__plan_id", "family_id")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in totals:
        counts[row["run__document__plan_id"]][row["family_id"]] = row["n"]
    families = {f.pk: f for f in KeywordFamily.objects.all()}
    pairs = []
    for before, after in zip(plans, plans[1:], strict=False):
        pair = GenerationPair(before, after, before.pk in analysed and after.pk in analysed)
        if pair.analysed:
            pair.changes = _changes(counts[before.pk], counts[after.pk], families)
        pairs.append(pair)
    return pairs


def _changes(before: dict, after: dict, families: dict) -> list[FamilyChange]:
    changes = [
        FamilyChange(families[pk], before.get(pk, 0), after.get(pk, 0))
        for pk in set(before) | set(after)
        if pk in families
    ]
    return sorted(changes, key=lambda c: (CHANGE_ORDER[c.change], c.family.name))


def document_tables(document: Document) -> QuerySet[DocumentTable]:
    return DocumentTable.objects.filter(document=document).order_by("page_number", "index")
