"""Civil-society shadow reports: a CSO's or a coalition's own assessment of a plan's
actions for a reporting cycle or a period, published under its name or a pseudonym,
with evidence, and the plan owner's right of reply.

Workflow lives in services.py; the database holds the invariants (see
docs/shadow-reports.md). `__str__` never names the authors: it ends up in audit rows
and admin lists, and a pseudonymous report's authors must stay unknown to the public.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naptrack.core.models import EvidenceBase, evidence_constraints, person_field
from naptrack.shadow_reports.choices import (
    OPEN_INVITATION_STATES,
    Agreement,
    ImplementationStatus,
    InvitationState,
    PublicationMode,
    ShadowState,
)
from naptrack.translations.languages import LANGUAGE_HELP, validate_language_code

USER = settings.AUTH_USER_MODEL
# States in which the report has been made public at least once.
ONCE_PUBLISHED = [ShadowState.PUBLISHED, ShadowState.WITHDRAWN, ShadowState.HIDDEN]


class ShadowReportQuerySet(models.QuerySet):
    def public(self, now=None):
        """Published, and its publication date has come. Checked at query time, so a
        delayed report appears on its date with no scheduler involved."""
        return self.filter(state=ShadowState.PUBLISHED, publish_at__lte=now or timezone.now())


class ShadowReport(models.Model):
    plan = models.ForeignKey(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="shadow_reports"
    )
    cycle = models.ForeignKey(
        "reporting.ReportingCycle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shadow_reports",
        help_text=_("The reporting cycle assessed; empty when the report covers a period."),
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    author = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="shadow_reports"
    )
    co_authors = models.ManyToManyField(
        "accounts.Organization",
        blank=True,
        related_name="co_authored_shadow_reports",
        help_text=_(
            "Organizations that accepted an invitation to co-author (see CoAuthorInvitation)."
        ),
    )
    created_by = person_field()
    title = models.CharField(max_length=300)
    language = models.CharField(
        max_length=2, blank=True, validators=[validate_language_code], help_text=LANGUAGE_HELP
    )
    findings = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    publication_mode = models.CharField(
        max_length=12, choices=PublicationMode.choices, default=PublicationMode.NAMED
    )
    pseudonym = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("The name shown instead of the authors' when published pseudonymously."),
    )
    state = models.CharField(max_length=20, choices=ShadowState.choices, default=ShadowState.DRAFT)
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Public from this moment on; set at publication.")
    )
    published_by = person_field()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_note = models.TextField(blank=True)
    moderation_note = models.TextField(
        blank=True, help_text=_("Why the moderators last hid or restored the report.")
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ShadowReportQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="shadow_title_required"),
            models.CheckConstraint(
                condition=Q(state__in=ShadowState.values), name="shadow_state_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(cycle__isnull=False, period_start__isnull=True, period_end__isnull=True)
                    | Q(cycle__isnull=True, period_start__isnull=False, period_end__isnull=False)
                ),
                name="shadow_cycle_or_period",
                violation_error_message=_("Choose a reporting cycle or give a period, not both."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=F("period_start")),
                name="shadow_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(publication_mode=PublicationMode.NAMED, pseudonym="")
                | (Q(publication_mode=PublicationMode.PSEUDONYMOUS) & ~Q(pseudonym="")),
                name="shadow_pseudonym_iff_pseudonymous",
                violation_error_message=_("A pseudonymous report needs a pseudonym."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=ONCE_PUBLISHED) | Q(publish_at__isnull=False),
                name="shadow_published_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(state=ShadowState.HIDDEN)
                | (Q(hidden_at__isnull=False) & ~Q(moderation_note="")),
                name="shadow_hidden_has_reason",
                violation_error_message=_("Say why the report is hidden."),
            ),
        ]
        indexes = [models.Index(fields=["plan", "state", "publish_at"])]

    def __str__(self) -> str:
        return _("Shadow report #%(pk)s: %(title)s") % {"pk": self.pk, "title": self.title}

    def get_absolute_url(self) -> str:
        return reverse("shadow_reports:detail", args=[self.pk])

    @property
    def is_pseudonymous(self) -> bool:
        return self.publication_mode == PublicationMode.PSEUDONYMOUS

    @property
    def author_names(self) -> list[str]:
        """The real authors. Only for those permissions.can_see_identity allows."""
        return [self.author.name, *(org.name for org in self.co_authors.all())]

    @property
    def public_byline(self) -> str:
        """Who the public is told wrote the report: the pseudonym, or the authors."""
        return self.pseudonym if self.is_pseudonymous else ", ".join(self.author_names)


class CoAuthorInvitation(models.Model):
    """An organization named as co-author of a report, and its answer. Only an accepted
    invitation makes it a co-author (`ShadowReport.co_authors`): nobody is named, nor
    gets to edit and publish, without its own members' consent. `__str__` never names
    the organization, for the same reason as the report's."""

    report = models.ForeignKey(ShadowReport, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="shadow_invitations"
    )
    state = models.CharField(
        max_length=12, choices=InvitationState.choices, default=InvitationState.PENDING
    )
    invited_by = person_field()
    responded_by = person_field()
    responded_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the organization accepted or declined.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=InvitationState.values), name="invitation_state_valid"
            ),
            models.UniqueConstraint(
                fields=["report", "organization"],
                condition=Q(state__in=OPEN_INVITATION_STATES),
                name="invitation_one_open_per_organization",
                violation_error_message=_("This organization is already invited."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[InvitationState.ACCEPTED, InvitationState.DECLINED])
                | Q(responded_at__isnull=False),
                name="invitation_answer_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(state=InvitationState.PENDING)
                | Q(responded_at__isnull=True, responded_by__isnull=True),
                name="invitation_pending_is_unanswered",
            ),
        ]
        indexes = [models.Index(fields=["organization", "state"])]

    def __str__(self) -> str:
        return _("Invitation #%(pk)s to co-author shadow report #%(report)s") % {
            "pk": self.pk,
            "report": self.report_id,
        }

    @property
    def is_pending(self) -> bool:
        return self.state == InvitationState.PENDING


class ActionAssessment(models.Model):
    """The authors' view of one action. The action's code and title are copied so that
    the assessment survives if the government later removes the action from its plan."""

    report = models.ForeignKey(ShadowReport, on_delete=models.CASCADE, related_name="assessments")
    action = models.ForeignKey(
        "plans.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shadow_assessments",
    )
    action_code = models.CharField(max_length=20)
    action_title = models.CharField(max_length=500)
    agrees_with_official = models.CharField(
        max_length=8, choices=Agreement.choices, default=Agreement.UNKNOWN
    )
    own_status = models.CharField(
        max_length=12,
        choices=ImplementationStatus.choices,
        blank=True,
        help_text=_("Empty when the authors state no status of their own."),
    )
    narrative = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "action__position", "action_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "action"],
                name="assessment_unique_action",
                violation_error_message=_("This report already assesses this action."),
            ),
            models.CheckConstraint(
                condition=Q(agrees_with_official__in=Agreement.values),
                name="assessment_agreement_valid",
            ),
            models.CheckConstraint(
                condition=Q(own_status="") | Q(own_status__in=ImplementationStatus.values),
                name="assessment_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(action_code=""), name="assessment_action_code_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_code} ({self.get_agrees_with_official_display()})"


def evidence_path(instance, filename: str) -> str:
    # The service generates the name; the original stays private in original_name.
    return f"shadow_reports/evidence/{filename}"


class AssessmentEvidence(EvidenceBase):
    """A link or a file backing an assessment, served only as a download under a neutral
    name: its original name is never shown to the public (it may name the authors)."""

    assessment = models.ForeignKey(
        ActionAssessment, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_path, max_length=200, blank=True)

    class Meta(EvidenceBase.Meta):
        verbose_name_plural = _("assessment evidence")
        constraints = evidence_constraints("shadow_evidence")


class RightOfReply(models.Model):
    """The plan owner's answer to a published shadow report, shown with it. One per
    report; it is published when written and never changes."""

    report = models.OneToOneField(
        ShadowReport, on_delete=models.CASCADE, related_name="right_of_reply"
    )
    text = models.TextField()
    author = person_field()
    published_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = _("rights of reply")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="reply_text_required"),
        ]

    def __str__(self) -> str:
        return _("Reply to shadow report #%(pk)s") % {"pk": self.report_id}
