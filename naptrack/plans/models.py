"""A plan's structure: pillars -> objectives -> actions -> responsibilities, indicators
(with targets) and budget lines; plus the versions that record every change to it.

Objectives, actions and indicators carry their plan as well as their parent so that
codes can be unique within a plan in the database, and so that the whole structure
of a plan loads with one query per level.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from naptrack.plans.choices import (
    CURRENCY_PATTERN,
    PERIOD_PATTERN,
    SDG_PATTERN,
    BudgetKind,
    ChangeKind,
    ResponsibilityRole,
)
from naptrack.plans.validators import (
    validate_code,
    validate_currency,
    validate_period,
    validate_sdg_indicator,
)
from naptrack.translations.languages import LANGUAGE_HELP, validate_language_code


class PlanPillar(models.Model):
    """A pillar of one plan: one of the four of resolution 1325, or the plan's own."""

    plan = models.ForeignKey(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="structure_pillars"
    )
    pillar = models.ForeignKey(
        "registry.Pillar",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The reference pillar this one is, if any."),
    )
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="planpillar_unique_name",
                violation_error_message=_("This plan already has a pillar with this name."),
            ),
            models.UniqueConstraint(
                fields=["plan", "pillar"],
                condition=Q(pillar__isnull=False),
                name="planpillar_unique_reference",
                violation_error_message=_("This reference pillar is already in the plan."),
            ),
            models.CheckConstraint(condition=~Q(name=""), name="planpillar_name_required"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:structure", args=[self.plan_id]) + f"#pillar-{self.pk}"


class Objective(models.Model):
    plan = models.ForeignKey(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="objectives"
    )
    pillar = models.ForeignKey(PlanPillar, on_delete=models.PROTECT, related_name="objectives")
    code = models.CharField(max_length=20, validators=[validate_code])
    title = models.CharField(max_length=500)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="objective_unique_code",
                violation_error_message=_("This plan already has an objective with this code."),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="objective_code_required"),
            models.CheckConstraint(condition=~Q(title=""), name="objective_title_required"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:structure", args=[self.plan_id]) + f"#objective-{self.pk}"


class Action(models.Model):
    """An activity the plan commits to. The timeframe is in years, like plan periods:
    national plans state timeframes as years far more often than as dates."""

    plan = models.ForeignKey(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="actions"
    )
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    code = models.CharField(max_length=20, validators=[validate_code])
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    language = models.CharField(
        max_length=2, blank=True, validators=[validate_language_code], help_text=LANGUAGE_HELP
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="action_unique_code",
                violation_error_message=_("This plan already has an action with this code."),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="action_code_required"),
            models.CheckConstraint(condition=~Q(title=""), name="action_title_required"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="action_timeframe_ordered",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
            models.CheckConstraint(
                condition=(Q(start_year__isnull=True) | Q(start_year__range=(1990, 2200)))
                & (Q(end_year__isnull=True) | Q(end_year__range=(1990, 2200))),
                name="action_timeframe_plausible",
                violation_error_message=_("Years must lie between 1990 and 2200."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:structure", args=[self.plan_id]) + f"#action-{self.pk}"


class Responsibility(models.Model):
    """A line of accountability: which agency leads or supports an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="responsibilities")
    agency = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="responsibilities"
    )
    role = models.CharField(max_length=12, choices=ResponsibilityRole.choices)

    class Meta:
        ordering = ["role", "agency__name"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.UniqueConstraint(
                fields=["action", "agency"],
                name="responsibility_unique",
                violation_error_message=_("This agency is already responsible for this action."),
            ),
            models.UniqueConstraint(
                fields=["action"],
                condition=Q(role=ResponsibilityRole.LEAD),
                name="responsibility_one_lead",
                violation_error_message=_("This action already has a lead agency."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=ResponsibilityRole.values), name="responsibility_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.get_role_display()})"


class Indicator(models.Model):
    plan = models.ForeignKey(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="indicators"
    )
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=20, validators=[validate_code])
    name = models.CharField(max_length=500)
    language = models.CharField(
        max_length=2, blank=True, validators=[validate_language_code], help_text=LANGUAGE_HELP
    )
    unit = models.CharField(max_length=60)
    baseline_value = models.DecimalField(
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Empty when the baseline is unknown."),
    )
    baseline_date = models.DateField(null=True, blank=True)
    data_source = models.CharField(max_length=500, blank=True)
    disaggregated_by_sex = models.BooleanField(default=False)
    disaggregated_by_age = models.BooleanField(default=False)
    disaggregated_by_location = models.BooleanField(default=False)
    standard_indicator = models.ForeignKey(
        "registry.StandardIndicator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_indicators",
        help_text=_("The UN Secretary-General's global indicator on 1325 this one reports on."),
    )
    sdg_indicator = models.CharField(max_length=10, blank=True, validators=[validate_sdg_indicator])
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="indicator_unique_code",
                violation_error_message=_("This plan already has an indicator with this code."),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="indicator_code_required"),
            models.CheckConstraint(condition=~Q(name=""), name="indicator_name_required"),
            models.CheckConstraint(condition=~Q(unit=""), name="indicator_unit_required"),
            models.CheckConstraint(
                condition=Q(baseline_date__isnull=True) | Q(baseline_value__isnull=False),
                name="indicator_baseline_date_needs_value",
                violation_error_message=_("A baseline date needs a baseline value."),
            ),
            models.CheckConstraint(
                condition=Q(sdg_indicator="") | Q(sdg_indicator__regex=SDG_PATTERN),
                name="indicator_sdg_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("plans:structure", args=[self.plan_id]) + f"#indicator-{self.pk}"


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=7, validators=[validate_period])
    value = models.DecimalField(max_digits=20, decimal_places=4)

    class Meta:
        ordering = ["period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="target_unique_period",
                violation_error_message=_("This indicator already has a target for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period__regex=PERIOD_PATTERN), name="target_period_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class BudgetLine(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    currency = models.CharField(max_length=3, validators=[validate_currency])
    kind = models.CharField(max_length=10, choices=BudgetKind.choices)
    funding_source = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budgetline_amount_positive",
                violation_error_message=_("A budget amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=CURRENCY_PATTERN), name="budgetline_currency_format"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=BudgetKind.values), name="budgetline_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.get_kind_display()})"


class StructureVersion(models.Model):
    """One change set to a plan's structure: a form saved or a spreadsheet uploaded."""

    plan = models.ForeignKey(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="structure_versions"
    )
    number = models.PositiveIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=20, default="web")
    summary = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="structureversion_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="structureversion_positive"),
        ]

    def __str__(self) -> str:
        return f"v{self.number}: {self.summary}"


class StructureChange(models.Model):
    """One field of one element changed in a version; empty field = added or removed.

    Kept as rows (not only in the Activity JSON) so that target and baseline shifts
    can be listed and queried, which the public change log and later analyses need.
    """

    version = models.ForeignKey(StructureVersion, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    code = models.CharField(max_length=200, help_text=_("Code (or name) of the element."))
    field = models.CharField(max_length=40, blank=True)
    # NULL is not "": it means absent (before an addition, after a removal) or unknown.
    before = models.TextField(null=True, blank=True)  # noqa: DJ001
    after = models.TextField(null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(before__isnull=False) | Q(after__isnull=False) | ~Q(field=""),
                name="structurechange_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} {self.field}: {self.before} -> {self.after}"

    @property
    def is_measure_change(self) -> bool:
        """Targets, baselines and indicators: the changes that can hide target-shifting."""
        return self.kind in (ChangeKind.TARGET, ChangeKind.INDICATOR)

    @property
    def is_baseline(self) -> bool:
        return self.kind == ChangeKind.INDICATOR and self.field.startswith("baseline")
