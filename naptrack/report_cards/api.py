"""Report-card endpoints: the same access helpers and selectors as the pages. Everything
here is a read; anonymous callers see what the public sees."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from naptrack.accounts.auth import api_user
from naptrack.core.api import ANONYMOUS_ALLOWED, READ_ERRORS, PageLinks, error_responses
from naptrack.report_cards import permissions, selectors
from naptrack.report_cards.schemas import (
    NotGradedOut,
    RankingIn,
    RankingRowOut,
    ReportCardOut,
    ReportCardSummaryOut,
    grade_of,
)
from naptrack.report_cards.selectors import RankingFilters
from naptrack.report_cards.templatetags.report_cards import evidence_label, explanation, translated
from naptrack.reporting.validators import decimal_text

router = Router(tags=["report cards"])
READ_ONE_ERRORS = error_responses(401, 404, 422)


def _evidence(item: dict) -> dict:
    return {
        "kind": item["kind"],
        "label": evidence_label(item),
        "url": item["url"] or None,
        "quote": item["quote"] or None,
        "self_reported": item["self_reported"],
        "supplied_by": item.get("supplied_by"),
        "confirmed_by": item.get("confirmed_by"),
    }


def _criterion(result: dict) -> dict:
    return {
        "code": result["code"],
        "kind": result["kind"],
        "label": translated(result["label"]),
        "result": result["result"],
        "explanation": explanation(result["explanation"]),
        "evidence": [_evidence(item) for item in result["evidence"]],
        "self_reported": result.get("self_reported", False),
    }


def _cso_card(card) -> dict:
    grades = selectors.cso_card_grades(card)
    return {
        "id": card.pk,
        "byline": card.public_byline,
        "published_at": card.published_at,
        "method_version": card.method_version,
        "design": _grade(grades["design"]),
        "implementation": _grade(grades["implementation"]),
        "criteria": [
            {"code": g.criterion, "result": g.result, "reason": g.reason} for g in card.grades.all()
        ],
    }


def _grade(grade) -> dict:
    return {
        "grade": grade.letter or None,
        "score": None if grade.score is None else decimal_text(grade.score),
        "coverage": decimal_text(grade.coverage),
        "unknown": grade.unknown,
    }


@router.get(
    "/plans/{int:plan_id}/report-card",
    response={200: ReportCardOut, **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def report_card(request, plan_id: int):
    """The plan's current card: both grades, every criterion with its result, explanation
    and evidence, the method and inputs it used, and published civil-society cards."""
    user = api_user(request)
    plan = permissions.plan_for_card(user, plan_id)
    card = selectors.card_for_viewer(user, selectors.current_card(plan))
    if card is None:
        raise Http404(_("No report card has been computed for this plan yet."))
    return {
        "id": card.pk,
        "plan_id": plan.pk,
        "plan_title": plan.display_title,
        "method_version": card.method_version,
        "computed_at": card.computed_at,
        "is_current": card.is_current,
        "design": grade_of(card, "design"),
        "implementation": grade_of(card, "implementation"),
        "criteria": [_criterion(result) for result in card.results],
        "method": card.method,
        "inputs": card.inputs,
        "cso_cards": [_cso_card(c) for c in selectors.public_cso_cards(plan)],
    }


@router.get(
    "/plans/{int:plan_id}/report-card/history",
    response={200: list[ReportCardSummaryOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def report_card_history(request, plan_id: int):
    """Every card of the plan, newest first; earlier ones are kept as they were."""
    plan = permissions.plan_for_card(api_user(request), plan_id)
    return selectors.card_history(plan)


@router.get(
    "/report-cards",
    response={200: list[RankingRowOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def ranking(request, filters: Query[RankingIn]):
    """Plans whose current card grades the chosen dimension, ranked best first, filtered
    like the page. Plans not graded are left out: `/report-cards/not-graded` counts them.
    Synthetic plans never appear."""
    return selectors.ranking(api_user(request), RankingFilters(**filters.dict()))


@router.get(
    "/report-cards/not-graded",
    response={200: NotGradedOut, **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def ranking_not_graded(request, filters: Query[RankingIn]):
    """How many plans the same filters match are not ranked on the dimension, and why."""
    counts = selectors.ranking_not_graded(api_user(request), RankingFilters(**filters.dict()))
    return {"dimension": filters.dimension, "total": sum(counts.values()), "reasons": counts}
