"""Access to the published outputs (standardized report, dashboard): published data only,
to everyone alike; a draft is 404 whoever asks."""

from django.http import Http404
from django.utils.translation import gettext as _

from naptrack.registry.choices import Origin, Publication
from naptrack.registry.models import ActionPlan
from naptrack.registry.permissions import plan_for_read
from naptrack.reporting.choices import ReportState
from naptrack.reporting.models import OfficialReport


def plan_for_output(user, pk) -> ActionPlan:
    """A published plan the user may read, or a published synthetic one (shown with a
    banner, reachable only by its address); 404 for drafts, whoever asks: these outputs
    show published data only."""
    try:
        plan = plan_for_read(user, pk)
    except Http404:
        plan = (
            ActionPlan.objects.filter(pk=pk, origin=Origin.SYNTHETIC)
            .select_related("country", "regional_organization")
            .first()
        )
        if plan is None:
            raise
    if plan.publication != Publication.PUBLISHED:
        raise Http404(_("No such plan."))
    return plan


def report_for_output(user, plan_pk, cycle_pk, version) -> OfficialReport:
    """A published version of a cycle's official report; drafts are 404 for everyone."""
    plan = plan_for_output(user, plan_pk)
    report = (
        OfficialReport.objects.filter(
            cycle__plan=plan, cycle_id=cycle_pk, version=version, state=ReportState.PUBLISHED
        )
        .select_related("cycle", "corrects")
        .first()
    )
    if report is None:
        raise Http404(_("This cycle has no such published report."))
    report.cycle.plan = plan
    return report


def published_versions(report: OfficialReport) -> list[OfficialReport]:
    return list(
        OfficialReport.objects.filter(cycle_id=report.cycle_id, state=ReportState.PUBLISHED)
        .only("pk", "cycle_id", "version", "published_at", "corrects_id", "correction_note")
        .order_by("version")
    )
