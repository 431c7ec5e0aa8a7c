"""Assisted structuring: the ticked rows of a document's action matrix become its plan's
structure, through the plan services (library/structuring.py reads the matrix)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naptrack.core.services import activity_record
from naptrack.library import structuring
from naptrack.library.models import (
    Document,
)
from naptrack.plans import services as plan_services
from naptrack.plans.choices import ResponsibilityRole
from naptrack.plans.models import Action, Indicator, Objective, PlanPillar
from naptrack.plans.selectors import agencies_for_plan
from naptrack.registry.models import ActionPlan, Pillar
from naptrack.registry.permissions import can_edit_plan


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
