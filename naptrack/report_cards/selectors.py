"""Reads of report cards. Callers get plans and cards through permissions.py first; the
ranking starts from the plans the user may see (never synthetic ones)."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from naptrack.registry.choices import PlanStatus
from naptrack.registry.models import ActionPlan
from naptrack.registry.selectors import PlanFilters, plan_search
from naptrack.report_cards.choices import GRADES, CsoCardState, Kind
from naptrack.report_cards.method import BY_CODE, DESIGN_CODES, grade
from naptrack.report_cards.models import (
    CoordinatorStatement,
    CsoCriterionGrade,
    CsoReportCard,
    ReportCard,
)
from naptrack.reporting.choices import CycleState, ReportState
from naptrack.reporting.models import OfficialReport, ReportingCycle
from naptrack.shadow_reports.permissions import member_organization_ids

SUMMARY_FIELDS = (
    "pk",
    "plan_id",
    "method_version",
    "computed_at",
    "is_current",
    *(f"{d}_{f}" for d in Kind.values for f in ("score", "coverage", "unknown", "grade")),
)


def current_card(plan: ActionPlan) -> ReportCard | None:
    return ReportCard.objects.filter(plan=plan, is_current=True).first()


def card_version(plan: ActionPlan, pk) -> ReportCard:
    card = ReportCard.objects.filter(plan=plan, pk=pk).first()
    if card is None:
        raise Http404(_("This plan has no such report card."))
    return card


# ---- What a viewer may read of a card ----------------------------------------------------

WITHHELD = N_("Evidence no longer public")


def card_for_viewer(user, card: ReportCard | None) -> ReportCard | None:
    """The card as this user may read it now. A card keeps the passages it cited as they
    were, but a document can stop being public afterwards (its shadow report hidden by a
    moderator or withdrawn, the document removed): each cited passage is checked again at
    read time, and one whose document this user may no longer see is shown as "evidence no
    longer public", without its text, document or link, in the results and the inputs.
    The card is changed in memory only, for display: never save it."""
    if card is None:
        return None
    cited = _cited_documents(card)
    readable = _readable_documents(user, cited) if cited else set()
    if cited - readable:
        card.results = [_withhold_result(result, readable) for result in card.results]
        card.inputs = _withhold_inputs(card.inputs, readable)
    return card


def _readable_documents(user, ids: set[int]) -> set[int]:
    try:
        from naptrack.library.selectors import documents_visible_to
    except ImportError:  # a deployment without the library: nothing of it is readable
        return set()
    return set(documents_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _document_of(item: dict) -> int | None:
    """The document a card's document evidence links to (its page address)."""
    try:
        return int(resolve(item.get("url") or "/").kwargs["pk"])
    except (Resolver404, KeyError, TypeError, ValueError):
        return None


def _passages(inputs: dict) -> list[dict]:
    return [p for found in inputs.get("documents", {}).get("evidence", {}).values() for p in found]


def _cited_documents(card: ReportCard) -> set[int | None]:
    found = {p.get("document_id") for p in _passages(card.inputs)}
    for result in card.results:
        found |= {_document_of(i) for i in result["evidence"] if i["kind"] == "document"}
    return found


def _withheld_evidence(item: dict) -> dict:
    """No quote, title, page or link; who supplied and confirmed it stays (method 1.2)."""
    provenance = {k: item[k] for k in ("supplied_by", "confirmed_by") if k in item}
    return {
        **provenance,
        "kind": "document",
        "label": WITHHELD,
        "params": {},
        "url": "",
        "quote": "",
        "self_reported": item.get("self_reported", False),
        "withheld": True,
    }


def _withhold_result(result: dict, readable: set[int]) -> dict:
    evidence = [
        item
        if item["kind"] != "document" or _document_of(item) in readable
        else _withheld_evidence(item)
        for item in result["evidence"]
    ]
    return {**result, "evidence": evidence}


def _withhold_inputs(inputs: dict, readable: set[int]) -> dict:
    evidence = {
        code: [p if p.get("document_id") in readable else {"withheld": True} for p in found]
        for code, found in inputs["documents"]["evidence"].items()
    }
    return {**inputs, "documents": {**inputs["documents"], "evidence": evidence}}


def card_history(plan: ActionPlan) -> QuerySet[ReportCard]:
    """Every card of the plan, newest first, without the heavy JSON."""
    return (
        ReportCard.objects.filter(plan=plan).only(*SUMMARY_FIELDS).order_by("-computed_at", "-pk")
    )


# ---- Ranking -------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingFilters:
    region: str = ""  # M49 code of a region
    status: str = ""  # a PlanStatus value, against the derived current status
    q: str = ""
    dimension: str = Kind.DESIGN  # which grade the range and the default sort use
    best: str = ""  # a letter: at most this good
    worst: str = ""  # a letter: at least this good
    sort: str = "grade"


def _graded_first(dimension: str):
    return Case(
        When(**{f"card__{dimension}_grade": ""}, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _ordering(filters: RankingFilters) -> list:
    owner = ["country__name", "regional_organization__short_name", "pk"]
    dimension = filters.dimension
    score = F(f"card__{dimension}_score")
    coverage = F(f"card__{dimension}_coverage")
    if filters.sort == "owner":
        return owner
    if filters.sort == "coverage":
        return [coverage.desc(), *owner]
    if filters.sort == "-grade":
        return [_graded_first(dimension), score.asc(nulls_last=True), coverage.desc(), *owner]
    return [_graded_first(dimension), score.desc(nulls_last=True), coverage.desc(), *owner]


def grade_range(best: str, worst: str) -> list[str]:
    start = GRADES.index(best) if best in GRADES else 0
    end = GRADES.index(worst) if worst in GRADES else len(GRADES) - 1
    return list(GRADES[start : end + 1])


# Why a plan the filters match is left out of a dimension's ranking.
NOT_GRADED_REASONS = {
    "no_card": N_("no report card yet"),
    "insufficient": N_("too few criteria known to give a grade"),
    "unfinished_cycle": N_("its published reports are only of unfinished reporting cycles"),
}


def finished_cycles():
    """Cycles of the outer plan that count in the ranking: past their due date or closed,
    with a published report and no draft one in the making. A cycle not yet due or closed,
    or whose report is being redrafted, is half-finished: agencies may still report, and
    ranking a plan above others on it would reward reporting early and partly."""
    reports = OfficialReport.objects.filter(cycle=OuterRef("pk"))
    return ReportingCycle.objects.filter(
        Q(due_date__lt=timezone.now().date()) | Q(state=CycleState.CLOSED),
        Exists(reports.filter(state=ReportState.PUBLISHED)),
        plan=OuterRef("pk"),
    ).exclude(Exists(reports.filter(state=ReportState.DRAFT)))


def _with_cards(user, filters: RankingFilters) -> QuerySet[ActionPlan]:
    plans = plan_search(
        user, PlanFilters(region=filters.region, status=filters.status, q=filters.q)
    )
    return plans.annotate(
        card=FilteredRelation("report_cards", condition=Q(report_cards__is_current=True))
    )


def _graded_q(dimension: str) -> Q:
    graded = ~Q(**{f"card__{dimension}_grade": ""}) & Q(card__isnull=False)
    if dimension == Kind.IMPLEMENTATION:
        graded &= Q(Exists(finished_cycles()))
    return graded


def ranking(user, filters: RankingFilters) -> QuerySet[ActionPlan]:
    """Plans this user may see whose current card grades the chosen dimension, each
    annotated `card_*` with its grades, best score first. Plans without a card, without
    enough known criteria, or (implementation) whose reports are all of unfinished cycles
    are not ranked: ranking_not_graded() counts them."""
    plans = _with_cards(user, filters).filter(_graded_q(filters.dimension))
    if filters.best or filters.worst:
        letters = grade_range(filters.best, filters.worst)
        plans = plans.filter(**{f"card__{filters.dimension}_grade__in": letters})
    fields = {f"card_{name}": F(f"card__{name}") for name in SUMMARY_FIELDS if name != "plan_id"}
    return plans.annotate(**fields).order_by(*_ordering(filters))


def ranking_not_graded(user, filters: RankingFilters) -> dict[str, int]:
    """How many plans the filters match are not ranked on the dimension, by reason (one
    query; reasons with none are left out)."""
    dimension = filters.dimension
    reasons = {
        "no_card": Q(card__isnull=True),
        "insufficient": Q(card__isnull=False, **{f"card__{dimension}_grade": ""}),
    }
    if dimension == Kind.IMPLEMENTATION:
        reasons["unfinished_cycle"] = (
            Q(card__isnull=False)
            & ~Q(card__implementation_grade="")
            & ~Q(Exists(finished_cycles()))
        )
    counts = _with_cards(user, filters).aggregate(
        **{reason: Count("pk", filter=q, distinct=True) for reason, q in reasons.items()}
    )
    return {reason: n for reason, n in counts.items() if n}


# ---- Statements and civil-society cards ---------------------------------------------------


def current_statements(plan: ActionPlan) -> dict[str, CoordinatorStatement]:
    statements = CoordinatorStatement.objects.filter(plan=plan, is_current=True)
    return {s.criterion: s for s in statements}


def _with_grades(cards: QuerySet[CsoReportCard]) -> QuerySet[CsoReportCard]:
    return cards.select_related(
        "organization", "plan__country", "plan__regional_organization"
    ).prefetch_related(Prefetch("grades", CsoCriterionGrade.objects.order_by("pk")))


def public_cso_cards(plan: ActionPlan) -> list[CsoReportCard]:
    cards = CsoReportCard.objects.filter(plan=plan, state=CsoCardState.PUBLISHED)
    return list(_with_grades(cards).order_by("-published_at", "-pk"))


def cso_cards_for_member(user, plan: ActionPlan | None = None) -> QuerySet[CsoReportCard]:
    cards = CsoReportCard.objects.filter(organization_id__in=member_organization_ids(user))
    if plan is not None:
        cards = cards.filter(plan=plan)
    return _with_grades(cards).order_by("-updated_at", "-pk")


def cso_card_detail(card: CsoReportCard) -> CsoReportCard:
    return _with_grades(CsoReportCard.objects.filter(pk=card.pk)).get()


def cso_card_grades(card: CsoReportCard) -> dict:
    """The CSO's own grades, aggregated by the same method as the computed card; criteria
    the current method no longer has are left out."""
    by_kind: dict[str, list[str]] = {kind: [] for kind in Kind.values}
    for item in card.grades.all():
        criterion = BY_CODE.get(item.criterion)
        if criterion is not None:
            by_kind[criterion.kind].append(item.result)
    return {kind: grade(results) for kind, results in by_kind.items()}


@dataclass
class Row:
    """One criterion of the computed card, with each CSO card's grade of it beside."""

    result: dict
    cso: list[CsoCriterionGrade | None]


def rows_beside(card: ReportCard | None, cso_cards: list[CsoReportCard]) -> list[Row]:
    results = card.results if card else []
    by_card = [{g.criterion: g for g in c.grades.all()} for c in cso_cards]
    return [Row(result, [grades.get(result["code"]) for grades in by_card]) for result in results]


# ---- Coverage of the platform's coding (issue 10) -------------------------------------------

# What issue 10 asks to code for every target plan; the themes count as one criterion.
COVERAGE_CRITERIA = (
    "official_title",
    "period",
    "lead_agency",
    "budget",
    "monitoring_framework",
    "indicators",
    "cso_drafting",
    "cso_monitoring",
    "parliament_reporting",
    "themes",
)
COVERAGE_SINCE = 2015


@dataclass(frozen=True)
class PlanCoverage:
    plan: ActionPlan
    in_force: bool
    known: tuple[str, ...]  # the COVERAGE_CRITERIA some coded fact states
    design_known: int | None  # design criteria known on the current card; None: no card
    design_grade: str  # "" = insufficient information (or no card)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c for c in COVERAGE_CRITERIA if c not in self.known)


def _coverage_criterion(code: str) -> str:
    return "themes" if code.startswith("theme_") else code


def coded_coverage(user) -> list[PlanCoverage]:
    """The plans issue 10 asks to code (every public reference plan in force, and every one
    dated COVERAGE_SINCE or later by its best date), with what the coding knows of each and
    whether its report card grades the design; the fewest criteria known first."""
    plans = (
        plan_search(user, PlanFilters())
        .exclude(reference_key="")
        .prefetch_related(
            "facts",
            Prefetch(
                "report_cards", ReportCard.objects.filter(is_current=True), to_attr="current_cards"
            ),
        )
    )
    rows = []
    for plan in plans:
        in_force = plan.current_status == PlanStatus.ADOPTED
        if not in_force and (plan.best_year or 0) < COVERAGE_SINCE:
            continue
        codes = {_coverage_criterion(f.code) for f in plan.facts.all()}
        card = plan.current_cards[0] if plan.current_cards else None
        known = tuple(c for c in COVERAGE_CRITERIA if c in codes)
        design_known = None if card is None else len(DESIGN_CODES) - card.design_unknown
        rows.append(
            PlanCoverage(plan, in_force, known, design_known, card.design_grade if card else "")
        )
    return sorted(rows, key=lambda r: (len(r.known), r.plan.reference_key))
