"""Writes to a plan's structure. Pages, uploads and commands all call these.

Every write runs inside one change set (_structure_change): it checks that the actor
may edit the plan, locks the plan, and, if anything really changed, records one
StructureVersion with a StructureChange row per changed field plus one Activity on
the plan (verb "structure.*"). A write that changes nothing leaves no trace.
"""

import datetime
import decimal
import io
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from naptrack.accounts.choices import OrganizationKind
from naptrack.accounts.models import Organization
from naptrack.core.services import activity_record, refuse_unknown_fields
from naptrack.core.spreadsheets import csv_writer
from naptrack.plans import selectors, spreadsheet
from naptrack.plans.choices import ChangeKind, ResponsibilityRole
from naptrack.plans.models import (
    Action,
    BudgetLine,
    Indicator,
    IndicatorTarget,
    Objective,
    PlanPillar,
    Responsibility,
    StructureChange,
    StructureVersion,
)
from naptrack.registry.models import ActionPlan, Pillar
from naptrack.registry.permissions import can_edit_plan

TRACKED = {
    PlanPillar: ("name", "pillar"),
    Objective: ("code", "title", "pillar"),
    Action: ("code", "title", "description", "language", "objective", "start_year", "end_year"),
    Responsibility: ("role",),
    Indicator: (
        "code",
        "name",
        "language",
        "unit",
        "baseline_value",
        "baseline_date",
        "data_source",
        "disaggregated_by_sex",
        "disaggregated_by_age",
        "disaggregated_by_location",
        "standard_indicator",
        "sdg_indicator",
        "action",
    ),
    IndicatorTarget: ("value",),
    BudgetLine: ("amount", "currency", "kind", "funding_source"),
}
# Order on the page is kept but not versioned: reordering is not a change of substance.
UNTRACKED = ("position",)


@dataclass(frozen=True)
class Change:
    kind: str
    code: str
    field: str = ""
    before: str | None = None
    after: str | None = None


class ChangeSet:
    def __init__(self):
        self.changes: list[Change] = []
        self.version: StructureVersion | None = None

    def add(self, kind, code, field="", before=None, after=None) -> None:
        self.changes.append(Change(kind, code, field, before, after))


# ---- Describing elements -----------------------------------------------------------


def display(value) -> str | None:
    """A value as the change log stores it; None stays None (absent or unknown)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, decimal.Decimal):
        return spreadsheet.number_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, PlanPillar | Organization):
        return value.name
    if isinstance(value, models.Model):
        return getattr(value, "code", None) or getattr(value, "number", None) or str(value)
    return str(value)


def _identity(obj) -> tuple[str, str, str]:
    """(kind, code, field) naming an element in the change log."""
    if isinstance(obj, PlanPillar):
        return ChangeKind.PILLAR, obj.name, ""
    if isinstance(obj, Responsibility):
        return ChangeKind.RESPONSIBILITY, obj.action.code, ""
    if isinstance(obj, BudgetLine):
        return ChangeKind.BUDGET, obj.action.code, ""
    if isinstance(obj, IndicatorTarget):
        return ChangeKind.TARGET, obj.indicator.code, obj.period
    kinds = {Objective: ChangeKind.OBJECTIVE, Action: ChangeKind.ACTION}
    return kinds.get(type(obj), ChangeKind.INDICATOR), obj.code, ""


def _label(obj) -> str:
    if isinstance(obj, Responsibility):
        return f"{obj.agency.name} ({obj.role})"
    if isinstance(obj, BudgetLine):
        source = f" ({obj.funding_source})" if obj.funding_source else ""
        return f"{display(obj.amount)} {obj.currency} {obj.kind}{source}"
    if isinstance(obj, IndicatorTarget):
        return display(obj.value)
    return getattr(obj, "title", None) or obj.name


def _created(cs: ChangeSet, obj):
    obj.full_clean()
    obj.save()
    kind, code, field_name = _identity(obj)
    cs.add(kind, code, field_name, None, _label(obj))
    return obj


def _updated(cs: ChangeSet, obj, **values):
    """Apply `values`; save and record only what really changed."""
    allowed = TRACKED[type(obj)] + UNTRACKED
    refuse_unknown_fields(values, allowed)
    before = {name: display(getattr(obj, name)) for name in TRACKED[type(obj)]}
    untracked_before = {name: getattr(obj, name) for name in UNTRACKED if hasattr(obj, name)}
    for name, value in values.items():
        setattr(obj, name, value)
    after = {name: display(getattr(obj, name)) for name in TRACKED[type(obj)]}
    untracked_after = {name: getattr(obj, name) for name in untracked_before}
    if before == after and untracked_before == untracked_after:
        return obj
    obj.full_clean()
    obj.save()
    kind, code, field_name = _identity(obj)
    for name in TRACKED[type(obj)]:
        if before[name] != after[name]:
            cs.add(kind, code, field_name or name, before[name], after[name])
    return obj


def _deleted(cs: ChangeSet, obj) -> None:
    kind, code, field_name = _identity(obj)
    cs.add(kind, code, field_name, _label(obj), None)
    try:
        with transaction.atomic():  # a savepoint, so the outer transaction survives a refusal
            obj.delete()
    except ProtectedError as exc:
        message = _(
            "%(kind)s %(code)s has been reported on and cannot be removed; "
            "mark it cancelled in the next reporting cycle instead."
        )
        raise ValidationError(message % {"kind": kind.label, "code": code}) from exc


# ---- Change sets and versions -------------------------------------------------------


def _require_editor(actor, plan: ActionPlan) -> None:
    if actor is not None and not can_edit_plan(actor, plan):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may change it."))


def _ensure_pillars(cs: ChangeSet, plan: ActionPlan) -> None:
    """A structure starts with the four pillars of 1325; a plan may rename or add its own."""
    if PlanPillar.objects.filter(plan=plan).exists():
        return
    for pillar in Pillar.objects.order_by("position"):
        _created(
            cs, PlanPillar(plan=plan, pillar=pillar, name=pillar.name, position=pillar.position)
        )


@contextmanager
def _structure_change(*, actor, plan, verb, summary, channel="web", dry_run=False):
    _require_editor(actor, plan)
    with transaction.atomic():
        # Serialize writers to one plan's structure so version numbers and diffs hold.
        list(ActionPlan.objects.select_for_update().filter(pk=plan.pk).order_by().values("pk"))
        cs = ChangeSet()
        _ensure_pillars(cs, plan)
        yield cs
        if dry_run:
            transaction.set_rollback(True)
        elif cs.changes:
            cs.version = _version_record(actor, plan, verb, summary, channel, cs.changes)


def _version_record(actor, plan, verb, summary, channel, changes) -> StructureVersion:
    last = StructureVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
    is_person = actor is not None and actor.is_authenticated
    version = StructureVersion.objects.create(
        plan=plan,
        number=last + 1,
        actor=actor if is_person else None,
        actor_label=str(actor) if is_person else "system",
        channel=channel,
        summary=summary[:300],
    )
    StructureChange.objects.bulk_create(
        StructureChange(version=version, **change.__dict__) for change in changes
    )
    audit = {}
    for change in changes:
        key = f"{change.kind} {change.code}" + (f": {change.field}" if change.field else "")
        while key in audit:
            key += "'"
        audit[key] = {"before": change.before, "after": change.after}
    activity_record(actor=actor, verb=verb, target=plan, changes=audit, channel=channel)
    return version


def _next_position(queryset) -> int:
    return (queryset.aggregate(n=Max("position"))["n"] or 0) + 1


# ---- Pillars, objectives, actions --------------------------------------------------


def structure_start(*, actor, plan: ActionPlan, channel: str = "web") -> list[PlanPillar]:
    with _structure_change(
        actor=actor,
        plan=plan,
        verb="structure.started",
        summary="Structure started",
        channel=channel,
    ):
        pass
    return list(PlanPillar.objects.filter(plan=plan))


def pillar_create(*, actor, plan: ActionPlan, name: str, channel: str = "web") -> PlanPillar:
    with _structure_change(
        actor=actor,
        plan=plan,
        verb="structure.pillar.created",
        summary=f"Pillar {name} added",
        channel=channel,
    ) as cs:
        position = _next_position(PlanPillar.objects.filter(plan=plan))
        return _created(cs, PlanPillar(plan=plan, name=name.strip(), position=position))


def pillar_update(*, actor, plan_pillar: PlanPillar, name: str, channel="web") -> PlanPillar:
    with _structure_change(
        actor=actor,
        plan=plan_pillar.plan,
        verb="structure.pillar.updated",
        summary=f"Pillar {plan_pillar.name} renamed",
        channel=channel,
    ) as cs:
        return _updated(cs, plan_pillar, name=name.strip())


def pillar_delete(*, actor, plan_pillar: PlanPillar, channel: str = "web") -> None:
    with _structure_change(
        actor=actor,
        plan=plan_pillar.plan,
        verb="structure.pillar.deleted",
        summary=f"Pillar {plan_pillar.name} removed",
        channel=channel,
    ) as cs:
        if plan_pillar.objectives.exists():
            raise ValidationError(_("Move or remove this pillar's objectives first."))
        _deleted(cs, plan_pillar)


def objective_create(
    *, actor, pillar: PlanPillar, code: str, title: str, channel: str = "web"
) -> Objective:
    plan = pillar.plan
    with _structure_change(
        actor=actor,
        plan=plan,
        verb="structure.objective.created",
        summary=f"Objective {code} added",
        channel=channel,
    ) as cs:
        position = _next_position(Objective.objects.filter(plan=plan))
        objective = Objective(plan=plan, pillar=pillar, code=code, title=title, position=position)
        return _created(cs, objective)


def objective_update(*, actor, objective: Objective, channel: str = "web", **fields) -> Objective:
    _require_same_plan(objective.plan, fields.get("pillar"))
    with _structure_change(
        actor=actor,
        plan=objective.plan,
        verb="structure.objective.updated",
        summary=f"Objective {objective.code} changed",
        channel=channel,
    ) as cs:
        return _updated(cs, objective, **fields)


def objective_delete(*, actor, objective: Objective, channel: str = "web") -> None:
    with _structure_change(
        actor=actor,
        plan=objective.plan,
        verb="structure.objective.deleted",
        summary=f"Objective {objective.code} removed",
        channel=channel,
    ) as cs:
        if objective.actions.exists():
            raise ValidationError(_("Move or remove this objective's actions first."))
        _deleted(cs, objective)


def _require_same_plan(plan: ActionPlan, *elements) -> None:
    """Elements from forms are scoped already; this guards callers that are not."""
    for element in elements:
        if element is not None and getattr(element, "plan_id", plan.pk) != plan.pk:
            raise ValidationError(_("That element belongs to another plan."))


def action_create(
    *, actor, objective: Objective, code: str, title: str, channel: str = "web", **fields
) -> Action:
    plan = objective.plan
    with _structure_change(
        actor=actor,
        plan=plan,
        verb="structure.action.created",
        summary=f"Action {code} added",
        channel=channel,
    ) as cs:
        position = _next_position(Action.objects.filter(plan=plan))
        action = Action(
            plan=plan, objective=objective, code=code, title=title, position=position, **fields
        )
        return _created(cs, action)


def action_update(*, actor, action: Action, channel: str = "web", **fields) -> Action:
    _require_same_plan(action.plan, fields.get("objective"))
    with _structure_change(
        actor=actor,
        plan=action.plan,
        verb="structure.action.updated",
        summary=f"Action {action.code} changed",
        channel=channel,
    ) as cs:
        return _updated(cs, action, **fields)


def _action_remove(cs: ChangeSet, action: Action) -> None:
    """Remove an action with everything under it, each removal in the change log."""
    for indicator in action.indicators.prefetch_related("targets"):
        _indicator_remove(cs, indicator)
    for line in action.budget_lines.all():
        _deleted(cs, line)
    for responsibility in action.responsibilities.select_related("agency"):
        _deleted(cs, responsibility)
    _deleted(cs, action)


def action_delete(*, actor, action: Action, channel: str = "web") -> None:
    with _structure_change(
        actor=actor,
        plan=action.plan,
        verb="structure.action.deleted",
        summary=f"Action {action.code} removed",
        channel=channel,
    ) as cs:
        _action_remove(cs, action)


# ---- Responsibilities ---------------------------------------------------------------


def _check_agency(plan: ActionPlan, agency: Organization) -> None:
    if not selectors.agencies_for_plan(plan).filter(pk=agency.pk).exists():
        message = _("%(name)s is not a government agency of this plan's owner.")
        raise ValidationError({"agency": message % {"name": agency.name}})


def responsibility_create(
    *, actor, action: Action, agency: Organization, role: str, channel: str = "web"
) -> Responsibility:
    with _structure_change(
        actor=actor,
        plan=action.plan,
        verb="structure.responsibility.created",
        summary=f"{agency.name} made {role} for action {action.code}",
        channel=channel,
    ) as cs:
        _check_agency(action.plan, agency)
        return _created(cs, Responsibility(action=action, agency=agency, role=role))


def responsibility_update(
    *, actor, responsibility: Responsibility, role: str, channel: str = "web"
) -> Responsibility:
    action = responsibility.action
    with _structure_change(
        actor=actor,
        plan=action.plan,
        verb="structure.responsibility.updated",
        summary=f"{responsibility.agency.name} made {role} for action {action.code}",
        channel=channel,
    ) as cs:
        return _updated(cs, responsibility, role=role)


def responsibility_delete(*, actor, responsibility: Responsibility, channel: str = "web") -> None:
    action = responsibility.action
    with _structure_change(
        actor=actor,
        plan=action.plan,
        verb="structure.responsibility.deleted",
        summary=f"{responsibility.agency.name} no longer responsible for action {action.code}",
        channel=channel,
    ) as cs:
        _deleted(cs, responsibility)


# ---- Indicators and targets ---------------------------------------------------------


def indicator_create(
    *, actor, action: Action, code: str, name: str, unit: str, channel: str = "web", **fields
) -> Indicator:
    plan = action.plan
    with _structure_change(
        actor=actor,
        plan=plan,
        verb="structure.indicator.created",
        summary=f"Indicator {code} added",
        channel=channel,
    ) as cs:
        position = _next_position(Indicator.objects.filter(plan=plan))
        indicator = Indicator(
            plan=plan, action=action, code=code, name=name, unit=unit, position=position, **fields
        )
        return _created(cs, indicator)


def indicator_update(*, actor, indicator: Indicator, channel: str = "web", **fields) -> Indicator:
    _require_same_plan(indicator.plan, fields.get("action"))
    with _structure_change(
        actor=actor,
        plan=indicator.plan,
        verb="structure.indicator.updated",
        summary=f"Indicator {indicator.code} changed",
        channel=channel,
    ) as cs:
        return _updated(cs, indicator, **fields)


def _indicator_remove(cs: ChangeSet, indicator: Indicator) -> None:
    for target in indicator.targets.all():
        _deleted(cs, target)
    _deleted(cs, indicator)


def indicator_delete(*, actor, indicator: Indicator, channel: str = "web") -> None:
    with _structure_change(
        actor=actor,
        plan=indicator.plan,
        verb="structure.indicator.deleted",
        summary=f"Indicator {indicator.code} removed",
        channel=channel,
    ) as cs:
        _indicator_remove(cs, indicator)


def target_set(
    *, actor, indicator: Indicator, period: str, value: decimal.Decimal, channel: str = "web"
) -> IndicatorTarget:
    """Set the target for one period, adding it if the indicator has none for it yet."""
    with _structure_change(
        actor=actor,
        plan=indicator.plan,
        verb="structure.target.set",
        summary=f"Target for {indicator.code} {period} set",
        channel=channel,
    ) as cs:
        target = IndicatorTarget.objects.filter(indicator=indicator, period=period).first()
        if target is None:
            return _created(cs, IndicatorTarget(indicator=indicator, period=period, value=value))
        return _updated(cs, target, value=value)


def target_delete(*, actor, target: IndicatorTarget, channel: str = "web") -> None:
    indicator = target.indicator
    with _structure_change(
        actor=actor,
        plan=indicator.plan,
        verb="structure.target.deleted",
        summary=f"Target for {indicator.code} {target.period} removed",
        channel=channel,
    ) as cs:
        _deleted(cs, target)


# ---- Budget lines -------------------------------------------------------------------


def budget_line_create(*, actor, action: Action, channel: str = "web", **fields) -> BudgetLine:
    with _structure_change(
        actor=actor,
        plan=action.plan,
        verb="structure.budget.created",
        summary=f"Budget line added to action {action.code}",
        channel=channel,
    ) as cs:
        position = _next_position(BudgetLine.objects.filter(action=action))
        return _created(cs, BudgetLine(action=action, position=position, **fields))


def budget_line_update(
    *, actor, budget_line: BudgetLine, channel: str = "web", **fields
) -> BudgetLine:
    action = budget_line.action
    with _structure_change(
        actor=actor,
        plan=action.plan,
        verb="structure.budget.updated",
        summary=f"Budget line of action {action.code} changed",
        channel=channel,
    ) as cs:
        return _updated(cs, budget_line, **fields)


def budget_line_delete(*, actor, budget_line: BudgetLine, channel: str = "web") -> None:
    action = budget_line.action
    with _structure_change(
        actor=actor,
        plan=action.plan,
        verb="structure.budget.deleted",
        summary=f"Budget line removed from action {action.code}",
        channel=channel,
    ) as cs:
        _deleted(cs, budget_line)


# ---- Agencies -----------------------------------------------------------------------


@transaction.atomic
def agency_create(*, actor, plan: ActionPlan, name: str, channel: str = "web") -> Organization:
    """Register a government agency of the plan's owner so actions can name it."""
    _require_editor(actor, plan)
    name = " ".join(name.split())
    if selectors.agencies_for_plan(plan).filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This agency is already registered.")})
    if plan.country_id:
        agency = Organization(
            name=name, kind=OrganizationKind.GOVERNMENT_AGENCY, country_id=plan.country_id
        )
    else:
        agency = Organization(
            name=name,
            kind=OrganizationKind.REGIONAL_BODY,
            regional_organization_id=plan.regional_organization_id,
        )
    agency.full_clean()
    agency.save()
    activity_record(
        actor=actor,
        verb="organization.created",
        target=agency,
        changes={
            "name": {"before": None, "after": name},
            "kind": {"before": None, "after": agency.kind},
        },
        channel=channel,
    )
    return agency


# ---- Spreadsheet import and export ---------------------------------------------------


@dataclass
class ImportResult:
    refused: str = ""
    errors: list = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    version: StructureVersion | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.refused and not self.errors


def structure_import(
    *, actor, plan: ActionPlan, workbook_file, dry_run: bool = False, channel: str = "upload"
) -> ImportResult:
    """Make the plan's structure what the workbook says, or nothing at all.

    The workbook is read and checked in full before anything is written; any bad cell
    leaves the database untouched. Elements are matched by code, so the same workbook
    uploaded twice changes nothing the second time (and records no version).
    """
    _require_editor(actor, plan)
    try:
        workbook = spreadsheet.open_workbook(workbook_file)
    except spreadsheet.SpreadsheetRefused as exc:
        return ImportResult(refused=str(exc))
    try:
        sheet, errors = spreadsheet.read_structure(
            workbook,
            agencies={a.name.lower(): a for a in selectors.agencies_for_plan(plan)},
            standard_indicators={s.number.lower(): s for s in selectors.standard_indicators()},
        )
    finally:
        workbook.close()
    if errors:
        return ImportResult(errors=errors)
    if not sheet.objectives:
        return ImportResult(refused=_("The workbook has no objectives or actions: nothing to do."))
    summary = f"Workbook {workbook_file.name}"[:300]
    with _structure_change(
        actor=actor,
        plan=plan,
        verb="structure.imported",
        summary=summary,
        channel=channel,
        dry_run=dry_run,
    ) as cs:
        _structure_sync(cs, plan, sheet)
    return ImportResult(changes=cs.changes, version=cs.version, dry_run=dry_run)


def _structure_sync(cs: ChangeSet, plan: ActionPlan, sheet: spreadsheet.StructureSheet) -> None:
    pillars = {p.name.lower(): p for p in PlanPillar.objects.filter(plan=plan)}
    for name in sheet.pillars:
        if name.lower() not in pillars:
            position = _next_position(PlanPillar.objects.filter(plan=plan))
            pillars[name.lower()] = _created(
                cs, PlanPillar(plan=plan, name=name, position=position)
            )
    objectives = _sync_objectives(cs, plan, sheet, pillars)
    actions = _sync_actions(cs, plan, sheet, objectives)
    indicators = _sync_indicators(cs, plan, sheet, actions)
    _sync_budget(cs, sheet, actions)
    for indicator in indicators:
        _indicator_remove(cs, indicator)
    for action in Action.objects.filter(plan=plan).exclude(code__in=sheet.actions):
        _action_remove(cs, action)
    for objective in Objective.objects.filter(plan=plan).exclude(code__in=sheet.objectives):
        _deleted(cs, objective)


def _sync_objectives(cs, plan, sheet, pillars) -> dict[str, Objective]:
    current = {o.code: o for o in Objective.objects.filter(plan=plan).select_related("pillar")}
    for position, row in enumerate(sheet.objectives.values(), start=1):
        values = {"title": row.title, "pillar": pillars[row.pillar.lower()], "position": position}
        if row.code in current:
            _updated(cs, current[row.code], **values)
        else:
            current[row.code] = _created(cs, Objective(plan=plan, code=row.code, **values))
    return current


def _sync_actions(cs, plan, sheet, objectives) -> dict[str, Action]:
    current = {
        a.code: a
        for a in Action.objects.filter(plan=plan)
        .select_related("objective")
        .prefetch_related(
            models.Prefetch("responsibilities", Responsibility.objects.select_related("agency"))
        )
    }
    for position, row in enumerate(sheet.actions.values(), start=1):
        values = {
            "objective": objectives[row.objective_code],
            "title": row.title,
            "description": row.description,
            "start_year": row.start_year,
            "end_year": row.end_year,
            "position": position,
        }
        action = current.get(row.code)
        if action is None:
            current[row.code] = action = _created(cs, Action(plan=plan, code=row.code, **values))
        else:
            _updated(cs, action, **values)
        _sync_responsibilities(cs, action, row)
    return current


def _sync_responsibilities(cs, action: Action, row) -> None:
    current = {r.agency_id: r for r in action.responsibilities.all()} if action.pk else {}
    desired = {a.pk: (a, ResponsibilityRole.SUPPORTING) for a in row.supporting}
    if row.lead:
        desired[row.lead.pk] = (row.lead, ResponsibilityRole.LEAD)
    for agency_id, responsibility in current.items():
        if agency_id not in desired:
            _deleted(cs, responsibility)
    # Demote before promoting, so that "one lead per action" holds at every step.
    for agency_id, (agency, role) in sorted(
        desired.items(), key=lambda item: item[1][1] == ResponsibilityRole.LEAD
    ):
        if agency_id in current:
            _updated(cs, current[agency_id], role=role)
        else:
            _created(cs, Responsibility(action=action, agency=agency, role=role))


INDICATOR_FIELDS = (
    "name",
    "unit",
    "baseline_value",
    "baseline_date",
    "data_source",
    "disaggregated_by_sex",
    "disaggregated_by_age",
    "disaggregated_by_location",
    "standard_indicator",
    "sdg_indicator",
)


def _sync_indicators(cs, plan, sheet, actions) -> list[Indicator]:
    """Upsert the workbook's indicators; return those it no longer lists."""
    current = {
        i.code: i
        for i in Indicator.objects.filter(plan=plan)
        .select_related("action", "standard_indicator")
        .prefetch_related("targets")
    }
    for position, row in enumerate(sheet.indicators.values(), start=1):
        values = {name: getattr(row, name) for name in INDICATOR_FIELDS}
        values.update(action=actions[row.action_code], position=position)
        indicator = current.pop(row.code, None)
        if indicator is None:
            indicator = _created(cs, Indicator(plan=plan, code=row.code, **values))
            existing = {}
        else:
            _updated(cs, indicator, **values)
            existing = {t.period: t for t in indicator.targets.all()}
        _sync_targets(cs, indicator, existing, row.targets)
    return list(current.values())


def _sync_targets(cs, indicator, existing: dict, desired: dict) -> None:
    for period, target in existing.items():
        if period not in desired:
            _deleted(cs, target)
    for period, value in desired.items():
        if period in existing:
            _updated(cs, existing[period], value=value)
        else:
            _created(cs, IndicatorTarget(indicator=indicator, period=period, value=value))


def _sync_budget(cs, sheet, actions) -> None:
    desired: dict[str, list] = {}
    for row in sheet.budget:
        desired.setdefault(row.action_code, []).append(row)
    for code in sheet.actions:
        action = actions[code]
        lines = list(action.budget_lines.all())
        rows = desired.get(code, [])
        for position, row in enumerate(rows, start=1):
            values = {
                "amount": row.amount,
                "currency": row.currency,
                "kind": row.kind,
                "funding_source": row.funding_source,
                "position": position,
            }
            if position <= len(lines):
                _updated(cs, lines[position - 1], **values)
            else:
                _created(cs, BudgetLine(action=action, **values))
        for line in lines[len(rows) :]:
            _deleted(cs, line)


def structure_export(*, plan: ActionPlan, fmt: str) -> bytes:
    """The structure as XLSX (the template's layout, re-importable) or CSV (one row per
    action). The caller has checked that the user may read the plan."""
    if fmt == "csv":
        output = io.StringIO()
        writer = csv_writer(output)
        for row in selectors.structure_csv_rows(plan):
            writer.writerow([_csv_text(value) for value in row])
        return output.getvalue().encode("utf-8-sig")
    rows = selectors.structure_rows(plan)
    return _workbook(plan, rows, rows["periods"])


def structure_template(*, plan: ActionPlan) -> bytes:
    """An empty workbook with a target column for each year of the plan's period."""
    years = []
    if plan.period_start and plan.period_end and plan.period_end - plan.period_start < 20:
        years = [str(y) for y in range(plan.period_start, plan.period_end + 1)]
    return _workbook(plan, {}, years)


def _workbook(plan, rows, periods) -> bytes:
    return spreadsheet.build_workbook(
        plan=plan,
        structure=rows,
        periods=periods,
        agencies=list(selectors.agencies_for_plan(plan).order_by("name")),
        standard=list(selectors.standard_indicators()),
    )


def _csv_text(value) -> str:
    return value if isinstance(value, str) else display(value) or ""
