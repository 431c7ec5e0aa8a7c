"""Report cards: the computed card of each plan (every version kept), coordinators' signed
statements on design criteria, and civil-society organizations' own cards.

A ReportCard row is never changed after it is written except for `is_current`: it holds
the method version, a description of that method, the exact inputs and every criterion's
result, so an old grade stays explainable (see docs/report-cards.md). Workflow lives in
services.py. `__str__` of a CSO card never names its organization: it ends up in audit
rows, and a pseudonymous card's authors must stay unknown to the public.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from naptrack.report_cards.choices import (
    GRADES,
    Claim,
    CsoCardState,
    PublicationMode,
    Result,
)

USER = settings.AUTH_USER_MODEL
SHARE = {"max_digits": 5, "decimal_places": 4}


def _share_between_0_and_1(name: str, *, nullable: bool) -> models.CheckConstraint:
    condition = Q(**{f"{name}__gte": 0, f"{name}__lte": 1})
    if nullable:
        condition |= Q(**{f"{name}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"reportcard_{name}_share")


def _grade_needs_score(dimension: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{dimension}_grade": ""})
        | Q(**{f"{dimension}_grade__in": GRADES, f"{dimension}_score__isnull": False}),
        name=f"reportcard_{dimension}_grade_valid",
    )


class ReportCard(models.Model):
    plan = models.ForeignKey(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="report_cards"
    )
    method_version = models.CharField(max_length=20)
    method = models.JSONField(help_text=_("The method's criteria and thresholds at the time."))
    computed_at = models.DateTimeField(auto_now_add=True)
    inputs = models.JSONField(help_text=_("The exact inputs the method read."))
    inputs_hash = models.CharField(max_length=64, help_text=_("SHA-256 of inputs and version."))
    results = models.JSONField(help_text=_("Every criterion: result, explanation, evidence."))
    design_score = models.DecimalField(null=True, blank=True, **SHARE)
    design_coverage = models.DecimalField(**SHARE)
    design_unknown = models.PositiveSmallIntegerField()
    design_grade = models.CharField(max_length=1, blank=True)
    implementation_score = models.DecimalField(null=True, blank=True, **SHARE)
    implementation_coverage = models.DecimalField(**SHARE)
    implementation_unknown = models.PositiveSmallIntegerField()
    implementation_grade = models.CharField(max_length=1, blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-computed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(is_current=True), name="reportcard_one_current"
            ),
            _share_between_0_and_1("design_score", nullable=True),
            _share_between_0_and_1("design_coverage", nullable=False),
            _share_between_0_and_1("implementation_score", nullable=True),
            _share_between_0_and_1("implementation_coverage", nullable=False),
            _grade_needs_score("design"),
            _grade_needs_score("implementation"),
            models.CheckConstraint(
                condition=~Q(method_version=""), name="reportcard_method_version_required"
            ),
        ]
        indexes = [models.Index(fields=["plan", "-computed_at"])]

    def __str__(self) -> str:
        return _("Report card of %(plan)s (method %(version)s, %(date)s)") % {
            "plan": self.plan,
            "version": self.method_version,
            "date": f"{self.computed_at:%Y-%m-%d}" if self.computed_at else "—",
        }

    def get_absolute_url(self) -> str:
        return reverse("report_cards:card_version", args=[self.plan_id, self.pk])


class CoordinatorStatement(models.Model):
    """A coordinator's signed statement on one design criterion of their plan. It counts as
    evidence, always marked self-reported. Statements are never edited: a new one on the
    same criterion replaces the current one, and a withdrawn one stops counting."""

    plan = models.ForeignKey(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="coordinator_statements"
    )
    # Validated by the services against the method, not in the database: a later method
    # may drop a criterion, and old statements must stay readable.
    criterion = models.CharField(max_length=30)
    claim = models.CharField(max_length=8, choices=Claim.choices)
    text = models.TextField()
    link = models.URLField(max_length=1000, blank=True)
    signed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "criterion"],
                condition=Q(is_current=True),
                name="statement_one_current_per_criterion",
            ),
            models.CheckConstraint(condition=Q(claim__in=Claim.values), name="statement_claim"),
            models.CheckConstraint(condition=~Q(text=""), name="statement_text_required"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(is_current=False),
                name="statement_withdrawn_not_current",
            ),
        ]

    def __str__(self) -> str:
        return _("Coordinator statement #%(pk)s on %(criterion)s") % {
            "pk": self.pk,
            "criterion": self.criterion,
        }


class CsoReportCard(models.Model):
    """A civil-society organization's own card on a plan: its own result and reason for
    each criterion, shown beside the computed card once published."""

    plan = models.ForeignKey(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="cso_report_cards"
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="report_cards"
    )
    summary = models.TextField(blank=True)
    publication_mode = models.CharField(
        max_length=12, choices=PublicationMode.choices, default=PublicationMode.NAMED
    )
    pseudonym = models.CharField(max_length=120, blank=True)
    state = models.CharField(
        max_length=10, choices=CsoCardState.choices, default=CsoCardState.DRAFT
    )
    method_version = models.CharField(
        max_length=20, help_text=_("The method whose criteria the card answers.")
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organization"],
                condition=~Q(state=CsoCardState.WITHDRAWN),
                name="csocard_one_active_per_organization",
                violation_error_message=_("This organization already has a card on this plan."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=CsoCardState.values), name="csocard_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(publication_mode=PublicationMode.NAMED, pseudonym="")
                | (Q(publication_mode=PublicationMode.PSEUDONYMOUS) & ~Q(pseudonym="")),
                name="csocard_pseudonym_iff_pseudonymous",
                violation_error_message=_("A pseudonymous card needs a pseudonym."),
            ),
            models.CheckConstraint(
                condition=~Q(state=CsoCardState.PUBLISHED) | Q(published_at__isnull=False),
                name="csocard_published_is_dated",
            ),
        ]

    def __str__(self) -> str:
        return _("Civil-society report card #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("report_cards:cso_card", args=[self.pk])

    @property
    def is_pseudonymous(self) -> bool:
        return self.publication_mode == PublicationMode.PSEUDONYMOUS

    @property
    def public_byline(self) -> str:
        return self.pseudonym if self.is_pseudonymous else self.organization.name


class CsoCriterionGrade(models.Model):
    """One criterion of a CSO card: the organization's result and its reason."""

    card = models.ForeignKey(CsoReportCard, on_delete=models.CASCADE, related_name="grades")
    criterion = models.CharField(max_length=30, help_text=_("A code of the card's method."))
    result = models.CharField(max_length=8, choices=Result.choices, default=Result.UNKNOWN)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["card", "id"]
        constraints = [
            models.UniqueConstraint(fields=["card", "criterion"], name="csograde_unique"),
            models.CheckConstraint(condition=Q(result__in=Result.values), name="csograde_result"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.result}"
