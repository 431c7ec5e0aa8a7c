"""Writes of shadow reports: one service per transition, each checking who acts and
the state it starts from, saving in one transaction and recording an Activity.

Every Activity targets the shadow report (never the plan, whose history is public) and
its `changes` never name the authoring organizations, so a pseudonymous report's
authors appear only where moderators and administrators look (the admin). The same
holds for organizations invited to co-author: their invitations, answers, withdrawals
and lapses are recorded as states only ("pending" -> "accepted"), never with a name.

Naming a co-author invites it (CoAuthorInvitation); it becomes a co-author, named on
the report and allowed to edit and publish, only when one of its own members accepts.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.accounts.models import Organization
from naptrack.core.evidence import EvidenceKind, EvidenceTrail, stored_files_delete_on_commit
from naptrack.core.services import acting_person, activity_record, changes_between
from naptrack.plans.models import Action
from naptrack.registry.models import ActionPlan
from naptrack.registry.permissions import can_edit_plan
from naptrack.registry.selectors import plans_visible_to
from naptrack.reporting.models import ReportingCycle
from naptrack.shadow_reports import permissions
from naptrack.shadow_reports.choices import (
    AUTHOR_KINDS,
    OPEN_INVITATION_STATES,
    Agreement,
    ImplementationStatus,
    InvitationState,
    PublicationMode,
    ShadowState,
)
from naptrack.shadow_reports.models import (
    ActionAssessment,
    AssessmentEvidence,
    CoAuthorInvitation,
    RightOfReply,
    ShadowReport,
)

# A publication date a little in the past is "now" (a form filled in a minute ago).
PUBLISH_AT_GRACE = datetime.timedelta(minutes=5)


# ---- Checks ------------------------------------------------------------------------------


def _require_author(actor, report: ShadowReport) -> None:
    if not permissions.can_author(actor, report):
        raise PermissionDenied(_("Only members of the authoring organizations may do this."))


def _require_moderator(actor) -> None:
    if not permissions.is_moderator(actor):
        raise PermissionDenied(_("Only the platform's moderators may hide or restore a report."))


def _require_state(report: ShadowReport, allowed, message: str) -> None:
    if report.state not in allowed:
        raise ValidationError(message % {"state": report.get_state_display().lower()})


def _require_draft(report: ShadowReport) -> None:
    _require_state(
        report,
        (ShadowState.DRAFT,),
        _("This report is %(state)s: only drafts can be changed."),
    )


def _locked(report: ShadowReport) -> ShadowReport:
    """Re-read the report under a row lock, so two transitions cannot interleave."""
    return (
        ShadowReport.objects.select_for_update(of=("self",))
        .select_related("plan__country", "plan__regional_organization", "author")
        .get(pk=report.pk)
    )


def _record(actor, verb: str, report: ShadowReport, changes: dict, channel: str) -> None:
    activity_record(actor=actor, verb=verb, target=report, changes=changes, channel=channel)


# ---- Authorship and scope ----------------------------------------------------------------


def _check_author(actor, author: Organization) -> None:
    if author.kind not in AUTHOR_KINDS:
        raise ValidationError(
            {"author": _("Only a civil-society organization or a coalition can author a report.")}
        )
    if author.pk not in permissions.member_organization_ids(actor):
        raise PermissionDenied(
            _("You can write shadow reports only for organizations you are a member of.")
        )


def _check_co_authors(author: Organization, co_authors) -> list[Organization]:
    co_authors = [org for org in co_authors if org.pk != author.pk]
    wrong = [org.name for org in co_authors if org.kind not in AUTHOR_KINDS]
    if wrong:
        raise ValidationError(
            {
                "co_authors": _("Not a civil-society organization or coalition: %(names)s.")
                % {"names": ", ".join(wrong)}
            }
        )
    return co_authors


def _check_scope(plan: ActionPlan, cycle, period_start, period_end) -> None:
    if cycle is not None and (period_start or period_end):
        raise ValidationError(_("Choose a reporting cycle or give a period, not both."))
    if cycle is None and not (period_start and period_end):
        raise ValidationError(
            {"cycle": _("Choose the reporting cycle assessed, or give the period's start and end.")}
        )
    if cycle is not None and cycle.plan_id != plan.pk:
        raise ValidationError({"cycle": _("This reporting cycle belongs to another plan.")})
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})


def _check_pseudonym(mode: str, pseudonym: str, organizations: list[Organization]) -> str:
    pseudonym = pseudonym.strip()
    if mode not in PublicationMode.values:
        raise ValidationError({"publication_mode": _("Choose named or pseudonymous.")})
    if mode == PublicationMode.NAMED:
        return ""
    if not pseudonym:
        raise ValidationError({"pseudonym": _("Choose the pseudonym to publish under.")})
    lowered = pseudonym.casefold()
    for org in organizations:
        if org.name.casefold() in lowered or lowered in org.name.casefold():
            raise ValidationError(
                {"pseudonym": _("The pseudonym must not contain an author's name.")}
            )
    return pseudonym


def _visible_plan(actor, plan: ActionPlan) -> None:
    if not plans_visible_to(actor).filter(pk=plan.pk).exists():
        raise ValidationError({"plan": _("No such plan.")})


# ---- The report --------------------------------------------------------------------------


def shadow_report_create(
    *,
    actor,
    plan: ActionPlan,
    author: Organization,
    title: str,
    cycle: ReportingCycle | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    co_authors=(),
    publication_mode: str = PublicationMode.NAMED,
    pseudonym: str = "",
    findings: str = "",
    recommendations: str = "",
    language: str = "",
    channel: str = "web",
) -> ShadowReport:
    """Start a draft, written by members of `author`. Each of `co_authors` is invited;
    it co-authors once one of its members accepts (see invitation_accept)."""
    _check_author(actor, author)
    _visible_plan(actor, plan)
    _check_scope(plan, cycle, period_start, period_end)
    co_authors = _check_co_authors(author, co_authors)
    report = ShadowReport(
        plan=plan,
        cycle=cycle,
        period_start=None if cycle else period_start,
        period_end=None if cycle else period_end,
        author=author,
        created_by=acting_person(actor),
        title=title.strip(),
        language=language,
        findings=findings.strip(),
        recommendations=recommendations.strip(),
        publication_mode=publication_mode,
        pseudonym=_check_pseudonym(publication_mode, pseudonym, [author, *co_authors]),
    )
    with transaction.atomic():
        report.full_clean()
        report.save()
        _record(
            actor,
            "shadow.report.created",
            report,
            {
                "state": {"before": None, "after": ShadowState.DRAFT},
                "publication_mode": {"before": None, "after": publication_mode},
            },
            channel,
        )
        _invite(actor, report, co_authors, channel)
    return report


EDITABLE_FIELDS = (
    "title",
    "language",
    "findings",
    "recommendations",
    "cycle",
    "period_start",
    "period_end",
)


def shadow_report_update(
    *,
    actor,
    report: ShadowReport,
    title: str,
    findings: str,
    recommendations: str,
    cycle: ReportingCycle | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    co_authors=None,
    publication_mode: str,
    pseudonym: str = "",
    language: str | None = None,
    channel: str = "web",
) -> ShadowReport:
    """Change a draft. `co_authors` are the organizations named as co-authors: new ones
    are invited, those left out lose their pending invitation or, if they had accepted,
    their co-authorship. `co_authors=None` keeps them. The author organization never
    changes."""
    _require_author(actor, report)
    _check_scope(report.plan, cycle, period_start, period_end)
    with transaction.atomic():
        report = _locked(report)
        _require_draft(report)
        named = _open_invitations(report)
        if co_authors is None:
            co_authors = [invitation.organization for invitation in named.values()]
        co_authors = _check_co_authors(report.author, co_authors)
        _refuse_declined(report, [org for org in co_authors if org.pk not in named])
        before = {f: getattr(report, f) for f in (*EDITABLE_FIELDS, "publication_mode")}
        report.title, report.findings = title.strip(), findings.strip()
        report.recommendations = recommendations.strip()
        if language is not None:  # None keeps it (the API before languages were recorded)
            report.language = language
        report.cycle = cycle
        report.period_start = None if cycle else period_start
        report.period_end = None if cycle else period_end
        report.publication_mode = publication_mode
        report.pseudonym = _check_pseudonym(
            publication_mode, pseudonym, [report.author, *co_authors]
        )
        report.full_clean()
        report.save()
        after = {f: getattr(report, f) for f in (*EDITABLE_FIELDS, "publication_mode")}
        # Texts are summarised: the authors' wording may name them.
        changes = changes_between(before, after)
        for name in ("title", "findings", "recommendations"):
            if name in changes:
                changes[name] = {"before": "…", "after": "…"}
        _record(actor, "shadow.report.updated", report, changes, channel)
        _co_authors_change(actor, report, named, co_authors, channel)
    return report


def shadow_report_submit(*, actor, report: ShadowReport, channel: str = "web") -> ShadowReport:
    """Draft -> ready to publish: the content is locked so that every author can read the
    final text before one of them publishes it."""
    _require_author(actor, report)
    with transaction.atomic():
        report = _locked(report)
        _require_draft(report)
        if not report.findings:
            raise ValidationError({"findings": _("Write the overall findings before submitting.")})
        report.state = ShadowState.SUBMITTED
        report.save(update_fields=["state", "updated_at"])
        _transition(actor, report, ShadowState.DRAFT, channel)
    return report


def shadow_report_reopen(*, actor, report: ShadowReport, channel: str = "web") -> ShadowReport:
    """Ready to publish -> draft, to change it again."""
    _require_author(actor, report)
    with transaction.atomic():
        report = _locked(report)
        _require_state(
            report,
            (ShadowState.SUBMITTED,),
            _("This report is %(state)s: only a report ready to publish can be reopened."),
        )
        report.state = ShadowState.DRAFT
        report.save(update_fields=["state", "updated_at"])
        _transition(actor, report, ShadowState.SUBMITTED, channel)
    return report


def _transition(actor, report: ShadowReport, before: str, channel: str, **extra) -> None:
    changes = {"state": {"before": before, "after": report.state}, **extra}
    _record(actor, f"shadow.report.{report.state}", report, changes, channel)


def shadow_report_publish(
    *,
    actor,
    report: ShadowReport,
    publish_at: datetime.datetime | None = None,
    channel: str = "web",
) -> ShadowReport:
    """Ready -> published. With `publish_at` in the future the report stays out of sight
    until then; nothing needs to run at that moment (see ShadowReportQuerySet.public).
    Invitations still unanswered lapse: the report names only the co-authors who
    accepted (the page warns the authors before they publish)."""
    _require_author(actor, report)
    now = timezone.now()
    if publish_at is not None and publish_at < now - PUBLISH_AT_GRACE:
        raise ValidationError({"publish_at": _("The publication date cannot be in the past.")})
    with transaction.atomic():
        report = _locked(report)
        _require_state(
            report,
            (ShadowState.SUBMITTED,),
            _("This report is %(state)s: submit it as ready before publishing."),
        )
        report.state = ShadowState.PUBLISHED
        report.publish_at = max(publish_at or now, now)
        report.published_by = acting_person(actor)
        report.save(update_fields=["state", "publish_at", "published_by", "updated_at"])
        publish_at_change = {"before": None, "after": report.publish_at.isoformat()}
        _transition(actor, report, ShadowState.SUBMITTED, channel, publish_at=publish_at_change)
        for invitation in _pending_invitations(report):
            _close(actor, report, invitation, InvitationState.LAPSED, channel)
    return report


def shadow_report_withdraw(
    *, actor, report: ShadowReport, note: str = "", channel: str = "web"
) -> ShadowReport:
    """Published (or scheduled) -> withdrawn, by its authors. Published text never
    changes: to correct a report, withdraw it and publish a new one."""
    _require_author(actor, report)
    with transaction.atomic():
        report = _locked(report)
        _require_state(
            report,
            (ShadowState.PUBLISHED,),
            _("This report is %(state)s: only a published report can be withdrawn."),
        )
        report.state = ShadowState.WITHDRAWN
        report.withdrawn_at = timezone.now()
        report.withdrawal_note = note.strip()
        report.save(update_fields=["state", "withdrawn_at", "withdrawal_note", "updated_at"])
        _transition(actor, report, ShadowState.PUBLISHED, channel)
    return report


def _moderation_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: the authors will read it.")})
    return reason


def shadow_report_hide(
    *, actor, report: ShadowReport, reason: str, channel: str = "web"
) -> ShadowReport:
    """Published -> hidden by a moderator, with a reason. Content stays untouched."""
    _require_moderator(actor)
    reason = _moderation_reason(reason)
    with transaction.atomic():
        report = _locked(report)
        _require_state(
            report,
            (ShadowState.PUBLISHED,),
            _("This report is %(state)s: only a published report can be hidden."),
        )
        report.state = ShadowState.HIDDEN
        report.hidden_at = timezone.now()
        report.moderation_note = reason
        report.save(update_fields=["state", "hidden_at", "moderation_note", "updated_at"])
        reason_change = {"before": None, "after": reason}
        _transition(actor, report, ShadowState.PUBLISHED, channel, reason=reason_change)
    return report


def shadow_report_unhide(
    *, actor, report: ShadowReport, reason: str, channel: str = "web"
) -> ShadowReport:
    """Hidden -> published again, with a reason; the publication date is kept."""
    _require_moderator(actor)
    reason = _moderation_reason(reason)
    with transaction.atomic():
        report = _locked(report)
        _require_state(
            report,
            (ShadowState.HIDDEN,),
            _("This report is %(state)s: only a hidden report can be restored."),
        )
        report.state = ShadowState.PUBLISHED
        report.hidden_at = None
        report.moderation_note = reason
        report.save(update_fields=["state", "hidden_at", "moderation_note", "updated_at"])
        _record(
            actor,
            "shadow.report.restored",
            report,
            {
                "state": {"before": ShadowState.HIDDEN, "after": ShadowState.PUBLISHED},
                "reason": {"before": None, "after": reason},
            },
            channel,
        )
    return report


# ---- Co-authors and their consent ---------------------------------------------------------


def _open_invitations(report: ShadowReport) -> dict[int, CoAuthorInvitation]:
    """Pending and accepted invitations by organization id, locked for the change."""
    invitations = (
        CoAuthorInvitation.objects.select_for_update(of=("self",))
        .select_related("organization")
        .filter(report=report, state__in=OPEN_INVITATION_STATES)
        .order_by("created_at", "pk")
    )
    return {invitation.organization_id: invitation for invitation in invitations}


def _pending_invitations(report: ShadowReport) -> list[CoAuthorInvitation]:
    return list(
        CoAuthorInvitation.objects.select_for_update(of=("self",))
        .select_related("organization")
        .filter(report=report, state=InvitationState.PENDING)
    )


def _refuse_declined(report: ShadowReport, organizations: list[Organization]) -> None:
    """An organization that said no is not asked again about the same report."""
    declined = set(
        CoAuthorInvitation.objects.filter(
            report=report, state=InvitationState.DECLINED
        ).values_list("organization_id", flat=True)
    )
    names = [org.name for org in organizations if org.pk in declined]
    if names:
        raise ValidationError(
            {
                "co_authors": _("Declined to co-author this report: %(names)s.")
                % {"names": ", ".join(names)}
            }
        )


def _invitation_recorded(actor, report, before, after: str, channel: str) -> None:
    # A state only: naming the organization would unmask a pseudonymous report.
    changes = {"co_author_invitation": {"before": before, "after": after}}
    verb = "invited" if after == InvitationState.PENDING else after
    _record(actor, f"shadow.invitation.{verb}", report, changes, channel)


def _invite(actor, report: ShadowReport, organizations: list[Organization], channel) -> None:
    for organization in organizations:
        CoAuthorInvitation.objects.create(
            report=report, organization=organization, invited_by=acting_person(actor)
        )
        _invitation_recorded(actor, report, None, InvitationState.PENDING, channel)


def _close(actor, report, invitation: CoAuthorInvitation, state: str, channel: str) -> None:
    """Withdraw or lapse an open invitation; an accepted one also ends the co-authorship."""
    before = invitation.state
    invitation.state = state
    invitation.save(update_fields=["state", "updated_at"])
    if before == InvitationState.ACCEPTED:
        report.co_authors.remove(invitation.organization_id)
    _invitation_recorded(actor, report, before, state, channel)


def _co_authors_change(actor, report, named: dict, co_authors: list, channel: str) -> None:
    wanted = {org.pk: org for org in co_authors}
    for organization_id, invitation in named.items():
        if organization_id not in wanted:
            _close(actor, report, invitation, InvitationState.WITHDRAWN, channel)
    _invite(actor, report, [org for pk, org in wanted.items() if pk not in named], channel)


def _answer(actor, invitation: CoAuthorInvitation, state: str, channel: str):
    if not permissions.can_respond(actor, invitation):
        raise PermissionDenied(_("Only members of the invited organization may answer."))
    with transaction.atomic():
        # The report first, in the order publication takes its locks.
        report = _locked(invitation.report)
        invitation = (
            CoAuthorInvitation.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=invitation.pk)
        )
        if not invitation.is_pending:
            raise ValidationError(
                _("This invitation is %(state)s: it can no longer be answered.")
                % {"state": invitation.get_state_display().lower()}
            )
        invitation.state = state
        invitation.responded_by = acting_person(actor)
        invitation.responded_at = timezone.now()
        invitation.full_clean()
        invitation.save()
        if state == InvitationState.ACCEPTED:
            report.co_authors.add(invitation.organization)
        _invitation_recorded(actor, report, InvitationState.PENDING, state, channel)
    invitation.report = report
    return invitation


def invitation_accept(
    *, actor, invitation: CoAuthorInvitation, channel: str = "web"
) -> CoAuthorInvitation:
    """A member of the invited organization agrees: the organization becomes a co-author,
    is named on the report, and its members may edit and publish it."""
    return _answer(actor, invitation, InvitationState.ACCEPTED, channel)


def invitation_decline(
    *, actor, invitation: CoAuthorInvitation, channel: str = "web"
) -> CoAuthorInvitation:
    """A member of the invited organization says no: it is not named and not asked again."""
    return _answer(actor, invitation, InvitationState.DECLINED, channel)


# ---- Assessments -------------------------------------------------------------------------


def _check_assessment(report: ShadowReport, action: Action, agrees: str, own_status: str):
    if action.plan_id != report.plan_id:
        raise ValidationError({"action": _("This action belongs to another plan.")})
    if agrees not in Agreement.values:
        raise ValidationError({"agrees_with_official": _("Choose yes, no or cannot say.")})
    if own_status and own_status not in ImplementationStatus.values:
        raise ValidationError(
            {
                "own_status": _("Unknown status “%(status)s”; use one of %(allowed)s.")
                % {"status": own_status, "allowed": ", ".join(ImplementationStatus.values)}
            }
        )


def assessment_save(
    *,
    actor,
    report: ShadowReport,
    action: Action,
    agrees_with_official: str,
    own_status: str = "",
    narrative: str = "",
    channel: str = "web",
) -> ActionAssessment:
    """Create or change the report's assessment of one action."""
    _require_author(actor, report)
    _check_assessment(report, action, agrees_with_official, own_status)
    with transaction.atomic():
        report = _locked(report)
        _require_draft(report)
        assessment = ActionAssessment.objects.filter(report=report, action=action).first()
        created = assessment is None
        assessment = assessment or ActionAssessment(report=report, action=action)
        before = {
            "agrees_with_official": None if created else assessment.agrees_with_official,
            "own_status": None if created else assessment.own_status,
        }
        assessment.action_code, assessment.action_title = action.code, action.title
        assessment.agrees_with_official = agrees_with_official
        assessment.own_status = own_status
        assessment.narrative = narrative.strip()
        assessment.full_clean()
        assessment.save()
        after = {"agrees_with_official": agrees_with_official, "own_status": own_status}
        changes = {"action": {"before": None, "after": action.code}}
        changes.update(changes_between(before, after))
        _record(actor, "shadow.assessment.saved", report, changes, channel)
    return assessment


def assessment_remove(*, actor, assessment: ActionAssessment, channel: str = "web") -> None:
    report = assessment.report
    _require_author(actor, report)
    with transaction.atomic():
        report = _locked(report)
        _require_draft(report)
        stored = list(assessment.evidence.all())
        _record(
            actor,
            "shadow.assessment.removed",
            report,
            {"action": {"before": assessment.action_code, "after": None}},
            channel,
        )
        assessment.delete()
        stored_files_delete_on_commit(stored)


# ---- Evidence ----------------------------------------------------------------------------


def _evidence_trail(assessment: ActionAssessment) -> EvidenceTrail:
    return EvidenceTrail(
        target=assessment.report,
        added="shadow.evidence.added",
        removed="shadow.evidence.removed",
        about=f"{assessment.action_code}: ",
    )


def _evidence_lock(assessment: ActionAssessment) -> None:
    _require_draft(_locked(assessment.report))


def _require_evidence_author(actor, assessment: ActionAssessment) -> None:
    _require_author(actor, assessment.report)


# An assessment's evidence: the report's authors add and remove it while it is a draft.
EVIDENCE = EvidenceKind(
    model=AssessmentEvidence,
    parent="assessment",
    check_actor=_require_evidence_author,
    lock=_evidence_lock,
    trail=_evidence_trail,
)


# ---- Right of reply ----------------------------------------------------------------------


def reply_publish(*, actor, report: ShadowReport, text: str, channel: str = "web") -> RightOfReply:
    """The plan owner's coordinators answer a public report, once; the reply is shown
    with the report from now on."""
    if not can_edit_plan(actor, report.plan):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may reply."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the reply.")})
    with transaction.atomic():
        report = _locked(report)
        if not permissions.is_public(report):
            raise ValidationError(_("Only a published report can be answered."))
        if RightOfReply.objects.filter(report=report).exists():
            raise ValidationError(_("This report has already been answered."))
        reply = RightOfReply.objects.create(
            report=report, text=text, author=acting_person(actor), published_at=timezone.now()
        )
        _record(
            actor,
            "shadow.reply.published",
            report,
            {"right_of_reply": {"before": None, "after": reply.published_at.isoformat()}},
            channel,
        )
    return reply


# Other apps that publish civil society under a pseudonym (contractors' challenges) apply
# the same rule rather than a copy of it.
pseudonym_check = _check_pseudonym
