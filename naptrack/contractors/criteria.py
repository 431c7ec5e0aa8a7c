"""Contractor compliance as an implementation criterion of a plan's report card.

Two halves, shaped like the report-card method (naptrack/report_cards/method.py):
`gather_contractor_inputs(plan)` reads public data only into plain, sorted JSON, and
`contractor_compliance(inputs)` is a pure function from those inputs to an `Outcome`
(result, explanation, evidence). `contractor_compliance_for_plan(plan)` chains both.
Method version 1.3 takes it in (docs/report-cards.md, "Contractor compliance").

The rule: the contracts the plan's owner awarded during the plan's period, or linked
to the plan's actions (public, not synthetic), each answered against the current
checklist version. An item scores 1 when answered yes with evidence and no published
challenge disputes it, 0.5 when answered yes without evidence or disputed, 0 when no,
unknown or unanswered. The share of points over every contract's items gives met (at
or above 80%), partly met (40% or more) or not met; with no contract, unknown.
"""

from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_noop as N_

from naptrack.contractors.choices import Answer, ChallengeState
from naptrack.contractors.models import ChecklistAnswer, Contract
from naptrack.contractors.selectors import current_checklist
from naptrack.registry.models import ActionPlan
from naptrack.report_cards.choices import Result
from naptrack.report_cards.method import (
    Outcome,
    evidence,
    explain,
    percent_text,
    ratio,
    share_result,
)

CODE = "contractor_compliance"
LABEL = N_("Private contractors held to resolutions 1325 and 1820")
SCORING = N_(
    "Contracts the plan's owner awarded during the plan's period or linked to its actions, "
    "answered against the current checklist: yes with evidence and undisputed scores 1, yes "
    "without evidence or disputed by a published challenge 0.5, no, unknown or unanswered 0. "
    "At or above 80% of the points: met; 40% or more: partly met; below: not met; no "
    "contract in the register: unknown."
)
INPUTS = ("contractors.contracts", "contractors.checklist")
ITEM_POINTS = {"verified": Decimal(1), "claimed": Decimal("0.5"), "none": Decimal(0)}


# ---- Gathering (reads the database) ----------------------------------------------------------


def _owner_q(plan: ActionPlan) -> Q:
    if plan.country_id:
        return Q(authority_country_id=plan.country_id)
    return Q(authority_regional_organization_id=plan.regional_organization_id)


def _period_q(plan: ActionPlan) -> Q:
    """Contracts running at some time in the plan's period (years); any when unknown."""
    overlap = Q()
    if plan.period_end:
        overlap &= Q(start_date__isnull=True) | Q(start_date__year__lte=plan.period_end)
    if plan.period_start:
        overlap &= Q(end_date__isnull=True) | Q(end_date__year__gte=plan.period_start)
    return overlap


def _contracts(plan: ActionPlan, item_ids: list[int]):
    answers = ChecklistAnswer.objects.filter(item_id__in=item_ids).select_related("item")
    answers = answers.annotate(
        evidence_count=Count("evidence", distinct=True),
        disputes=Count(
            "challenges",
            filter=Q(challenges__state=ChallengeState.PUBLISHED)
            & ~Q(challenges__claimed_answer=Answer.YES),
            distinct=True,
        ),
    )
    linked = Q(actions__plan=plan)
    return (
        Contract.objects.public()
        .filter((_owner_q(plan) & _period_q(plan)) | linked)
        .distinct()
        .select_related("contractor")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("id")
    )


def _item_state(answer) -> str:
    if answer is None or answer.answer != Answer.YES:
        return "none"
    return "verified" if answer.evidence_count and not answer.disputes else "claimed"


def gather_contractor_inputs(plan: ActionPlan) -> dict:
    """The criterion's inputs: public contracts and their answers, no person, no
    challenger, no incident. A fixed number of queries whatever the number of contracts."""
    version = current_checklist()
    if version is None:
        return {"checklist": None, "contracts": []}
    items = [item.code for item in version.items.all()]
    item_ids = [item.pk for item in version.items.all()]
    contracts = []
    for contract in _contracts(plan, item_ids):
        by_code = {answer.item.code: answer for answer in contract.answers.all()}
        contracts.append(
            {
                "id": contract.pk,
                "title": contract.title,
                "contractor": contract.contractor.name,
                "url": contract.get_absolute_url(),
                "items": {code: _item_state(by_code.get(code)) for code in items},
            }
        )
    return {"checklist": {"number": version.number, "items": items}, "contracts": contracts}


# ---- The criterion (pure) --------------------------------------------------------------------


def _points(contract: dict) -> Decimal:
    return sum((ITEM_POINTS[state] for state in contract["items"].values()), Decimal(0))


def contractor_compliance(inputs: dict) -> Outcome:
    """`inputs` holds the gathered dictionary under "contractors" (as the report card's
    inputs would) or is that dictionary itself."""
    data = inputs.get("contractors", inputs)
    contracts, checklist = data["contracts"], data["checklist"]
    if not contracts or not checklist or not checklist["items"]:
        return Outcome(
            Result.UNKNOWN,
            explain(N_("No contract of the plan's owner is in the contractors register.")),
        )
    possible = len(contracts) * len(checklist["items"])
    points = sum((_points(contract) for contract in contracts), Decimal(0))
    share = ratio(points, possible)
    text = N_(
        "%(contracts)s contracts score %(points)s of %(possible)s points on checklist version "
        "%(version)s (%(pct)s%%)."
    )
    params = {
        "contracts": len(contracts),
        "points": f"{points.normalize():f}",
        "possible": possible,
        "version": checklist["number"],
        "pct": percent_text(share),
    }
    items = [
        evidence(
            "field",
            N_("%(contractor)s, %(title)s: %(verified)s verified, %(claimed)s claimed of %(n)s"),
            url=contract["url"],
            contractor=contract["contractor"],
            title=contract["title"],
            verified=list(contract["items"].values()).count("verified"),
            claimed=list(contract["items"].values()).count("claimed"),
            n=len(contract["items"]),
        )
        for contract in contracts
    ]
    return Outcome(share_result(share), explain(text, **params), items)


def contractor_compliance_for_plan(plan: ActionPlan) -> Outcome:
    return contractor_compliance(gather_contractor_inputs(plan))
