"""Who may see and change what in a shadow report. Every view and endpoint gets its
objects through these helpers.

- Members (`cso_member`) of the author organization or of a co-author edit drafts,
  submit, publish and withdraw; they see their reports in every state.
- Members of an organization invited to co-author (a pending invitation) read the
  report, read-only, to decide, and only they accept or decline for their organization.
  Accepting makes the organization a co-author; until then it has no other right.
- Moderators see every report that has been published (also scheduled, withdrawn or
  hidden ones), hide and restore them with a reason, and know who wrote pseudonymous
  ones. They never edit content and never see drafts.
- The coordinators of the plan's owner write a right of reply on public reports; they
  cannot change or hide a report, and see no more of it than the public.
- Everyone who may read the plan sees public reports: published, publication date
  reached, plan visible. Anything else is 404, so its existence stays hidden.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.accounts.choices import Role
from naptrack.accounts.models import Membership
from naptrack.accounts.selectors import user_scopes
from naptrack.registry.permissions import can_edit_plan
from naptrack.registry.selectors import plans_visible_to
from naptrack.shadow_reports.choices import AUTHOR_KINDS, InvitationState, ShadowState
from naptrack.shadow_reports.models import (
    ONCE_PUBLISHED,
    AssessmentEvidence,
    CoAuthorInvitation,
    ShadowReport,
)


def member_organization_ids(user) -> frozenset[int]:
    """CSOs and coalitions this user belongs to as a civil-society member; cached per
    request on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_naptrack_cso_organizations", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(
                user=user, role=Role.CSO_MEMBER, organization__kind__in=AUTHOR_KINDS
            ).values_list("organization_id", flat=True)
        )
        user._naptrack_cso_organizations = cached
    return cached


def is_moderator(user) -> bool:
    return user_scopes(user).has_role(Role.MODERATOR)


def author_ids(report: ShadowReport) -> set[int]:
    """The author and co-author organizations (co_authors prefetched by the callers).
    Co-authors are those that accepted; invited ones have no authoring right."""
    return {report.author_id, *(org.pk for org in report.co_authors.all())}


def can_author(user, report: ShadowReport) -> bool:
    return bool(member_organization_ids(user) & author_ids(report))


def invited_organization_ids(report: ShadowReport) -> set[int]:
    """Organizations whose invitation to co-author this report awaits an answer (from
    `pending_invitations` when a list prefetched them)."""
    if hasattr(report, "pending_invitations"):
        return {invitation.organization_id for invitation in report.pending_invitations}
    return set(
        CoAuthorInvitation.objects.filter(report=report, state=InvitationState.PENDING).values_list(
            "organization_id", flat=True
        )
    )


def is_invited(user, report: ShadowReport) -> bool:
    """A member of an organization invited to co-author, which has not answered yet."""
    orgs = member_organization_ids(user)
    return bool(orgs) and bool(orgs & invited_organization_ids(report))


def can_respond(user, invitation: CoAuthorInvitation) -> bool:
    """Only the invited organization's own members answer for it."""
    return invitation.organization_id in member_organization_ids(user)


def is_public(report: ShadowReport, now=None) -> bool:
    now = now or timezone.now()
    return report.state == ShadowState.PUBLISHED and report.publish_at <= now


def can_see_identity(user, report: ShadowReport) -> bool:
    """Who may know the organizations behind a pseudonymous report: its authors and the
    moderators, and the members of an organization invited to join them (they must know
    with whom they would write). The public, coordinators and analysts only ever see
    the pseudonym."""
    if not report.is_pseudonymous or can_author(user, report) or is_moderator(user):
        return True
    return is_invited(user, report)


def can_read(user, report: ShadowReport) -> bool:
    if is_public(report) or can_author(user, report) or is_invited(user, report):
        return True
    return is_moderator(user) and report.state in ONCE_PUBLISHED


def invitation_report(user, invitation: CoAuthorInvitation) -> ShadowReport | None:
    """The report an invitation is about, if its holder may read it now; None once a
    declined, withdrawn or lapsed invitation no longer lets them (unless it is public)."""
    return invitation.report if can_read(user, invitation.report) else None


def can_reply(user, report: ShadowReport) -> bool:
    return is_public(report) and can_edit_plan(user, report.plan)


def _reports():
    return ShadowReport.objects.select_related(
        "plan__country", "plan__regional_organization", "cycle", "author"
    ).prefetch_related("co_authors")


def report_for_read(user, pk) -> ShadowReport:
    try:
        report = _reports().filter(plan__in=plans_visible_to(user)).get(pk=int(pk))
    except (ShadowReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such shadow report.")) from exc
    if not can_read(user, report):
        raise Http404(_("No such shadow report."))
    return report


def report_for_author(user, pk) -> ShadowReport:
    report = report_for_read(user, pk)
    if not can_author(user, report):
        raise PermissionDenied(_("Only members of the authoring organizations may do this."))
    return report


def report_for_moderation(user, pk) -> ShadowReport:
    report = report_for_read(user, pk)
    if not is_moderator(user):
        raise PermissionDenied(_("Only the platform's moderators may hide or restore a report."))
    return report


def report_for_reply(user, pk) -> ShadowReport:
    report = report_for_read(user, pk)
    if not can_edit_plan(user, report.plan):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may reply."))
    return report


def invitation_for_response(user, pk) -> CoAuthorInvitation:
    """An invitation for its organization's members to answer (the service says so if it
    was answered already). Everyone else gets the same 404 as for an id that does not
    exist, the report's authors too: an answer must not tell whether an id is in use."""
    invitation = (
        CoAuthorInvitation.objects.select_related("organization")
        .filter(pk=pk if str(pk).isdigit() else None)
        .first()
    )
    report = None
    if invitation is not None and can_respond(user, invitation):
        report = _reports().filter(plan__in=plans_visible_to(user), pk=invitation.report_id)
        report = report.first()
    if report is None:
        raise Http404(_("No such invitation."))
    invitation.report = report
    return invitation


def evidence_for_download(user, pk) -> AssessmentEvidence:
    evidence = (
        AssessmentEvidence.objects.select_related("assessment")
        .filter(pk=pk if str(pk).isdigit() else None)
        .exclude(file="")
        .first()
    )
    if evidence is None:
        raise Http404(_("No such file."))
    report_for_read(user, evidence.assessment.report_id)
    return evidence
