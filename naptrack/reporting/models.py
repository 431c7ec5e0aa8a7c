"""The reporting cycle: a plan's schedule, its cycles, what each agency reports per action
(status, narrative, spending, evidence, indicator values), the coordinator's review, the
official reports compiled from approved updates, and the reminders sent.

Workflow lives in services.py; the database holds the invariants (see docs/reporting.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from naptrack.core.models import EvidenceBase, evidence_constraints, person_field
from naptrack.plans.choices import CURRENCY_PATTERN, ResponsibilityRole
from naptrack.reporting.choices import (
    CycleState,
    Frequency,
    ImplementationStatus,
    ReminderKind,
    ReportState,
    UpdateState,
)
from naptrack.translations.languages import LANGUAGE_HELP, validate_language_code

USER = settings.AUTH_USER_MODEL


class ReportingSchedule(models.Model):
    """How often a plan reports. Generated frequencies produce one cycle per period
    from `first_period_start`, due `due_days` after each period ends; with custom
    dates the coordinator adds each cycle."""

    plan = models.OneToOneField(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="reporting_schedule"
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    first_period_start = models.DateField(help_text=_("First day of the first reporting period."))
    due_days = models.PositiveSmallIntegerField(
        default=30, help_text=_("Days after a period ends that its report is due.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="schedule_frequency_valid"
            ),
            models.CheckConstraint(
                condition=Q(due_days__lte=366),
                name="schedule_due_days_within_a_year",
                violation_error_message=_("A report is due at most 366 days after its period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_frequency_display()}"


class ReportingCycle(models.Model):
    plan = models.ForeignKey(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="reporting_cycles"
    )
    label = models.CharField(max_length=40, help_text=_("Such as 2025, 2025-H1 or 2025-Q3."))
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField()
    state = models.CharField(
        max_length=10, choices=CycleState.choices, default=CycleState.SCHEDULED
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = person_field()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = person_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_start", "period_end"],
                name="cycle_unique_period",
                violation_error_message=_("This plan already has a cycle for this period."),
            ),
            models.UniqueConstraint(
                fields=["plan", "label"],
                name="cycle_unique_label",
                violation_error_message=_("This plan already has a cycle with this label."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="cycle_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("period_start")),
                name="cycle_due_after_start",
                violation_error_message=_("The due date cannot be before the period starts."),
            ),
            models.CheckConstraint(condition=~Q(label=""), name="cycle_label_required"),
            models.CheckConstraint(
                condition=Q(state__in=CycleState.values), name="cycle_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:cycle", args=[self.plan_id, self.pk])


class ActionUpdate(models.Model):
    """What one responsible agency reports on one action in one cycle.

    `version` grows by one on every save: a save names the version it started from and
    is refused when someone saved in between (optimistic concurrency)."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="updates")
    # PROTECT: an action that has been reported on stays in the structure (mark it
    # cancelled instead), so its reporting history can never silently disappear.
    action = models.ForeignKey("plans.Action", on_delete=models.PROTECT, related_name="updates")
    agency = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="action_updates"
    )
    role = models.CharField(max_length=12, choices=ResponsibilityRole.choices)
    status = models.CharField(
        max_length=12,
        choices=ImplementationStatus.choices,
        blank=True,
        help_text=_("Empty until the agency states it."),
    )
    narrative = models.TextField(blank=True)
    spending_amount = models.DecimalField(
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Spent in this period; empty when unknown."),
    )
    spending_currency = models.CharField(max_length=3, blank=True)
    state = models.CharField(max_length=10, choices=UpdateState.choices, default=UpdateState.DRAFT)
    version = models.PositiveIntegerField(default=1)
    prefilled_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_by = person_field()
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_by = person_field()
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = person_field()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "action__position", "action_id", "role", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "action", "agency"],
                name="update_unique_per_agency",
                violation_error_message=_("This agency already reports on this action."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=UpdateState.values), name="update_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=ImplementationStatus.values),
                name="update_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(role__in=ResponsibilityRole.values), name="update_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[UpdateState.DRAFT, UpdateState.RETURNED]) | ~Q(status=""),
                name="update_submitted_has_status",
                violation_error_message=_("Choose a status before submitting."),
            ),
            models.CheckConstraint(
                condition=Q(spending_amount__isnull=True) | Q(spending_amount__gte=0),
                name="update_spending_positive",
                violation_error_message=_("Spending cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(spending_amount__isnull=True)
                | Q(spending_currency__regex=CURRENCY_PATTERN),
                name="update_spending_has_currency",
                violation_error_message=_("Give the currency of the amount spent."),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="update_version_positive"),
            models.CheckConstraint(
                condition=~Q(state=UpdateState.APPROVED) | Q(reviewed_at__isnull=False),
                name="update_approved_is_reviewed",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "state"])]

    def __str__(self) -> str:
        return f"{self.action.code} — {self.agency} ({self.cycle.label})"

    def get_absolute_url(self) -> str:
        return reverse("reporting:update", args=[self.pk])


class ReviewComment(models.Model):
    """A coordinator's note on one part of an update, shown next to that field until
    the agency submits again."""

    update = models.ForeignKey(ActionUpdate, on_delete=models.CASCADE, related_name="comments")
    field = models.CharField(
        max_length=60,
        help_text=_("general, status, narrative, spending, evidence or indicator:<code>"),
    )
    message = models.TextField()
    author = person_field()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Set when the agency submits again.")
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(message=""), name="comment_message_required"),
            models.CheckConstraint(condition=~Q(field=""), name="comment_field_required"),
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.message[:60]}"


def evidence_path(instance, filename: str) -> str:
    # The name is generated by the service; the original is kept in original_name.
    return f"reporting/evidence/{filename}"


class Evidence(EvidenceBase):
    """A link or a file backing an update."""

    update = models.ForeignKey(ActionUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200, blank=True)

    class Meta(EvidenceBase.Meta):
        verbose_name_plural = "evidence"
        constraints = evidence_constraints("evidence")

    @property
    def download_name(self) -> str:
        # The government's own file, sent under the name its reporter gave it.
        return self.original_name


class IndicatorValue(models.Model):
    """One indicator's value for the period, with its breakdown by the dimensions the
    indicator is disaggregated by: {"sex": {"female": "12"}, "age": {"18-24": "3"}}."""

    update = models.ForeignKey(
        ActionUpdate, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(
        "plans.Indicator", on_delete=models.PROTECT, related_name="reported_values"
    )
    value = models.DecimalField(
        max_digits=20, decimal_places=4, null=True, blank=True, help_text=_("Empty = unknown.")
    )
    disaggregation = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "indicator"],
                name="indicatorvalue_unique",
                violation_error_message=_("This indicator already has a value in this update."),
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(disaggregation={}) | ~Q(note=""),
                name="indicatorvalue_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"


class OfficialReport(models.Model):
    """The official report of a cycle. A published version never changes: its snapshot
    holds everything it shows, compiled at publication; a correction is a new version
    that names the one it corrects."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.PROTECT, related_name="reports")
    version = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    summary = models.TextField(blank=True)
    language = models.CharField(
        max_length=2, blank=True, validators=[validate_language_code], help_text=LANGUAGE_HELP
    )
    snapshot = models.JSONField(default=dict, blank=True)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    correction_note = models.TextField(blank=True, help_text=_("What the correction changes."))
    compiled_at = models.DateTimeField(null=True, blank=True)
    compiled_by = person_field()
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = person_field()
    evidence = models.ManyToManyField(
        Evidence, through="ReportEvidence", blank=True, related_name="reports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "version"],
                name="report_unique_version",
                violation_error_message=_("This cycle already has a report with this version."),
            ),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(state=ReportState.DRAFT),
                name="report_one_draft_per_cycle",
                violation_error_message=_("This cycle already has a draft report."),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="report_version_positive"),
            models.CheckConstraint(
                condition=Q(version=1, corrects__isnull=True)
                | Q(version__gt=1, corrects__isnull=False),
                name="report_correction_chain",
                violation_error_message=_("Version 1 corrects nothing; later ones correct one."),
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_note=""),
                name="report_correction_has_note",
                violation_error_message=_("Say what the correction changes."),
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.PUBLISHED)
                | Q(published_at__isnull=False, compiled_at__isnull=False),
                name="report_published_is_dated",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReportState.values), name="report_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report", args=[self.cycle.plan_id, self.cycle_id, self.version])


class ReportEvidence(models.Model):
    """The evidence a published report shows. PROTECT keeps those files forever, so the
    report's links never break even if the update is later reopened."""

    report = models.ForeignKey(OfficialReport, on_delete=models.CASCADE)
    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "evidence"], name="reportevidence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} — {self.evidence}"


class ReminderLog(models.Model):
    """One reminder sent (or escalation) about one update to one person on one day.

    The unique constraint makes send_reporting_reminders idempotent, also when two
    schedulers run it at once."""

    update = models.ForeignKey(ActionUpdate, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "recipient", "kind", "sent_on"], name="reminder_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.update} → {self.recipient} ({self.sent_on})"
