"""Reads of a plan's structure. Callers get the plan through plan_for_read / plan_for_edit
first: nothing here checks visibility again."""

from django.db.models import Exists, Prefetch, Q, QuerySet, Subquery, Sum

from naptrack.accounts.choices import OrganizationKind
from naptrack.accounts.models import Organization
from naptrack.core.selectors import activities_for
from naptrack.plans.choices import BudgetKind, ChangeKind
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
from naptrack.plans.spreadsheet import number_text
from naptrack.registry.models import ActionPlan, StandardIndicator
from naptrack.registry.selectors import coordinates
from naptrack.translations.selectors import attach_translations


def agencies_for_plan(plan: ActionPlan) -> QuerySet[Organization]:
    """The organizations a plan may hold accountable: its country's government agencies,
    or, for a regional plan, the bodies and agencies registered under its organization."""
    if plan.country_id:
        return Organization.objects.filter(
            kind=OrganizationKind.GOVERNMENT_AGENCY, country_id=plan.country_id
        )
    return Organization.objects.filter(
        kind__in=[OrganizationKind.GOVERNMENT_AGENCY, OrganizationKind.REGIONAL_BODY],
        regional_organization_id=plan.regional_organization_id,
    )


def standard_indicators() -> QuerySet[StandardIndicator]:
    return StandardIndicator.objects.order_by("position", "number")


def _actions_with_details():
    return Action.objects.prefetch_related(
        Prefetch("responsibilities", Responsibility.objects.select_related("agency")),
        Prefetch(
            "indicators",
            Indicator.objects.select_related("standard_indicator").prefetch_related("targets"),
        ),
        "budget_lines",
    )


def attach_structure_translations(pillars: list[PlanPillar]) -> None:
    """The translations of the tree's actions and indicators, in two queries."""
    actions = [a for p in pillars for o in p.objectives.all() for a in o.actions.all()]
    attach_translations(actions)
    attach_translations([i for action in actions for i in action.indicators.all()])


def structure_for(plan: ActionPlan) -> list[PlanPillar]:
    """The whole tree, pillars to targets, in a fixed number of queries."""
    objectives = Objective.objects.prefetch_related(Prefetch("actions", _actions_with_details()))
    return list(
        PlanPillar.objects.filter(plan=plan)
        .select_related("pillar")
        .prefetch_related(Prefetch("objectives", objectives))
    )


def action_with_details(plan: ActionPlan, action_id) -> Action | None:
    """One action as its fragment of the structure page shows it."""
    return _actions_with_details().filter(plan=plan, pk=action_id).first()


MEASURE_KINDS = (ChangeKind.TARGET, ChangeKind.INDICATOR)


def structure_versions(user, plan: ActionPlan, *, measures_only: bool = False):
    """Newest first, each with its changes; optionally only the versions that touched
    targets, baselines or indicators, with only those changes. Anyone but the plan's
    coordinators sees them from the plan's publication on: how a draft was built is
    its coordinators' business (as in the plan's history)."""
    versions = StructureVersion.objects.filter(plan=plan).select_related("actor")
    if not coordinates(user, plan):
        published = activities_for(plan).filter(verb="plan.published").order_by("pk")
        since = Subquery(published.values("created_at")[:1])
        versions = versions.filter(~Exists(published) | Q(created_at__gte=since))
    changes = StructureChange.objects.order_by("id")
    if measures_only:
        changes = changes.filter(kind__in=MEASURE_KINDS)
        versions = versions.filter(changes__kind__in=MEASURE_KINDS).distinct()
    return versions.prefetch_related(Prefetch("changes", changes))


def target_periods(plan: ActionPlan) -> list[str]:
    return sorted(
        IndicatorTarget.objects.filter(indicator__plan=plan)
        .values_list("period", flat=True)
        .distinct()
    )


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _action_row(pillar, objective, action) -> list:
    if action is None:
        return [pillar.name, objective.code, objective.title, *[""] * 7]
    lead = [r.agency.name for r in action.responsibilities.all() if r.role == "lead"]
    supporting = [r.agency.name for r in action.responsibilities.all() if r.role != "lead"]
    return [
        pillar.name,
        objective.code,
        objective.title,
        action.code,
        action.title,
        action.description,
        action.start_year,
        action.end_year,
        lead[0] if lead else "",
        "; ".join(supporting),
    ]


def _indicator_row(action, indicator, periods) -> list:
    targets = {t.period: t.value for t in indicator.targets.all()}
    standard = indicator.standard_indicator
    return [
        action.code,
        indicator.code,
        indicator.name,
        indicator.unit,
        indicator.baseline_value,
        indicator.baseline_date,
        indicator.data_source,
        _yes_no(indicator.disaggregated_by_sex),
        _yes_no(indicator.disaggregated_by_age),
        _yes_no(indicator.disaggregated_by_location),
        standard.number if standard else "",
        indicator.sdg_indicator,
        *[targets.get(period) for period in periods],
    ]


def _budget_row(action, line: BudgetLine) -> list:
    return [action.code, line.amount, line.currency, line.kind, line.funding_source]


def budget_totals(plan: ActionPlan) -> list[dict]:
    """The budget the plan's structure holds: its budget lines summed per kind and currency
    in one query (never summed across currencies, nor across allocated/estimated/spent)."""
    rows = (
        BudgetLine.objects.filter(action__plan=plan)
        .values("kind", "currency")
        .annotate(total=Sum("amount"))
        .order_by("kind", "currency")
    )
    labels = dict(BudgetKind.choices)
    return [
        {
            "kind": labels.get(row["kind"], row["kind"]),
            "currency": row["currency"],
            "total": number_text(row["total"]),
        }
        for row in rows
    ]


def structure_rows(plan: ActionPlan) -> dict:
    """The structure as the rows of the workbook's three sheets (export = template layout)."""
    periods = target_periods(plan)
    rows = {"actions": [], "indicators": [], "budget": [], "periods": periods}
    for pillar in structure_for(plan):
        for objective in pillar.objectives.all():
            actions = list(objective.actions.all())
            if not actions:
                rows["actions"].append(_action_row(pillar, objective, None))
            for action in actions:
                rows["actions"].append(_action_row(pillar, objective, action))
                rows["indicators"] += [
                    _indicator_row(action, i, periods) for i in action.indicators.all()
                ]
                rows["budget"] += [_budget_row(action, b) for b in action.budget_lines.all()]
    return rows


def _indicator_summary(indicator) -> str:
    baseline = number_text(indicator.baseline_value) or "unknown"
    if indicator.baseline_date:
        baseline += f" ({indicator.baseline_date.isoformat()})"
    targets = ", ".join(f"{t.period}={number_text(t.value)}" for t in indicator.targets.all())
    text = f"{indicator.code}: {indicator.name} [{indicator.unit}] baseline {baseline}"
    return text + (f"; targets {targets}" if targets else "")


def structure_csv_rows(plan: ActionPlan) -> list[list]:
    """One row per action with its indicators and budget lines flattened into text."""
    header = [
        "pillar",
        "objective code",
        "objective",
        "action code",
        "action",
        "description",
        "start year",
        "end year",
        "lead agency",
        "supporting agencies",
        "indicators",
        "budget lines",
    ]
    rows = [header]
    for pillar in structure_for(plan):
        for objective in pillar.objectives.all():
            for action in objective.actions.all():
                budget = [
                    f"{number_text(b.amount)} {b.currency} {b.kind}"
                    + (f" ({b.funding_source})" if b.funding_source else "")
                    for b in action.budget_lines.all()
                ]
                rows.append(
                    _action_row(pillar, objective, action)
                    + [
                        " | ".join(_indicator_summary(i) for i in action.indicators.all()),
                        " | ".join(budget),
                    ]
                )
    return rows
