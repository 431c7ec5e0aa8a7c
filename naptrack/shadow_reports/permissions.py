"""Who may see and change what in a shadow report. Every view and endpoint gets its
objects through these helpers.

- Members (`cso_member`) of the author organization or of a co-author edit drafts,
  submit, publish and withdraw; they see their reports in every state.
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
from naptrack.shadow_reports.choices import AUTHOR_KINDS, ShadowState
from naptrack.shadow_reports.models import ONCE_PUBLISHED, AssessmentEvidence, ShadowReport


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
    """The author and co-author organizations (co_authors prefetched by the callers)."""
    return {report.author_id, *(org.pk for org in report.co_authors.all())}


def can_author(user, report: ShadowReport) -> bool:
    return bool(member_organization_ids(user) & author_ids(report))


def is_public(report: ShadowReport, now=None) -> bool:
    now = now or timezone.now()
    return report.state == ShadowState.PUBLISHED and report.publish_at <= now


def can_see_identity(user, report: ShadowReport) -> bool:
    """Who may know the organizations behind a pseudonymous report: its authors and the
    moderators. The public, coordinators and analysts only ever see the pseudonym."""
    return not report.is_pseudonymous or can_author(user, report) or is_moderator(user)


def can_read(user, report: ShadowReport) -> bool:
    if is_public(report) or can_author(user, report):
        return True
    return is_moderator(user) and report.state in ONCE_PUBLISHED


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
