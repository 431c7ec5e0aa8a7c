"""Reads for the reporting cycle. Callers obtain plans, cycles and updates through
naptrack.reporting.permissions first; the selectors that take a user scope by it."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from naptrack.plans.models import Indicator, Responsibility
from naptrack.plans.selectors import structure_for
from naptrack.registry.models import ActionPlan
from naptrack.registry.selectors import editable_scope_q, plans_visible_to
from naptrack.reporting.choices import (
    CycleState,
    ImplementationStatus,
    ReportState,
    UpdateState,
)
from naptrack.reporting.models import (
    ActionUpdate,
    Evidence,
    IndicatorValue,
    OfficialReport,
    ReportingCycle,
    ReviewComment,
)
from naptrack.reporting.permissions import reporter_agency_ids
from naptrack.reporting.validators import decimal_text

# ---- Cycles and reports ------------------------------------------------------------


def _published_reports():
    return OfficialReport.objects.filter(state=ReportState.PUBLISHED).order_by("version")


def cycles_for_plan(plan: ActionPlan) -> QuerySet[ReportingCycle]:
    """The plan's cycles with their published report versions (public facts only)."""
    return ReportingCycle.objects.filter(plan=plan).prefetch_related(
        Prefetch("reports", _published_reports(), to_attr="published_reports")
    )


def cycles_with_progress(plan: ActionPlan) -> QuerySet[ReportingCycle]:
    """For the plan's coordinators: every cycle with counts of its updates by state."""
    counts = {
        f"{state}_count": Count("updates", filter=Q(updates__state=state))
        for state in UpdateState.values
    }
    return cycles_for_plan(plan).annotate(update_count=Count("updates"), **counts)


def cycles_coordinated_by(user) -> QuerySet[ReportingCycle]:
    """Open and closed cycles of the plans this user coordinates, with what waits for
    review: the coordinator's part of "My reporting"."""
    plans = plans_visible_to(user).filter(editable_scope_q(user))
    return (
        ReportingCycle.objects.filter(plan__in=plans)
        .exclude(state=CycleState.SCHEDULED)
        .select_related("plan__country", "plan__regional_organization")
        .annotate(
            update_count=Count("updates"),
            submitted_count=Count("updates", filter=Q(updates__state=UpdateState.SUBMITTED)),
            approved_count=Count("updates", filter=Q(updates__state=UpdateState.APPROVED)),
        )
        .order_by("-state", "due_date", "pk")
    )


def published_reports(plan: ActionPlan) -> QuerySet[OfficialReport]:
    return (
        OfficialReport.objects.filter(cycle__plan=plan, state=ReportState.PUBLISHED)
        .select_related("cycle")
        .order_by("-cycle__period_start", "-version")
    )


def recently_published_reports(plan: ActionPlan | None = None, *, limit: int = 50):
    """The newest published official reports of public plans (one plan's, if given),
    for the feeds: drafts and synthetic or unpublished plans never appear."""
    reports = OfficialReport.objects.filter(
        state=ReportState.PUBLISHED, cycle__plan__in=ActionPlan.objects.public()
    )
    if plan is not None:
        reports = reports.filter(cycle__plan=plan)
    return reports.select_related(
        "cycle__plan__country", "cycle__plan__regional_organization", "corrects"
    ).order_by("-published_at", "-pk")[:limit]


def report_versions(cycle: ReportingCycle, *, include_draft: bool) -> list[OfficialReport]:
    reports = OfficialReport.objects.filter(cycle=cycle).select_related("published_by", "corrects")
    if not include_draft:
        reports = reports.filter(state=ReportState.PUBLISHED)
    reports = list(reports.order_by("version"))
    for report in reports:
        report.cycle = cycle  # their URLs need it; spare a query each
    return reports


def latest_report(cycle: ReportingCycle) -> OfficialReport | None:
    return OfficialReport.objects.filter(cycle=cycle).order_by("-version").first()


# ---- Updates -------------------------------------------------------------------------


def _open_comment_count():
    return Count("comments", filter=Q(comments__resolved_at__isnull=True))


def updates_for_reporter(user, cycle: ReportingCycle | None = None) -> QuerySet[ActionUpdate]:
    """The updates of the agencies this user reports for, in cycles that have opened,
    on plans they may read: the "My reporting" list."""
    updates = (
        ActionUpdate.objects.filter(
            agency_id__in=reporter_agency_ids(user),
            cycle__plan__in=plans_visible_to(user),
        )
        .exclude(cycle__state=CycleState.SCHEDULED)
        .select_related(
            "cycle__plan__country", "cycle__plan__regional_organization", "action", "agency"
        )
        .annotate(open_comments=_open_comment_count())
        .order_by("-cycle__state", "cycle__due_date", "cycle_id", "action__position", "pk")
    )
    return updates.filter(cycle=cycle) if cycle is not None else updates


def updates_visible_to(user) -> QuerySet[ActionUpdate]:
    """Updates this user may read: their agencies' ones, and every update of the plans
    they coordinate. Nobody else sees any."""
    visible = plans_visible_to(user)
    return (
        ActionUpdate.objects.filter(cycle__plan__in=visible)
        .filter(
            Q(agency_id__in=reporter_agency_ids(user))
            | Q(cycle__plan__in=visible.filter(editable_scope_q(user)))
        )
        .exclude(cycle__state=CycleState.SCHEDULED)
        .select_related("cycle", "action", "agency")
        .order_by("cycle__due_date", "cycle_id", "action__position", "action_id", "pk")
    )


def update_for_api(pk: int) -> ActionUpdate:
    return (
        ActionUpdate.objects.select_related("cycle", "action", "agency")
        .prefetch_related(
            Prefetch("indicator_values", IndicatorValue.objects.select_related("indicator")),
            "evidence",
            "comments",
        )
        .get(pk=pk)
    )


def cycle_updates(cycle: ReportingCycle) -> QuerySet[ActionUpdate]:
    """Every update of a cycle, submitted ones first: the coordinator's review queue."""
    waiting_first = {UpdateState.SUBMITTED: 0, UpdateState.RETURNED: 1, UpdateState.DRAFT: 2}
    order = Case(
        *[When(state=state, then=Value(rank)) for state, rank in waiting_first.items()],
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        ActionUpdate.objects.filter(cycle=cycle)
        .select_related("action", "agency", "submitted_by")
        .annotate(open_comments=_open_comment_count(), queue_rank=order)
        .order_by("queue_rank", "action__position", "action_id", "role", "agency__name")
    )


def review_queue(cycle: ReportingCycle) -> QuerySet[ActionUpdate]:
    return cycle_updates(cycle).filter(state=UpdateState.SUBMITTED)


def unassigned_actions(cycle: ReportingCycle):
    """Actions of the plan that no agency reports on in this cycle (no one responsible)."""
    reported = ActionUpdate.objects.filter(cycle=cycle, action=OuterRef("pk"))
    return (
        cycle.plan.actions.annotate(reported=Exists(reported))
        .filter(reported=False)
        .order_by("position", "pk")
    )


def update_detail(pk: int) -> ActionUpdate:
    """One update with everything its form and review page show."""
    return (
        ActionUpdate.objects.select_related(
            "cycle__plan__country",
            "cycle__plan__regional_organization",
            "action__objective__pillar",
            "agency",
            "saved_by",
            "submitted_by",
            "reviewed_by",
            "prefilled_from__cycle",
        )
        .prefetch_related(
            Prefetch(
                "indicator_values",
                IndicatorValue.objects.select_related("indicator").prefetch_related(
                    "indicator__targets"
                ),
            ),
            Prefetch("evidence", Evidence.objects.select_related("added_by")),
            Prefetch("comments", ReviewComment.objects.select_related("author")),
        )
        .get(pk=pk)
    )


def action_indicators(update: ActionUpdate) -> list[Indicator]:
    return list(
        Indicator.objects.filter(action_id=update.action_id)
        .prefetch_related("targets")
        .order_by("position", "pk")
    )


def open_comments(update: ActionUpdate) -> dict[str, list[ReviewComment]]:
    """Unresolved review comments by field name (uses the prefetched comments)."""
    found = defaultdict(list)
    for comment in update.comments.all():
        if comment.resolved_at is None:
            found[comment.field].append(comment)
    return dict(found)


def prefill_source(*, cycle: ReportingCycle, action_id: int, agency_id: int) -> ActionUpdate | None:
    """The same agency's update on the same action in the latest earlier cycle of the
    plan: the approved one if that cycle has it, else whatever was last saved."""
    earlier = (
        ActionUpdate.objects.filter(
            cycle__plan_id=cycle.plan_id,
            cycle__period_start__lt=cycle.period_start,
            action_id=action_id,
            agency_id=agency_id,
        )
        .exclude(saved_at__isnull=True, prefilled_from__isnull=True)
        .order_by("-cycle__period_start")
        .prefetch_related("indicator_values")
    )
    return earlier.first()


def responsibilities_for(plan: ActionPlan) -> QuerySet[Responsibility]:
    return Responsibility.objects.filter(action__plan=plan).select_related("action", "agency")


# ---- Reminders -------------------------------------------------------------------------


def updates_awaiting_report():
    """Updates the agency still has to submit, in open cycles of published plans."""
    return ActionUpdate.objects.filter(
        cycle__state=CycleState.OPEN,
        state__in=[UpdateState.DRAFT, UpdateState.RETURNED],
        cycle__plan__in=ActionPlan.objects.public(),
    ).select_related(
        "cycle__plan__country", "cycle__plan__regional_organization", "action", "agency"
    )


# ---- The snapshot of an official report ------------------------------------------------

# Schema 2 added each action's budget lines and timeframe; schema 1 snapshots lack them and
# their reports say so (docs/standardized-report.md).
SNAPSHOT_SCHEMA = 2


def _number(value) -> str | None:
    return None if value is None else decimal_text(value)


def _target_for(indicator: Indicator, cycle: ReportingCycle) -> dict | None:
    targets = {t.period: t.value for t in indicator.targets.all()}
    for period in (cycle.label, str(cycle.period_end.year)):
        if period in targets:
            return {"period": period, "value": _number(targets[period])}
    return None


def _budget_entry(line) -> dict:
    return {
        "amount": _number(line.amount),
        "currency": line.currency,
        "kind": line.kind,
        "funding_source": line.funding_source,
    }


def _evidence_entry(evidence: Evidence) -> dict:
    if evidence.is_file:
        return {
            "id": evidence.pk,
            "kind": "file",
            "description": evidence.description,
            "name": evidence.original_name,
            "content_type": evidence.content_type,
            "size_bytes": evidence.size_bytes,
            "sha256": evidence.sha256,
        }
    return {
        "id": evidence.pk,
        "kind": "link",
        "description": evidence.description,
        "url": evidence.url,
    }


def _indicator_entry(indicator: Indicator, value: IndicatorValue | None, cycle) -> dict:
    return {
        "id": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": _number(indicator.baseline_value),
        "target": _target_for(indicator, cycle),
        "standard_indicator": getattr(indicator.standard_indicator, "number", None),
        "value": _number(value.value) if value else None,
        "disaggregation": value.disaggregation if value else {},
        "note": value.note if value else "",
        "reported": value is not None,
    }


def _update_entry(update: ActionUpdate, indicators: list[Indicator], cycle) -> dict:
    entry = {
        "id": update.pk,
        "agency": update.agency.name,
        "agency_id": update.agency_id,
        "role": update.role,
        "approved": update.state == UpdateState.APPROVED,
    }
    if update.state != UpdateState.APPROVED:
        return entry  # nothing that was not approved enters an official report
    values = {v.indicator_id: v for v in update.indicator_values.all()}
    spending = None
    if update.spending_amount is not None:
        spending = {"amount": _number(update.spending_amount), "currency": update.spending_currency}
    return {
        **entry,
        "status": update.status,
        "status_label": str(ImplementationStatus(update.status).label),
        "narrative": update.narrative,
        "spending": spending,
        "evidence": [_evidence_entry(e) for e in update.evidence.all()],
        "indicators": [_indicator_entry(i, values.get(i.pk), cycle) for i in indicators],
        "approved_at": update.reviewed_at.isoformat() if update.reviewed_at else None,
    }


def _snapshot_updates(cycle: ReportingCycle) -> dict[int, list[ActionUpdate]]:
    updates = (
        ActionUpdate.objects.filter(cycle=cycle)
        .select_related("agency")
        .prefetch_related("indicator_values", "evidence")
        .order_by("role", "agency__name")
    )
    by_action = defaultdict(list)
    for update in updates:
        by_action[update.action_id].append(update)
    return by_action


def _totals(actions: list[dict]) -> dict:
    by_status = dict.fromkeys(ImplementationStatus.values, 0)
    spending: dict[str, Decimal] = defaultdict(Decimal)
    updates = approved = 0
    for action in actions:
        for update in action["updates"]:
            updates += 1
            if not update["approved"]:
                continue
            approved += 1
            by_status[update["status"]] += 1
            if update["spending"]:
                spending[update["spending"]["currency"]] += Decimal(update["spending"]["amount"])
    return {
        "actions": len(actions),
        "updates": updates,
        "approved": approved,
        "by_status": by_status,
        "spending": {currency: decimal_text(total) for currency, total in sorted(spending.items())},
    }


def cycle_snapshot(cycle: ReportingCycle) -> dict:
    """Everything an official report shows, as plain JSON, compiled now. Only approved
    updates carry content; the others appear as "no approved report"."""
    plan = cycle.plan
    updates = _snapshot_updates(cycle)
    actions = []
    for pillar in structure_for(plan):
        for objective in pillar.objectives.all():
            for action in objective.actions.all():
                indicators = list(action.indicators.all())
                actions.append(
                    {
                        "id": action.pk,
                        "code": action.code,
                        "title": action.title,
                        "pillar": pillar.name,
                        "objective_code": objective.code,
                        "objective": objective.title,
                        "start_year": action.start_year,
                        "end_year": action.end_year,
                        "budget": [_budget_entry(line) for line in action.budget_lines.all()],
                        "updates": [
                            _update_entry(u, indicators, cycle) for u in updates.get(action.pk, [])
                        ],
                    }
                )
    return {
        "schema": SNAPSHOT_SCHEMA,
        "compiled_at": timezone.now().isoformat(),
        "plan": {"id": plan.pk, "title": str(plan), "owner": str(plan.owner)},
        "cycle": {
            "id": cycle.pk,
            "label": cycle.label,
            "period_start": cycle.period_start.isoformat(),
            "period_end": cycle.period_end.isoformat(),
            "due_date": cycle.due_date.isoformat(),
        },
        "totals": _totals(actions),
        "actions": actions,
    }
