"""Reads of shadow reports, and the comparison of official and shadow assessments.

Callers obtain plans and reports through the access helpers first (registry and
shadow_reports permissions); the lists here start from what may be shown to whom.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from naptrack.core.selectors import activities_for, activities_since_first
from naptrack.plans.models import Action
from naptrack.plans.selectors import structure_for
from naptrack.registry.models import ActionPlan
from naptrack.registry.selectors import plans_visible_to
from naptrack.reporting.choices import ImplementationStatus, ReportState
from naptrack.reporting.models import OfficialReport, ReportingCycle
from naptrack.shadow_reports.choices import (
    Agreement,
    Comparison,
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
from naptrack.shadow_reports.permissions import can_author, member_organization_ids

# ---- Lists ---------------------------------------------------------------------------


def _listed(reports: QuerySet[ShadowReport]) -> QuerySet[ShadowReport]:
    """What a list row shows, in a fixed number of queries whatever the count."""
    return (
        reports.select_related("plan__country", "plan__regional_organization", "cycle", "author")
        .prefetch_related("co_authors")
        .annotate(
            assessment_count=Count("assessments", distinct=True),
            has_reply=Exists(RightOfReply.objects.filter(report=OuterRef("pk"))),
        )
    )


def public_reports(plan: ActionPlan, *, q: str = "", now=None) -> QuerySet[ShadowReport]:
    """Public shadow reports on a plan, newest first. Words in `q` match the title and
    findings, and the authors' names only of reports published under them: searching
    for an organization never finds what it wrote under a pseudonym."""
    reports = ShadowReport.objects.public(now).filter(plan=plan)
    named = Q(publication_mode=PublicationMode.NAMED)
    for word in q.split():
        reports = reports.filter(
            Q(title__icontains=word)
            | Q(findings__icontains=word)
            | Q(pseudonym__icontains=word)
            | (named & Q(author__name__icontains=word))
            | (named & Q(co_authors__name__icontains=word))
        )
    return _listed(reports.distinct()).order_by("-publish_at", "-pk")


def recently_public_reports(plan: ActionPlan | None = None, *, limit: int = 50):
    """The newest public shadow reports on public plans (one plan's, if given), for the
    feeds; bylines come from `public_byline`, never from the authors."""
    reports = ShadowReport.objects.public().filter(plan__in=ActionPlan.objects.public())
    if plan is not None:
        reports = reports.filter(plan=plan)
    return _listed(reports).order_by("-publish_at", "-pk")[:limit]


def authored_by(user) -> QuerySet[ShadowReport]:
    """Reports whose author or accepted co-authors include an organization this user
    writes for, in any state (ids only, for use as a subquery); none for anyone else."""
    orgs = member_organization_ids(user)
    return ShadowReport.objects.filter(Q(author_id__in=orgs) | Q(co_authors__in=orgs)).values("pk")


def reports_for_member(user) -> QuerySet[ShadowReport]:
    """Every report of the organizations this user writes for, in any state."""
    ids = authored_by(user).filter(plan__in=plans_visible_to(user))
    return _listed(ShadowReport.objects.filter(pk__in=ids)).order_by("-updated_at", "-pk")


def moderation_queue(*, state: str = "") -> QuerySet[ShadowReport]:
    """Reports the public can or could see, for moderators: published (also scheduled),
    hidden and withdrawn ones; newest first. Drafts are nobody's business but the authors'."""
    states = [state] if state else [ShadowState.PUBLISHED, ShadowState.HIDDEN]
    reports = ShadowReport.objects.filter(state__in=states, plan__in=plans_visible_to(None))
    return _listed(reports).order_by("-updated_at", "-pk")


def report_detail(report: ShadowReport) -> ShadowReport:
    """One report with its assessments, their evidence, and the reply."""
    assessments = ActionAssessment.objects.select_related("action").prefetch_related(
        Prefetch("evidence", AssessmentEvidence.objects.order_by("created_at", "pk"))
    )
    return (
        ShadowReport.objects.select_related(
            "plan__country", "plan__regional_organization", "cycle", "author", "right_of_reply"
        )
        .prefetch_related("co_authors", Prefetch("assessments", assessments))
        .get(pk=report.pk)
    )


def report_invitations(report: ShadowReport) -> list[CoAuthorInvitation]:
    """Every organization ever invited to co-author the report, with its latest answer
    first per organization. For its authors only: it names organizations."""
    invitations = CoAuthorInvitation.objects.filter(report=report).select_related("organization")
    latest = {}
    for invitation in invitations.order_by("-created_at", "-pk"):
        latest.setdefault(invitation.organization_id, invitation)
    return sorted(latest.values(), key=lambda i: (i.created_at, i.pk))


def pending_invitations_count(user) -> int:
    return invitations_for_member(user).count()


def invitations_for_member(user, *, state: str = InvitationState.PENDING):
    """Invitations to the organizations this user is a civil-society member of, on
    plans they may read; oldest first, so that none waits forever at the bottom. An
    answered one may be about a report they can no longer read: show its report only
    through `permissions.invitation_report`."""
    orgs = member_organization_ids(user)
    if not orgs:
        return CoAuthorInvitation.objects.none()
    invitations = CoAuthorInvitation.objects.filter(
        organization_id__in=orgs, report__plan__in=plans_visible_to(user)
    )
    if state:
        invitations = invitations.filter(state=state)
    return (
        invitations.select_related(
            "organization",
            "report__plan__country",
            "report__plan__regional_organization",
            "report__cycle",
            "report__author",
        )
        .prefetch_related(
            "report__co_authors",
            Prefetch(
                "report__invitations",
                CoAuthorInvitation.objects.filter(state=InvitationState.PENDING),
                to_attr="pending_invitations",
            ),
        )
        .order_by("created_at", "pk")
    )


def plan_actions(plan: ActionPlan) -> list[Action]:
    """The plan's actions in structure order, for the editor."""
    return list(
        Action.objects.filter(plan=plan)
        .select_related("objective__pillar")
        .order_by("objective__pillar__position", "objective__position", "position", "pk")
    )


def moderation_history(user, report: ShadowReport):
    """The report's audit trail, for moderators only: it names the people who acted. What
    happened while it was a draft (text written, evidence added and removed, co-authors
    invited) belongs to its authors: anyone else sees it from its publication on."""
    activities = activities_for(report)
    if not can_author(user, report):
        activities = activities_since_first(activities, "shadow.report.published")
    return activities


# ---- Official against shadow -------------------------------------------------------------


@dataclass
class ShadowEntry:
    """One published shadow assessment of an action."""

    report: ShadowReport
    assessment: ActionAssessment
    comparison: str

    @property
    def diverges(self) -> bool:
        return self.comparison == Comparison.DIVERGES

    @property
    def comparison_label(self) -> str:
        return Comparison(self.comparison).label


@dataclass
class OfficialAgency:
    name: str
    agency_id: int | None
    role: str
    status: str | None  # None: no approved update


@dataclass
class ActionRow:
    """One action: its official status (from the published report) and every shadow
    assessment of it."""

    action_id: int | None
    code: str
    title: str
    pillar: str | None  # None: unknown (the action is no longer in the plan)
    agencies: list[OfficialAgency]
    official_status: str | None
    shadows: list[ShadowEntry] = field(default_factory=list)

    @property
    def diverges(self) -> bool:
        return any(entry.diverges for entry in self.shadows)

    @property
    def official_status_label(self) -> str | None:
        return ImplementationStatus(self.official_status).label if self.official_status else None


@dataclass
class Tally:
    """Comparisons counted for one group of actions (a pillar, an agency, or all)."""

    label: str
    agrees: int = 0
    diverges: int = 0
    unknown: int = 0

    @property
    def assessed(self) -> int:
        return self.agrees + self.diverges + self.unknown

    @property
    def compared(self) -> int:
        return self.agrees + self.diverges

    def add(self, comparison: str) -> None:
        setattr(self, str(comparison), getattr(self, str(comparison)) + 1)


@dataclass
class SideBySide:
    plan: ActionPlan
    cycle: ReportingCycle | None
    official_report: OfficialReport | None  # the latest published version, if any
    shadow_reports: list[ShadowReport]
    rows: list[ActionRow]
    by_pillar: list[Tally]
    by_agency: list[Tally]
    totals: Tally


def compare(official_status: str | None, agrees: str, own_status: str) -> str:
    """How an assessment compares with the official status. With no official status
    there is nothing to compare; a stated status of its own outweighs a "yes"."""
    if not official_status:
        return Comparison.UNKNOWN
    if agrees == Agreement.NO or (own_status and own_status != official_status):
        return Comparison.DIVERGES
    if agrees == Agreement.YES or own_status == official_status:
        return Comparison.AGREES
    return Comparison.UNKNOWN


def latest_published_report(cycle: ReportingCycle) -> OfficialReport | None:
    return (
        OfficialReport.objects.filter(cycle=cycle, state=ReportState.PUBLISHED)
        .order_by("-version")
        .first()
    )


def _default_cycle(plan: ActionPlan) -> ReportingCycle | None:
    """The most recent cycle with a published official report."""
    published = OfficialReport.objects.filter(cycle=OuterRef("pk"), state=ReportState.PUBLISHED)
    return (
        ReportingCycle.objects.filter(plan=plan)
        .filter(Exists(published))
        .order_by("-period_start")
        .first()
    )


def shadow_reports_for_cycle(plan, cycle, now=None) -> QuerySet[ShadowReport]:
    """Public shadow reports about a cycle: those written for it, and those written for
    a period that overlaps it. Without a cycle, all of the plan's public reports."""
    reports = ShadowReport.objects.public(now).filter(plan=plan)
    if cycle is not None:
        overlapping = Q(
            cycle__isnull=True,
            period_start__lte=cycle.period_end,
            period_end__gte=cycle.period_start,
        )
        reports = reports.filter(Q(cycle=cycle) | overlapping)
    return reports.select_related("author", "cycle").prefetch_related("co_authors")


def official_status(updates: list[dict]) -> str | None:
    """An action's official status in a report snapshot: the lead agency's approved
    status; else the first approved supporting one's (also the report cards' reading)."""
    approved = [u for u in updates if u.get("approved")]
    approved.sort(key=lambda u: u["role"] != "lead")
    return approved[0]["status"] if approved else None


def _rows_from_snapshot(snapshot: dict) -> dict:
    rows = {}
    for action in snapshot.get("actions", []):
        agencies = [
            OfficialAgency(u["agency"], u.get("agency_id"), u["role"], u.get("status"))
            for u in action["updates"]
        ]
        rows[action["id"]] = ActionRow(
            action_id=action["id"],
            code=action["code"],
            title=action["title"],
            pillar=action["pillar"],
            agencies=agencies,
            official_status=official_status(action["updates"]),
        )
    return rows


def _rows_from_structure(plan: ActionPlan) -> dict:
    """With no published official report: the plan's actions, official status unknown."""
    rows = {}
    for pillar in structure_for(plan):
        for objective in pillar.objectives.all():
            for action in objective.actions.all():
                agencies = [
                    OfficialAgency(r.agency.name, r.agency_id, r.role, None)
                    for r in action.responsibilities.all()
                ]
                rows[action.pk] = ActionRow(
                    action.pk, action.code, action.title, pillar.name, agencies, None
                )
    return rows


def _assessments(reports: list[ShadowReport]) -> list[ActionAssessment]:
    return list(
        ActionAssessment.objects.filter(report__in=reports)
        .select_related("action")
        .order_by("action_code", "report_id")
    )


def _row_for(rows: dict, assessment: ActionAssessment) -> ActionRow:
    key = assessment.action_id or f"code:{assessment.action_code}"
    if key not in rows:  # an action not in the official report (added or removed since)
        rows[key] = ActionRow(
            assessment.action_id, assessment.action_code, assessment.action_title, None, [], None
        )
    return rows[key]


def _agency_groups(row: ActionRow) -> dict:
    """Each responsible agency once (an agency both leads and supports nothing twice)."""
    if not row.agencies:
        return {None: _("No responsible agency recorded")}
    return {agency.agency_id or agency.name: agency.name for agency in row.agencies}


def _tallies(rows: list[ActionRow]) -> tuple[list[Tally], list[Tally], Tally]:
    """Counts by pillar and by agency. An action with several agencies counts for each."""
    pillars: dict[str, Tally] = {}
    agencies: dict[object, Tally] = {}
    totals = Tally(_("All actions"))
    for row in rows:
        label = row.pillar or _("Not in the plan's structure any more")
        groups = _agency_groups(row)
        for entry in row.shadows:
            totals.add(entry.comparison)
            pillars.setdefault(label, Tally(label)).add(entry.comparison)
            for key, name in groups.items():
                agencies.setdefault(key, Tally(name)).add(entry.comparison)
    return list(pillars.values()), sorted(agencies.values(), key=lambda t: t.label), totals


def official_vs_shadow(plan: ActionPlan, cycle: ReportingCycle | None = None, *, now=None):
    """Per action, the official status from the cycle's latest published official report
    next to every public shadow assessment, each marked agrees / diverges / unknown.

    Without `cycle`, the most recent cycle with a published official report is used;
    if there is none, every public shadow report of the plan is shown against an
    unknown official status. Returns a SideBySide."""
    cycle = cycle if cycle is not None else _default_cycle(plan)
    official = latest_published_report(cycle) if cycle is not None else None
    rows = _rows_from_snapshot(official.snapshot) if official else _rows_from_structure(plan)
    reports = list(shadow_reports_for_cycle(plan, cycle, now).order_by("publish_at", "pk"))
    by_pk = {report.pk: report for report in reports}
    for assessment in _assessments(reports):
        row = _row_for(rows, assessment)
        comparison = compare(
            row.official_status, assessment.agrees_with_official, assessment.own_status
        )
        row.shadows.append(ShadowEntry(by_pk[assessment.report_id], assessment, comparison))
    ordered = list(rows.values())
    by_pillar, by_agency, totals = _tallies(ordered)
    return SideBySide(plan, cycle, official, reports, ordered, by_pillar, by_agency, totals)


@dataclass(frozen=True)
class AgreementRate:
    """Share of comparable shadow assessments that agree with the official status.
    `rate` is None when nothing could be compared: unknown, not zero."""

    agrees: int
    diverges: int
    not_comparable: int

    @property
    def compared(self) -> int:
        return self.agrees + self.diverges

    @property
    def rate(self) -> Decimal | None:
        if not self.compared:
            return None
        return (Decimal(self.agrees) / Decimal(self.compared)).quantize(Decimal("0.0001"))


def agreement_rate(plan: ActionPlan, cycle: ReportingCycle | None, *, now=None) -> AgreementRate:
    """For report cards: how far official and public shadow reports agree on a cycle."""
    totals = official_vs_shadow(plan, cycle, now=now).totals
    return AgreementRate(totals.agrees, totals.diverges, totals.unknown)


def plan_cycles(plan: ActionPlan) -> list[ReportingCycle]:
    """The plan's cycles, newest first, for the side-by-side view's chooser."""
    return list(ReportingCycle.objects.filter(plan=plan).order_by("-period_start"))


def official_statuses_for_editor(report) -> tuple:
    """What the editor asks authors to agree with: the latest published official report
    of the report's cycle (or of the plan's most recent reported cycle), and per action id
    its official status label (None when the report states none). (None, {}) when no
    official report is published."""
    cycle = report.cycle or _default_cycle(report.plan)
    official = latest_published_report(cycle) if cycle is not None else None
    if official is None:
        return None, {}
    rows = _rows_from_snapshot(official.snapshot)
    return official, {pk: row.official_status_label for pk, row in rows.items()}
