"""Writes of the reporting cycle: one service per transition, each checking who acts,
the state it starts from, saving in one transaction and recording an Activity.

`actor=None` means the system itself (commands, tasks) and skips the role checks.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from naptrack.accounts.models import person_label
from naptrack.core.evidence import EvidenceKind, EvidenceTrail
from naptrack.core.services import (
    acting_person,
    activity_record,
    changes_between,
    refuse_unknown_fields,
)
from naptrack.plans.models import Indicator
from naptrack.plans.validators import validate_currency
from naptrack.registry.choices import Publication
from naptrack.registry.models import ActionPlan
from naptrack.registry.permissions import can_edit_plan
from naptrack.reporting import selectors
from naptrack.reporting.choices import (
    EDITABLE_STATES,
    INDICATOR_FIELD_PREFIX,
    MONTHS_PER_PERIOD,
    CycleState,
    Frequency,
    ImplementationStatus,
    ReportState,
    ReviewField,
    UpdateState,
)
from naptrack.reporting.models import (
    ActionUpdate,
    Evidence,
    IndicatorValue,
    OfficialReport,
    ReportEvidence,
    ReportingCycle,
    ReportingSchedule,
    ReviewComment,
)
from naptrack.reporting.permissions import can_report_for
from naptrack.reporting.validators import clean_disaggregation

MAX_GENERATED_CYCLES = 200


class ConflictError(Exception):
    """Someone else saved the update after the version this save started from."""

    def __init__(self, update: ActionUpdate, expected_version: int):
        self.update = update
        self.expected_version = expected_version
        who = person_label(update.saved_by, _("another reporter of your agency"))
        when = (
            date_format(timezone.localtime(update.saved_at), "DATETIME_FORMAT")
            if update.saved_at
            else _("a moment ago")
        )
        self.message = _(
            "%(who)s saved this update at %(when)s, after you opened it (you started from "
            "version %(yours)d; it is now version %(now)d). Your changes were not saved: "
            "reload the page to see theirs, then make yours again."
        ) % {"who": who, "when": when, "yours": expected_version, "now": update.version}
        super().__init__(self.message)


# ---- Checks ------------------------------------------------------------------------------


def _require_coordinator(actor, plan: ActionPlan) -> None:
    if actor is not None and not can_edit_plan(actor, plan):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may do this."))


def _require_reporter(actor, update: ActionUpdate) -> None:
    if actor is not None and not can_report_for(actor, update):
        raise PermissionDenied(
            _("Only reporters of %(agency)s may change this update.") % {"agency": update.agency}
        )


def _require_state(obj, allowed, message: str) -> None:
    if obj.state not in allowed:
        raise ValidationError(message % {"state": obj.get_state_display().lower()})


def _require_open_cycle(update: ActionUpdate) -> None:
    if update.cycle.state != CycleState.OPEN:
        raise ValidationError(
            _("The cycle %(label)s is not open: updates can no longer be changed.")
            % {"label": update.cycle.label}
        )


def _locked_update(update: ActionUpdate) -> ActionUpdate:
    """Re-read the update under a row lock, so two transitions cannot interleave."""
    fresh = (
        ActionUpdate.objects.select_for_update(of=("self",))
        .select_related("cycle__plan", "agency", "action", "saved_by")
        .get(pk=update.pk)
    )
    return fresh


# ---- Schedule and cycles ---------------------------------------------------------------


def schedule_set(
    *,
    actor,
    plan: ActionPlan,
    frequency: str,
    first_period_start: datetime.date,
    due_days: int = 30,
    channel: str = "web",
) -> ReportingSchedule:
    _require_coordinator(actor, plan)
    with transaction.atomic():
        schedule = ReportingSchedule.objects.filter(plan=plan).first() or ReportingSchedule(
            plan=plan
        )
        before = {
            "frequency": schedule.frequency,
            "first_period_start": schedule.first_period_start,
            "due_days": schedule.due_days if schedule.pk else None,
        }
        schedule.frequency = frequency
        schedule.first_period_start = first_period_start
        schedule.due_days = due_days
        schedule.full_clean()
        schedule.save()
        after = {
            "frequency": frequency,
            "first_period_start": first_period_start,
            "due_days": due_days,
        }
        activity_record(
            actor=actor,
            verb="reporting.schedule.set",
            target=plan,
            changes=changes_between(before, after),
            channel=channel,
        )
    return schedule


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    # Periods start on the first of a month in practice; clamp other days safely.
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _period_label(start: datetime.date, frequency: str) -> str:
    if start.month == 1 and start.day == 1 and frequency == Frequency.ANNUAL:
        return str(start.year)
    if start.day == 1 and frequency == Frequency.SEMIANNUAL and start.month in (1, 7):
        return f"{start.year}-H{1 if start.month == 1 else 2}"
    if start.day == 1 and frequency == Frequency.QUARTERLY and start.month in (1, 4, 7, 10):
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return start.isoformat()


def _generated_periods(schedule: ReportingSchedule, last_year: int):
    months = MONTHS_PER_PERIOD[schedule.frequency]
    start = schedule.first_period_start
    while start.year <= last_year:
        end = _add_months(start, months) - datetime.timedelta(days=1)
        yield start, end
        start = end + datetime.timedelta(days=1)


def schedule_generate_cycles(
    *, actor, plan: ActionPlan, channel: str = "web"
) -> list[ReportingCycle]:
    """Scheduled cycles for every period from the schedule's start to the end of the
    plan's (extended) period. Periods that already have a cycle are skipped, so running
    it again after an extension only adds the new ones."""
    _require_coordinator(actor, plan)
    schedule = ReportingSchedule.objects.filter(plan=plan).first()
    if schedule is None:
        raise ValidationError(_("Set the plan's reporting schedule first."))
    if schedule.frequency == Frequency.CUSTOM:
        raise ValidationError(_("With custom dates, add each cycle with its own dates."))
    last_year = plan.effective_end
    if last_year is None:
        raise ValidationError(
            _("The plan's end year is unknown; record it, or add cycles with custom dates.")
        )
    periods = list(_generated_periods(schedule, last_year))
    if len(periods) > MAX_GENERATED_CYCLES:
        raise ValidationError(
            _("That would make %(n)d cycles; check the first period and the plan's end year.")
            % {"n": len(periods)}
        )
    with transaction.atomic():
        existing = set(
            ReportingCycle.objects.filter(plan=plan).values_list("period_start", "period_end")
        )
        labels = set(ReportingCycle.objects.filter(plan=plan).values_list("label", flat=True))
        created = []
        for start, end in periods:
            label = _period_label(start, schedule.frequency)
            if (start, end) in existing or label in labels:
                continue
            due = end + datetime.timedelta(days=schedule.due_days)
            created.append(_cycle_insert(plan, label, start, end, due))
        if created:
            activity_record(
                actor=actor,
                verb="reporting.cycles.generated",
                target=plan,
                changes={"cycles": {"before": None, "after": [c.label for c in created]}},
                channel=channel,
            )
    return created


def _cycle_insert(plan, label, start, end, due) -> ReportingCycle:
    cycle = ReportingCycle(
        plan=plan, label=label.strip(), period_start=start, period_end=end, due_date=due
    )
    cycle.full_clean()
    cycle.save()
    return cycle


def cycle_create(
    *,
    actor,
    plan: ActionPlan,
    label: str,
    period_start: datetime.date,
    period_end: datetime.date,
    due_date: datetime.date,
    channel: str = "web",
) -> ReportingCycle:
    """A cycle with dates of the coordinator's choosing (custom schedules)."""
    _require_coordinator(actor, plan)
    with transaction.atomic():
        cycle = _cycle_insert(plan, label, period_start, period_end, due_date)
        activity_record(
            actor=actor,
            verb="reporting.cycle.created",
            target=cycle,
            changes={
                "period": {"before": None, "after": f"{period_start} – {period_end}"},
                "due_date": {"before": None, "after": str(due_date)},
            },
            channel=channel,
        )
    return cycle


def cycle_update_dates(
    *, actor, cycle: ReportingCycle, due_date: datetime.date, channel: str = "web"
) -> ReportingCycle:
    """Move a cycle's due date (an extension for everyone)."""
    _require_coordinator(actor, cycle.plan)
    with transaction.atomic():
        before = cycle.due_date
        cycle.due_date = due_date
        cycle.full_clean()
        cycle.save(update_fields=["due_date"])
        activity_record(
            actor=actor,
            verb="reporting.cycle.due_date_changed",
            target=cycle,
            changes=changes_between({"due_date": before}, {"due_date": due_date}),
            channel=channel,
        )
    return cycle


def cycle_open(*, actor, cycle: ReportingCycle, channel: str = "web") -> ReportingCycle:
    """Open (or reopen) a cycle: every agency responsible for an action gets an update,
    pre-filled from its update of the previous cycle."""
    plan = cycle.plan
    _require_coordinator(actor, plan)
    if plan.publication != Publication.PUBLISHED:
        raise ValidationError(
            _("Publish the plan before opening a cycle: agencies report only on published plans.")
        )
    _require_state(
        cycle,
        (CycleState.SCHEDULED, CycleState.CLOSED),
        _("This cycle is already %(state)s."),
    )
    with transaction.atomic():
        before = cycle.state
        created = _updates_create(cycle)
        cycle.state = CycleState.OPEN
        cycle.opened_at = timezone.now()
        cycle.opened_by = acting_person(actor)
        cycle.save(update_fields=["state", "opened_at", "opened_by"])
        activity_record(
            actor=actor,
            verb="reporting.cycle.opened",
            target=cycle,
            changes={
                "state": {"before": before, "after": CycleState.OPEN},
                "updates_created": {"before": None, "after": created},
            },
            channel=channel,
        )
    return cycle


def _updates_create(cycle: ReportingCycle) -> int:
    existing = set(ActionUpdate.objects.filter(cycle=cycle).values_list("action_id", "agency_id"))
    created = 0
    for responsibility in selectors.responsibilities_for(cycle.plan):
        key = (responsibility.action_id, responsibility.agency_id)
        if key in existing:
            continue
        update = ActionUpdate.objects.create(
            cycle=cycle,
            action=responsibility.action,
            agency=responsibility.agency,
            role=responsibility.role,
        )
        _prefill(update)
        created += 1
    return created


def _prefill(update: ActionUpdate) -> None:
    """Copy what stays true from one period to the next: the status, the narrative, the
    currency and the indicator values. Spending is per period and is never copied."""
    source = selectors.prefill_source(
        cycle=update.cycle, action_id=update.action_id, agency_id=update.agency_id
    )
    if source is None:
        return
    update.status = source.status
    update.narrative = source.narrative
    update.spending_currency = source.spending_currency
    update.prefilled_from = source
    update.save(update_fields=["status", "narrative", "spending_currency", "prefilled_from"])
    current = set(Indicator.objects.filter(action_id=update.action_id).values_list("pk", flat=True))
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            update=update,
            indicator_id=value.indicator_id,
            value=value.value,
            disaggregation=value.disaggregation,
            note=value.note,
        )
        for value in source.indicator_values.all()
        if value.indicator_id in current
    )


def cycle_close(*, actor, cycle: ReportingCycle, channel: str = "web") -> ReportingCycle:
    """Close a cycle: agencies can no longer save or submit; review and publication go on."""
    _require_coordinator(actor, cycle.plan)
    _require_state(
        cycle, (CycleState.OPEN,), _("Only an open cycle can be closed; this one is %(state)s.")
    )
    with transaction.atomic():
        cycle.state = CycleState.CLOSED
        cycle.closed_at = timezone.now()
        cycle.closed_by = acting_person(actor)
        cycle.save(update_fields=["state", "closed_at", "closed_by"])
        activity_record(
            actor=actor,
            verb="reporting.cycle.closed",
            target=cycle,
            changes={"state": {"before": CycleState.OPEN, "after": CycleState.CLOSED}},
            channel=channel,
        )
    return cycle


# ---- Agency updates ----------------------------------------------------------------------


@dataclass(frozen=True)
class ValueInput:
    """One indicator's reported value, as pages and the API hand it to update_save."""

    indicator_id: int
    value: Decimal | None = None
    disaggregation: dict | None = None
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.disaggregation and not self.note.strip()


UPDATE_FIELDS = ("status", "narrative", "spending_amount", "spending_currency")


def _clean_fields(update: ActionUpdate, fields: dict) -> dict:
    refuse_unknown_fields(fields, UPDATE_FIELDS)
    cleaned = dict(fields)
    errors = {}
    if cleaned.get("status") not in (None, "", *ImplementationStatus.values):
        errors["status"] = [_("“%s” is not a status.") % cleaned["status"]]
    if "spending_currency" in cleaned:
        cleaned["spending_currency"] = (cleaned["spending_currency"] or "").strip().upper()
        if cleaned["spending_currency"]:
            try:
                validate_currency(cleaned["spending_currency"])
            except ValidationError as error:
                errors["spending_currency"] = error.messages
    amount = cleaned.get("spending_amount", update.spending_amount)
    currency = cleaned.get("spending_currency", update.spending_currency)
    if amount is not None and amount < 0:
        errors["spending_amount"] = [_("Spending cannot be negative.")]
    elif amount is not None and not currency:
        errors["spending_currency"] = [_("Give the currency of the amount spent.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _values_save(update: ActionUpdate, values: list[ValueInput]) -> dict:
    """Replace the given indicators' values; an empty input removes the value. Returns
    the changes for the audit trail. Raises before writing if any value is invalid."""
    indicators = {i.pk: i for i in Indicator.objects.filter(action_id=update.action_id)}
    existing = {v.indicator_id: v for v in IndicatorValue.objects.filter(update=update)}
    errors, cleaned = {}, []
    for item in values:
        indicator = indicators.get(item.indicator_id)
        if indicator is None:
            errors[f"indicator:{item.indicator_id}"] = [
                _("Indicator %s is not an indicator of this action.") % item.indicator_id
            ]
            continue
        try:
            disaggregation = clean_disaggregation(indicator, item.disaggregation)
        except ValidationError as error:
            errors[INDICATOR_FIELD_PREFIX + indicator.code] = error.messages
            continue
        cleaned.append((indicator, item, disaggregation))
    if errors:
        raise ValidationError(errors)
    changes = {}
    for indicator, item, disaggregation in cleaned:
        changes.update(_value_write(update, indicator, item, disaggregation, existing))
    return changes


def _value_write(update, indicator, item: ValueInput, disaggregation, existing) -> dict:
    current = existing.get(indicator.pk)
    before = (
        {"value": current.value, "disaggregation": current.disaggregation, "note": current.note}
        if current
        else {}
    )
    if item.is_empty and not disaggregation:
        if current:
            current.delete()
        after = {}
    else:
        after = {"value": item.value, "disaggregation": disaggregation, "note": item.note.strip()}
        IndicatorValue.objects.update_or_create(update=update, indicator=indicator, defaults=after)
    return {
        f"{INDICATOR_FIELD_PREFIX}{indicator.code} {name}": change
        for name, change in changes_between(before, after).items()
    }


def update_save(
    *,
    actor,
    update: ActionUpdate,
    expected_version: int,
    indicator_values: list[ValueInput] | None = None,
    channel: str = "web",
    **fields,
) -> ActionUpdate:
    """Save the agency's draft. `expected_version` is the version the editor started
    from; if someone saved since, nothing is written and ConflictError says who and when."""
    _require_reporter(actor, update)
    with transaction.atomic():
        update = _locked_update(update)
        _require_open_cycle(update)
        _require_state(
            update,
            EDITABLE_STATES,
            _("This update is %(state)s: it can no longer be changed."),
        )
        if update.version != expected_version:
            raise ConflictError(update, expected_version)
        fields = _clean_fields(update, fields)
        before = {name: getattr(update, name) for name in fields}
        for name, value in fields.items():
            setattr(update, name, "" if value is None and name != "spending_amount" else value)
        changes = changes_between(before, {name: getattr(update, name) for name in fields})
        changes.update(_values_save(update, indicator_values or []))
        _bump_version(update, actor, expected_version)
        activity_record(
            actor=actor,
            verb="reporting.update.saved",
            target=update,
            changes=changes,
            channel=channel,
        )
    return update


def _bump_version(update: ActionUpdate, actor, expected_version: int) -> None:
    """Write the row only if it is still at the expected version: on databases where the
    row lock above is a no-op, this compare-and-set is what refuses a concurrent save."""
    update.saved_by = acting_person(actor)
    update.saved_at = timezone.now()
    values = {name: getattr(update, name) for name in (*UPDATE_FIELDS, "saved_by", "saved_at")}
    written = ActionUpdate.objects.filter(pk=update.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not written:
        raise ConflictError(
            ActionUpdate.objects.select_related("saved_by").get(pk=update.pk), expected_version
        )
    update.version = expected_version + 1


def update_submit(
    *, actor, update: ActionUpdate, expected_version: int | None = None, channel: str = "web"
) -> ActionUpdate:
    """Send the update for review. Its open review comments count as answered."""
    _require_reporter(actor, update)
    with transaction.atomic():
        update = _locked_update(update)
        _require_open_cycle(update)
        _require_state(
            update, EDITABLE_STATES, _("This update is %(state)s: it cannot be submitted again.")
        )
        if expected_version is not None and update.version != expected_version:
            raise ConflictError(update, expected_version)
        if not update.status:
            raise ValidationError({"status": [_("Choose a status before submitting.")]})
        before = update.state
        now = timezone.now()
        update.state = UpdateState.SUBMITTED
        update.submitted_by = acting_person(actor)
        update.submitted_at = now
        update.version += 1
        update.save(update_fields=["state", "submitted_by", "submitted_at", "version"])
        update.comments.filter(resolved_at__isnull=True).update(resolved_at=now)
        activity_record(
            actor=actor,
            verb="reporting.update.submitted",
            target=update,
            changes={"state": {"before": before, "after": UpdateState.SUBMITTED}},
            channel=channel,
        )
    return update


def _valid_comment_fields(update: ActionUpdate) -> set[str]:
    codes = Indicator.objects.filter(action_id=update.action_id).values_list("code", flat=True)
    return set(ReviewField.values) | {INDICATOR_FIELD_PREFIX + code for code in codes}


def update_return(
    *, actor, update: ActionUpdate, comments: dict[str, str], channel: str = "web"
) -> ActionUpdate:
    """Send the update back to its agency with a comment on each field to fix. An
    approved update can be reopened this way too; the reason is recorded."""
    _require_coordinator(actor, update.cycle.plan)
    comments = {field: (text or "").strip() for field, text in comments.items()}
    comments = {field: text for field, text in comments.items() if text}
    if not comments:
        raise ValidationError(_("Say what to fix: write a comment on at least one field."))
    unknown = sorted(set(comments) - _valid_comment_fields(update))
    if unknown:
        raise ValidationError(_("No such field to comment on: %s.") % ", ".join(unknown))
    with transaction.atomic():
        update = _locked_update(update)
        _require_state(
            update,
            (UpdateState.SUBMITTED, UpdateState.APPROVED),
            _("Only a submitted or approved update can be returned; this one is %(state)s."),
        )
        before = update.state
        update.state = UpdateState.RETURNED
        update.reviewed_by = acting_person(actor)
        update.reviewed_at = timezone.now()
        update.version += 1
        update.save(update_fields=["state", "reviewed_by", "reviewed_at", "version"])
        ReviewComment.objects.bulk_create(
            ReviewComment(update=update, field=field, message=text, author=acting_person(actor))
            for field, text in comments.items()
        )
        activity_record(
            actor=actor,
            verb="reporting.update.returned",
            target=update,
            changes={
                "state": {"before": before, "after": UpdateState.RETURNED},
                "comments": {"before": None, "after": comments},
            },
            channel=channel,
        )
    return update


def update_approve(*, actor, update: ActionUpdate, channel: str = "web") -> ActionUpdate:
    """Approve a submitted update. It is locked from then on: saves are refused."""
    _require_coordinator(actor, update.cycle.plan)
    with transaction.atomic():
        update = _locked_update(update)
        _require_state(
            update,
            (UpdateState.SUBMITTED,),
            _("Only a submitted update can be approved; this one is %(state)s."),
        )
        update.state = UpdateState.APPROVED
        update.reviewed_by = acting_person(actor)
        update.reviewed_at = timezone.now()
        update.version += 1
        update.save(update_fields=["state", "reviewed_by", "reviewed_at", "version"])
        activity_record(
            actor=actor,
            verb="reporting.update.approved",
            target=update,
            changes={"state": {"before": UpdateState.SUBMITTED, "after": UpdateState.APPROVED}},
            channel=channel,
        )
    return update


# ---- Evidence ----------------------------------------------------------------------------


def _require_editable(update: ActionUpdate) -> None:
    _require_open_cycle(update)
    _require_state(
        update, EDITABLE_STATES, _("This update is %(state)s: it can no longer be changed.")
    )


def _evidence_lock(update: ActionUpdate) -> None:
    _require_editable(_locked_update(update))


def _evidence_trail(update: ActionUpdate) -> EvidenceTrail:
    return EvidenceTrail(
        target=update,
        added="reporting.evidence.added",
        removed="reporting.evidence.removed",
    )


def _evidence_unpublished(evidence: Evidence) -> None:
    if ReportEvidence.objects.filter(evidence=evidence).exists():
        raise ValidationError(
            _("A published report shows this evidence; it stays as it was published.")
        )


# An update's evidence: its reporters add and remove it while the update is editable;
# evidence a published report shows stays.
EVIDENCE = EvidenceKind(
    model=Evidence,
    parent="update",
    check_actor=_require_reporter,
    lock=_evidence_lock,
    trail=_evidence_trail,
    removable=_evidence_unpublished,
)


# ---- Official reports --------------------------------------------------------------------


def _draft_of(cycle: ReportingCycle) -> OfficialReport | None:
    return (
        OfficialReport.objects.select_for_update()
        .filter(cycle=cycle, state=ReportState.DRAFT)
        .first()
    )


def report_compile(
    *, actor, cycle: ReportingCycle, summary: str, language: str | None = None,
    channel: str = "web",
) -> OfficialReport:  # fmt: skip
    """Compile (or recompile) the cycle's draft report from the updates approved now.
    The first report is version 1; after publication, start a correction instead."""
    _require_coordinator(actor, cycle.plan)
    with transaction.atomic():
        report = _draft_of(cycle)
        if report is None:
            if OfficialReport.objects.filter(cycle=cycle).exists():
                raise ValidationError(
                    _("This cycle's report is published; start a correction to change it.")
                )
            report = OfficialReport(cycle=cycle, version=1)
        verb = "reporting.report.compiled" if report.pk is None else "reporting.report.recompiled"
        before = report.summary
        before_language = report.language
        report.summary = summary.strip()
        if language is not None:  # None keeps it
            report.language = language
        report.snapshot = selectors.cycle_snapshot(cycle)
        report.compiled_at = timezone.now()
        report.compiled_by = acting_person(actor)
        report.full_clean()
        report.save()
        activity_record(
            actor=actor,
            verb=verb,
            target=report,
            changes={
                **changes_between(
                    {"summary": before, "language": before_language},
                    {"summary": report.summary, "language": report.language},
                ),
                "approved_updates": {
                    "before": None,
                    "after": report.snapshot["totals"]["approved"],
                },
            },
            channel=channel,
        )
    return report


def report_publish(*, actor, report: OfficialReport, channel: str = "web") -> OfficialReport:
    """Publish a draft report. Its snapshot is compiled once more at this moment and
    never changes afterwards."""
    cycle = report.cycle
    _require_coordinator(actor, cycle.plan)
    with transaction.atomic():
        report = OfficialReport.objects.select_for_update().get(pk=report.pk)
        _require_state(
            report, (ReportState.DRAFT,), _("This report is %(state)s: it cannot change any more.")
        )
        report.cycle = cycle
        if not report.summary:
            raise ValidationError({"summary": _("Write the report's summary before publishing.")})
        now = timezone.now()
        report.snapshot = selectors.cycle_snapshot(cycle)
        report.compiled_at = now
        report.compiled_by = acting_person(actor)
        report.state = ReportState.PUBLISHED
        report.published_at = now
        report.published_by = acting_person(actor)
        report.save()
        _freeze_evidence(report)
        activity_record(
            actor=actor,
            verb="reporting.report.published",
            target=report,
            changes={
                "state": {"before": ReportState.DRAFT, "after": ReportState.PUBLISHED},
                "version": {"before": None, "after": report.version},
            },
            channel=channel,
        )
    return report


def _freeze_evidence(report: OfficialReport) -> None:
    ids = [
        evidence["id"]
        for action in report.snapshot["actions"]
        for update in action["updates"]
        for evidence in update.get("evidence", [])
    ]
    ReportEvidence.objects.bulk_create(
        [ReportEvidence(report=report, evidence_id=pk) for pk in ids], ignore_conflicts=True
    )


def report_correct(
    *, actor, report: OfficialReport, note: str, channel: str = "web"
) -> OfficialReport:
    """Start a correction of the latest published version: a new draft version that
    names the one it corrects. Both stay visible once the correction is published."""
    cycle = report.cycle
    _require_coordinator(actor, cycle.plan)
    note = note.strip()
    if not note:
        raise ValidationError({"correction_note": _("Say what the correction changes.")})
    with transaction.atomic():
        if _draft_of(cycle) is not None:
            raise ValidationError(_("A correction of this report is already being drafted."))
        latest = OfficialReport.objects.filter(cycle=cycle).aggregate(n=Max("version"))["n"] or 0
        if report.state != ReportState.PUBLISHED or report.version != latest:
            raise ValidationError(
                _("Only the latest published version can be corrected (version %(n)d).")
                % {"n": latest}
            )
        correction = OfficialReport(
            cycle=cycle,
            version=latest + 1,
            corrects=report,
            correction_note=note,
            summary=report.summary,
            language=report.language,
            snapshot=selectors.cycle_snapshot(cycle),
            compiled_at=timezone.now(),
            compiled_by=acting_person(actor),
        )
        correction.full_clean()
        correction.save()
        activity_record(
            actor=actor,
            verb="reporting.report.correction_started",
            target=correction,
            changes={
                "corrects": {"before": None, "after": f"v{report.version}"},
                "correction_note": {"before": None, "after": note},
            },
            channel=channel,
        )
    return correction
