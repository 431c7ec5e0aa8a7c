"""Who may see and change what in a reporting cycle. Every view and endpoint gets its
objects through these helpers.

- An agency reporter sees and edits only the updates of the agencies they report for,
  on plans they may read.
- The coordinators of a plan's owner run its cycles and review every update.
- Everyone else sees the cycles' dates and the published reports of plans they may read;
  drafts of updates and reports are 404 to them, never 403, so their existence stays hidden.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from naptrack.accounts.choices import Role
from naptrack.accounts.models import Membership
from naptrack.registry.permissions import can_edit_plan, plan_for_edit, plan_for_read
from naptrack.registry.selectors import plans_visible_to
from naptrack.reporting.choices import ReportState
from naptrack.reporting.models import (
    ActionUpdate,
    Evidence,
    OfficialReport,
    ReportingCycle,
)


def reporter_agency_ids(user) -> frozenset[int]:
    """Agencies this user reports for (agency_reporter memberships), cached per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_naptrack_reporter_agencies", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(
                user=user, role=Role.AGENCY_REPORTER, organization__isnull=False
            ).values_list("organization_id", flat=True)
        )
        user._naptrack_reporter_agencies = cached
    return cached


def can_report_for(user, update: ActionUpdate) -> bool:
    return update.agency_id in reporter_agency_ids(user)


def can_review(user, update: ActionUpdate) -> bool:
    return can_edit_plan(user, update.cycle.plan)


def _updates():
    return ActionUpdate.objects.select_related(
        "cycle__plan__country", "cycle__plan__regional_organization", "action", "agency"
    )


def update_for_read(user, pk) -> ActionUpdate:
    """An update its agency's reporters or the plan's coordinators may see; 404 otherwise."""
    try:
        update = _updates().filter(cycle__plan__in=plans_visible_to(user)).get(pk=int(pk))
    except (ActionUpdate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such update.")) from exc
    if not (can_report_for(user, update) or can_review(user, update)):
        raise Http404(_("No such update."))
    return update


def update_for_reporter(user, pk) -> ActionUpdate:
    return _reporters_only(user, update_for_read(user, pk))


def _reporters_only(user, update: ActionUpdate) -> ActionUpdate:
    if not can_report_for(user, update):
        raise PermissionDenied(
            _("Only reporters of %(agency)s may change this update.") % {"agency": update.agency}
        )
    return update


def update_for_review(user, pk) -> ActionUpdate:
    update = update_for_read(user, pk)
    if not can_review(user, update):
        raise PermissionDenied(_("Only the coordinators of this plan's owner review updates."))
    return update


def evidence_for_reporter(user, pk) -> Evidence:
    """A piece of evidence for its update's reporters to remove. An update the user may
    not see answers like an id nobody uses (one message for both)."""
    evidence = Evidence.objects.filter(pk=pk if str(pk).isdigit() else None).first()
    try:
        update = update_for_read(user, evidence.update_id) if evidence else None
    except Http404:
        update = None
    if update is None:
        raise Http404(_("No such evidence."))
    evidence.update = _reporters_only(user, update)
    return evidence


def cycle_for_read(user, plan_pk, cycle_pk) -> ReportingCycle:
    """A cycle's dates are public wherever its plan is."""
    return _cycle_of(plan_for_read(user, plan_pk), cycle_pk)


def _cycle_of(plan, cycle_pk) -> ReportingCycle:
    try:
        cycle = ReportingCycle.objects.get(plan=plan, pk=int(cycle_pk))
    except (ReportingCycle.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("This plan has no such reporting cycle.")) from exc
    cycle.plan = plan
    return cycle


def cycle_for_edit(user, plan_pk, cycle_pk) -> ReportingCycle:
    return _cycle_of(plan_for_edit(user, plan_pk), cycle_pk)


def report_for_read(user, plan_pk, cycle_pk, version) -> OfficialReport:
    """A published version for anyone who may read the plan; a draft only for its
    coordinators."""
    return _report_of(user, cycle_for_read(user, plan_pk, cycle_pk), version)


def _report_of(user, cycle, version) -> OfficialReport:
    reports = OfficialReport.objects.filter(cycle=cycle)
    if not can_edit_plan(user, cycle.plan):
        reports = reports.filter(state=ReportState.PUBLISHED)
    try:
        report = reports.get(version=int(version))
    except (OfficialReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("This cycle has no such report.")) from exc
    report.cycle = cycle
    return report


def report_for_edit(user, plan_pk, cycle_pk, version) -> OfficialReport:
    return _report_of(user, cycle_for_edit(user, plan_pk, cycle_pk), version)


def evidence_for_download(user, pk) -> Evidence:
    """A file its update's readers may fetch, or anyone who may read the plan once a
    published report shows it."""
    evidence = (
        Evidence.objects.select_related("update__cycle__plan", "update__agency")
        .filter(pk=pk if str(pk).isdigit() else None)
        .exclude(file="")
        .first()
    )
    if evidence is None:
        raise Http404(_("No such file."))
    plan = evidence.update.cycle.plan
    if not plans_visible_to(user).filter(pk=plan.pk).exists():
        raise Http404(_("No such file."))
    if can_report_for(user, evidence.update) or can_edit_plan(user, plan):
        return evidence
    if evidence.reports.filter(state=ReportState.PUBLISHED).exists():
        return evidence
    raise Http404(_("No such file."))
