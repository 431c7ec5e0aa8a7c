"""Report cards follow their inputs: every audit row whose verb can change a plan's inputs
queues that plan's recomputation once the writer's transaction commits (decision 0007).

The task is idempotent (a new card only when the inputs hash changes), so a verb listed
here that turns out not to change anything costs one read of the inputs, never a wrong
card. Time alone also changes inputs (a due date passing, a scheduled shadow report
becoming public): the periodic `recompute_report_cards` command covers those.
"""

from functools import partial

from django.db import transaction
from django.db.models import Q

from naptrack.registry.selectors import plan_id_of
from naptrack.report_cards.services import report_card_request_recompute

# Verb prefixes of the writes that feed gather_inputs (naptrack/report_cards/inputs.py).
INPUT_VERBS = (
    "plan.",  # the registry's fields, status and sources
    "structure.",  # pillars, actions, responsibilities, indicators, targets, budget lines
    "reporting.schedule.",
    "reporting.cycle.",
    "reporting.cycles.",
    "reporting.report.published",
    "shadow.report.published",  # also a hidden report restored
    "shadow.report.withdrawn",
    "shadow.report.hidden",
    "evidence.",  # document passages confirmed or rejected
    "document.",  # a new analysis replaces the suggested passages
    "report_card.statement_",
    "report_card.cso_published",  # a civil-society card can confirm (method 1.2)
    "report_card.cso_withdrawn",
)
# Contractor rows (method 1.3) target a contract or a challenge, not a plan: every plan of
# the awarding owner, and every plan with a linked action, is queued. Incidents do not feed
# the criterion; a newly published checklist version reaches every plan through the
# periodic command.
CONTRACT_VERBS = (
    "contract.created",
    "contract.actions_set",
    "contract.answer.",
    "contract.evidence.",
    "contract.challenge.",
)


def recompute_when_inputs_change(sender, *, activity, target, **kwargs) -> None:
    if activity.verb.startswith(INPUT_VERBS):
        # Resolved after the commit: the receiver adds no query to the writer's transaction,
        # and a failed enqueue (robust) never turns a saved change into an error page.
        transaction.on_commit(partial(_request_recompute, target), robust=True)
    elif activity.verb.startswith(CONTRACT_VERBS):
        transaction.on_commit(partial(_request_contract_recompute, target), robust=True)


def _request_recompute(target) -> None:
    plan_id = plan_id_of(target)
    if plan_id is not None:
        report_card_request_recompute(plan_id=plan_id)


def _request_contract_recompute(target) -> None:
    from naptrack.contractors.models import Challenge  # contractors imports report_cards

    contract = target.answer.contract if isinstance(target, Challenge) else target
    for plan_id in _contract_plan_ids(contract):
        report_card_request_recompute(plan_id=plan_id)


def _contract_plan_ids(contract) -> list[int]:
    from naptrack.registry.models import ActionPlan

    owner = Q(country_id=contract.authority_country_id)
    if contract.authority_regional_organization_id:
        owner = Q(regional_organization_id=contract.authority_regional_organization_id)
    linked = Q(pk__in=contract.actions.values("plan"))
    return list(ActionPlan.objects.filter(owner | linked).values_list("pk", flat=True).distinct())
