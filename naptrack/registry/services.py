"""Writes to the registry. Pages, the API, commands and the admin all call these.

Each lifecycle transition is its own service: it checks the allowed source states,
saves, and records an Activity row with the fields that changed.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from naptrack.accounts.permissions import is_platform_admin
from naptrack.core.services import activity_record, audited_update, changes_between
from naptrack.registry import transitions
from naptrack.registry.choices import DatePrecision, PlanStatus, Publication
from naptrack.registry.models import (
    ActionPlan,
    Citation,
    Country,
    RegionalOrganization,
    StandardIndicator,
)
from naptrack.registry.permissions import can_create_plan_for, can_edit_plan
from naptrack.registry.validators import validate_source_url

EDITABLE_FIELDS = (
    "generation",
    "title",
    "language",
    "adoption_date",
    "adoption_precision",
    "period_start",
    "period_end",
    "extended_to",
    "lead_agency",
    "predecessor",
    "focus",
    "budget",
    "status_note",
    "confidence",
)

# The states each transition may start from, and the words the audit trail uses: one
# table, naptrack/registry/transitions.py.
TRANSITION_SOURCES = {t.name: t.sources for t in transitions.TABLE}
TRANSITION_PARTICIPLES = {t.name: t.participle for t in transitions.TABLE}


def plan_transitions_allowed(plan: ActionPlan) -> list[str]:
    """Names of the transitions this plan's stored status allows, in lifecycle order."""
    return [name for name, sources in TRANSITION_SOURCES.items() if plan.status in sources]


def plan_snapshot(plan: ActionPlan) -> dict[str, Any]:
    """The audited state of a plan: its own fields plus resolutions and citations."""
    data = model_to_dict(plan, fields=[*EDITABLE_FIELDS, "status", "publication"])
    if plan.pk:
        data["resolutions"] = sorted(plan.resolutions.values_list("number", flat=True))
        data["citations"] = list(plan.citations.values_list("url", flat=True))
    return data


def _require_editor(actor, plan: ActionPlan) -> None:
    if actor is not None and not can_edit_plan(actor, plan):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may change it."))


def _period_errors(plan: ActionPlan) -> dict[str, str]:
    """Name the field and the years, instead of the bare constraint name full_clean gives."""
    start, end, extended = plan.period_start, plan.period_end, plan.extended_to
    if start and end and end < start:
        return {"period_end": f"The period ends ({end}) before it starts ({start})."}
    if extended and end and extended < end:
        return {
            "extended_to": f"The extension ({extended}) must not end before the period ({end})."
        }
    if plan.generation is not None and plan.generation < 1:
        return {"generation": "The generation is counted from 1."}
    return {}


def _validate_and_save(plan: ActionPlan) -> None:
    errors = _period_errors(plan)
    if errors:
        raise ValidationError(errors)
    if plan.adoption_date and not plan.adoption_precision:
        plan.adoption_precision = DatePrecision.DAY
    if not plan.adoption_date:
        plan.adoption_precision = ""
    if plan.predecessor_id and plan.predecessor_id == plan.pk:
        raise ValidationError({"predecessor": "A plan cannot be its own predecessor."})
    if plan.predecessor and plan.predecessor.owner != plan.owner:
        raise ValidationError({"predecessor": "The predecessor must belong to the same owner."})
    plan.full_clean(exclude=["reference_key"], validate_unique=True)
    plan.save()


@transaction.atomic
def plan_create(
    *,
    actor,
    owner: Country | RegionalOrganization,
    channel: str = "web",
    resolutions: Iterable = (),
    **fields,
) -> ActionPlan:
    if not can_create_plan_for(actor, owner):
        raise PermissionDenied(
            _("Only coordinators of this country or organization may add plans.")
        )
    owner_field = "country" if isinstance(owner, Country) else "regional_organization"
    plan = ActionPlan(**{owner_field: owner}, publication=Publication.DRAFT, **fields)
    _validate_and_save(plan)
    plan.resolutions.set(resolutions)
    activity_record(
        actor=actor,
        verb="plan.created",
        target=plan,
        changes=changes_between({}, plan_snapshot(plan)),
        channel=channel,
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    actor,
    plan: ActionPlan,
    channel: str = "web",
    resolutions: Iterable | None = None,
    **fields,
) -> ActionPlan:
    _require_editor(actor, plan)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    before = plan_snapshot(plan)
    for name, value in fields.items():
        setattr(plan, name, value)
    _validate_and_save(plan)
    if resolutions is not None:
        plan.resolutions.set(resolutions)
    changes = changes_between(before, plan_snapshot(plan))
    if changes:
        activity_record(
            actor=actor, verb="plan.updated", target=plan, changes=changes, channel=channel
        )
    return plan


@transaction.atomic
def plan_publish(*, actor, plan: ActionPlan, channel: str = "web") -> ActionPlan:
    _require_editor(actor, plan)
    if plan.publication == Publication.PUBLISHED:
        raise ValidationError(_("This plan is already published."))
    if not plan.citations.exists():
        raise ValidationError(_("Add at least one source (citation) before publishing."))
    plan.publication = Publication.PUBLISHED
    plan.save(update_fields=["publication", "updated_at"])
    activity_record(
        actor=actor,
        verb="plan.published",
        target=plan,
        channel=channel,
        changes={"publication": {"before": "draft", "after": "published"}},
    )
    return plan


def _check_transition(plan: ActionPlan, name: str) -> None:
    sources = TRANSITION_SOURCES[name]
    if plan.status not in sources:
        allowed = ", ".join(str(PlanStatus(s).label).lower() for s in sources)
        raise ValidationError(
            f"This plan is {plan.get_status_display().lower()}: only a plan that is "
            f"{allowed} can be {TRANSITION_PARTICIPLES[name]}."
        )


def _transition(*, actor, plan: ActionPlan, name: str, channel: str, **fields) -> ActionPlan:
    """Carry out transition `name` as the table says (its status and audit verb)."""
    _require_editor(actor, plan)
    _check_transition(plan, name)
    transition = transitions.BY_NAME[name]
    before = plan_snapshot(plan)
    plan.status = transition.to
    for field_name, value in fields.items():
        setattr(plan, field_name, value)
    _validate_and_save(plan)
    activity_record(
        actor=actor,
        verb=transition.verb,
        target=plan,
        channel=channel,
        changes=changes_between(before, plan_snapshot(plan)),
    )
    return plan


@transaction.atomic
def plan_start_drafting(*, actor, plan: ActionPlan, channel: str = "web") -> ActionPlan:
    return _transition(
        actor=actor,
        plan=plan,
        name="start_drafting",
        channel=channel,
    )


@transaction.atomic
def plan_open_consultation(*, actor, plan: ActionPlan, channel: str = "web") -> ActionPlan:
    return _transition(
        actor=actor,
        plan=plan,
        name="open_consultation",
        channel=channel,
    )


@transaction.atomic
def plan_adopt(
    *,
    actor,
    plan: ActionPlan,
    adoption_date: datetime.date,
    precision: str = DatePrecision.DAY,
    channel: str = "web",
) -> ActionPlan:
    return _transition(
        actor=actor,
        plan=plan,
        name="adopt",
        channel=channel,
        adoption_date=adoption_date,
        adoption_precision=precision,
    )


@transaction.atomic
def plan_extend(*, actor, plan: ActionPlan, extended_to: int, channel: str = "web") -> ActionPlan:
    _require_editor(actor, plan)
    _check_transition(plan, "extend")
    if plan.period_end is None:
        raise ValidationError({"extended_to": "Set the plan's period end before extending it."})
    return _transition(
        actor=actor,
        plan=plan,
        name="extend",
        channel=channel,
        extended_to=extended_to,
    )


@transaction.atomic
def plan_expire(*, actor, plan: ActionPlan, channel: str = "web") -> ActionPlan:
    return _transition(
        actor=actor,
        plan=plan,
        name="expire",
        channel=channel,
    )


@transaction.atomic
def plan_supersede(
    *, actor, plan: ActionPlan, successor: ActionPlan, channel: str = "web"
) -> ActionPlan:
    _require_editor(actor, plan)
    if successor.owner != plan.owner or successor.pk == plan.pk:
        raise ValidationError({"successor": "The successor must be another plan of this owner."})
    _transition(
        actor=actor,
        plan=plan,
        name="supersede",
        channel=channel,
    )
    if successor.predecessor_id != plan.pk:
        plan_update(actor=actor, plan=successor, predecessor=plan, channel=channel)
    return plan


@transaction.atomic
def plan_withdraw(*, actor, plan: ActionPlan, channel: str = "web") -> ActionPlan:
    return _transition(
        actor=actor,
        plan=plan,
        name="withdraw",
        channel=channel,
    )


@transaction.atomic
def citation_add(
    *,
    actor,
    plan: ActionPlan,
    url: str,
    title: str = "",
    accessed: datetime.date | None = None,
    channel: str = "web",
) -> Citation:
    _require_editor(actor, plan)
    validate_source_url(url)
    if plan.citations.filter(url=url).exists():
        raise ValidationError({"url": f"This plan already cites {url}."})
    citation = Citation(
        plan=plan, url=url, title=title, accessed=accessed, position=plan.citations.count()
    )
    citation.full_clean()
    citation.save()
    activity_record(
        actor=actor,
        verb="plan.citation_added",
        target=plan,
        channel=channel,
        changes={"citations": {"before": None, "after": url}},
    )
    return citation


@transaction.atomic
def citation_remove(*, actor, citation: Citation, channel: str = "web") -> None:
    _require_editor(actor, citation.plan)
    activity_record(
        actor=actor,
        verb="plan.citation_removed",
        target=citation.plan,
        channel=channel,
        changes={"citations": {"before": citation.url, "after": None}},
    )
    citation.delete()


INDICATOR_FIELDS = ("short_name", "pillar", "verified", "source_url")


@transaction.atomic
def standard_indicator_update(
    *, actor, indicator: StandardIndicator, channel: str = "web", **fields
) -> StandardIndicator:
    """An administrator corrects or verifies a reference indicator; the loader keeps the
    correction on reload unless the reference file itself changes (docs/reference-data.md)."""
    if not is_platform_admin(actor):
        raise PermissionDenied(_("Only platform admins may correct standard indicators."))
    audited_update(
        indicator,
        actor=actor,
        fields=fields,
        allowed=INDICATOR_FIELDS,
        verb="standard_indicator.updated",
        channel=channel,
    )
    return indicator
