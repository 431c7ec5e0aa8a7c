"""Shadow-report endpoints: the same access helpers, selectors and services as the pages.

Public reports and the side-by-side comparison read like the pages (anonymous callers
see what the public sees). Writing needs a token: civil-society members write their
organizations' reports, moderators hide and restore, the plan owner's coordinators reply.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from naptrack.accounts.auth import ApiTokenAuth, api_user
from naptrack.accounts.models import Organization
from naptrack.core.api import (
    ANONYMOUS_ALLOWED,
    READ_ERRORS,
    WRITE_ERRORS,
    PageLinks,
    error_responses,
)
from naptrack.plans.models import Action
from naptrack.registry.permissions import plan_for_read
from naptrack.reporting.models import ReportingCycle
from naptrack.shadow_reports import permissions, selectors, services
from naptrack.shadow_reports.models import ActionAssessment
from naptrack.shadow_reports.schemas import (
    CoAuthorInvitationOut,
    InvitationFilterIn,
    ModerationReasonIn,
    RightOfReplyIn,
    RightOfReplyOut,
    ShadowAssessmentIn,
    ShadowAssessmentOut,
    ShadowEvidenceLinkIn,
    ShadowEvidenceOut,
    ShadowPublishIn,
    ShadowReportCreateIn,
    ShadowReportIn,
    ShadowReportOut,
    ShadowReportSummaryOut,
    ShadowWithdrawIn,
    SideBySideOut,
)

router = Router(tags=["shadow reports"])
token_required = ApiTokenAuth()
READ_ONE_ERRORS = error_responses(401, 404, 422)
REPORT = "/shadow-reports/{int:report_id}"


class ShadowSearchIn(Schema):
    q: str = ""


class SideBySideIn(Schema):
    cycle_id: int | None = None


def _out(report) -> object:
    return selectors.report_detail(report)


@router.get(
    "/plans/{int:plan_id}/shadow-reports",
    response={200: list[ShadowReportSummaryOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def report_list(request, plan_id: int, filters: Query[ShadowSearchIn]):
    """Published shadow reports on the plan, newest first; `q` searches like the page."""
    plan = plan_for_read(api_user(request), plan_id)
    return selectors.public_reports(plan, q=filters.q)


@router.get(
    "/plans/{int:plan_id}/side-by-side",
    response={200: SideBySideOut, **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def side_by_side(request, plan_id: int, filters: Query[SideBySideIn]):
    """Official status and public shadow assessments per action, with the divergence
    summary by pillar and agency (see docs/shadow-reports.md)."""
    plan = plan_for_read(api_user(request), plan_id)
    cycle = None
    if filters.cycle_id is not None:
        cycle = ReportingCycle.objects.filter(plan=plan, pk=filters.cycle_id).first()
        if cycle is None:
            raise Http404(_("This plan has no such reporting cycle."))
    return selectors.official_vs_shadow(plan, cycle)


@router.get(
    "/shadow-reports/mine",
    response={200: list[ShadowReportSummaryOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def my_reports(request):
    """Every report of the organizations you write for, in any state. Without a token
    the list is empty: drafts are never public."""
    return selectors.reports_for_member(api_user(request))


@router.get(
    REPORT, response={200: ShadowReportOut, **READ_ONE_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED
)
def report_detail(request, report_id: int):
    """A public report; drafts and unpublished states only for their authors."""
    return _out(permissions.report_for_read(api_user(request), report_id))


# -- Writing (civil-society members) -----------------------------------------------------


def _organizations(ids: list[int]) -> list[Organization]:
    found = list(Organization.objects.filter(pk__in=ids))
    missing = set(ids) - {org.pk for org in found}
    if missing:
        raise ValidationError(
            {"co_author_ids": _("No such organization: %(ids)s.") % {"ids": sorted(missing)}}
        )
    return found


def _scope(plan, payload: ShadowReportIn) -> dict:
    cycle = None
    if payload.cycle_id is not None:
        cycle = ReportingCycle.objects.filter(plan=plan, pk=payload.cycle_id).first()
        if cycle is None:
            raise ValidationError({"cycle_id": _("This plan has no such reporting cycle.")})
    return {
        "cycle": cycle,
        "period_start": payload.period_start,
        "period_end": payload.period_end,
        "co_authors": _organizations(payload.co_author_ids),
        "title": payload.title,
        "findings": payload.findings,
        "recommendations": payload.recommendations,
        "publication_mode": payload.publication_mode,
        "pseudonym": payload.pseudonym,
        **({"language": payload.language} if payload.language is not None else {}),
    }


@router.post(
    "/plans/{int:plan_id}/shadow-reports",
    auth=token_required,
    response={201: ShadowReportOut, **WRITE_ERRORS},
)
def report_create(request, plan_id: int, payload: ShadowReportCreateIn):
    user = api_user(request)
    plan = plan_for_read(user, plan_id)
    author = Organization.objects.filter(pk=payload.author_id).first()
    if author is None:
        raise ValidationError({"author_id": _("No such organization.")})
    report = services.shadow_report_create(
        actor=user, plan=plan, author=author, channel="api", **_scope(plan, payload)
    )
    return Status(201, _out(report))


@router.put(REPORT, auth=token_required, response={200: ShadowReportOut, **WRITE_ERRORS})
def report_update(request, report_id: int, payload: ShadowReportIn):
    """Replace a draft's fields (the author organization never changes)."""
    user = api_user(request)
    report = permissions.report_for_author(user, report_id)
    services.shadow_report_update(
        actor=user, report=report, channel="api", **_scope(report.plan, payload)
    )
    return _out(report)


def _action(report, action_id: int) -> Action:
    action = Action.objects.filter(plan=report.plan, pk=action_id).first()
    if action is None:
        raise Http404(_("This plan has no such action."))
    return action


@router.put(
    REPORT + "/assessments/{int:action_id}",
    auth=token_required,
    response={200: ShadowAssessmentOut, **WRITE_ERRORS},
)
def assessment_save(request, report_id: int, action_id: int, payload: ShadowAssessmentIn):
    """Create or replace the draft's assessment of one action of the plan."""
    user = api_user(request)
    report = permissions.report_for_author(user, report_id)
    assessment = services.assessment_save(
        actor=user,
        report=report,
        action=_action(report, action_id),
        agrees_with_official=payload.agrees_with_official,
        own_status=payload.own_status or "",
        narrative=payload.narrative,
        channel="api",
    )
    return ActionAssessment.objects.prefetch_related("evidence").get(pk=assessment.pk)


def _assessment(user, report_id: int, action_id: int) -> ActionAssessment:
    report = permissions.report_for_author(user, report_id)
    assessment = ActionAssessment.objects.filter(report=report, action_id=action_id).first()
    if assessment is None:
        raise Http404(_("This report does not assess this action."))
    assessment.report = report
    return assessment


@router.delete(
    REPORT + "/assessments/{int:action_id}",
    auth=token_required,
    response={204: None, **WRITE_ERRORS},
)
def assessment_remove(request, report_id: int, action_id: int):
    user = api_user(request)
    assessment = _assessment(user, report_id, action_id)
    services.assessment_remove(actor=user, assessment=assessment, channel="api")
    return Status(204, None)


@router.post(
    REPORT + "/assessments/{int:action_id}/evidence",
    auth=token_required,
    response={201: ShadowEvidenceOut, **WRITE_ERRORS},
)
def evidence_link_add(request, report_id: int, action_id: int, payload: ShadowEvidenceLinkIn):
    """Add a link (files are added on the editor page)."""
    user = api_user(request)
    assessment = _assessment(user, report_id, action_id)
    evidence = services.EVIDENCE.add_link(
        actor=user, parent=assessment, channel="api", **payload.model_dump()
    )
    return Status(201, evidence)


def _transition(request, report_id: int, service, **kwargs):
    user = api_user(request)
    report = permissions.report_for_author(user, report_id)
    service(actor=user, report=report, channel="api", **kwargs)
    return _out(report)


@router.post(
    REPORT + "/submit", auth=token_required, response={200: ShadowReportOut, **WRITE_ERRORS}
)
def report_submit(request, report_id: int):
    """Draft -> ready to publish (the text is locked)."""
    return _transition(request, report_id, services.shadow_report_submit)


@router.post(
    REPORT + "/reopen", auth=token_required, response={200: ShadowReportOut, **WRITE_ERRORS}
)
def report_reopen(request, report_id: int):
    return _transition(request, report_id, services.shadow_report_reopen)


@router.post(
    REPORT + "/publish", auth=token_required, response={200: ShadowReportOut, **WRITE_ERRORS}
)
def report_publish(request, report_id: int, payload: ShadowPublishIn):
    """Publish now, or on `publish_at` (the report stays hidden until then)."""
    return _transition(
        request, report_id, services.shadow_report_publish, publish_at=payload.publish_at
    )


@router.post(
    REPORT + "/withdraw", auth=token_required, response={200: ShadowReportOut, **WRITE_ERRORS}
)
def report_withdraw(request, report_id: int, payload: ShadowWithdrawIn):
    return _transition(request, report_id, services.shadow_report_withdraw, note=payload.note)


# -- Organizations invited to co-author ----------------------------------------------------

INVITATION = "/shadow-reports/invitations/{int:invitation_id}"


@router.get(
    "/shadow-reports/invitations",
    response={200: list[CoAuthorInvitationOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def my_invitations(request, filters: Query[InvitationFilterIn]):
    """Invitations to co-author sent to the organizations you are a civil-society member
    of, oldest first: pending ones unless `state` says otherwise. Empty without a token."""
    return selectors.invitations_for_member(api_user(request), state=filters.state)


def _answer(request, invitation_id: int, service):
    user = api_user(request)
    invitation = permissions.invitation_for_response(user, invitation_id)
    service(actor=user, invitation=invitation, channel="api")
    # Read again as the list does: the answer changes what the holder may see now.
    return selectors.invitations_for_member(user, state="").get(pk=invitation.pk)


@router.post(
    INVITATION + "/accept",
    auth=token_required,
    response={200: CoAuthorInvitationOut, **WRITE_ERRORS},
)
def invitation_accept(request, invitation_id: int):
    """Members of the invited organization only: your organization becomes a co-author,
    is named on the report, and its members may edit and publish it."""
    return _answer(request, invitation_id, services.invitation_accept)


@router.post(
    INVITATION + "/decline",
    auth=token_required,
    response={200: CoAuthorInvitationOut, **WRITE_ERRORS},
)
def invitation_decline(request, invitation_id: int):
    """Members of the invited organization only: your organization is not named and is
    not invited to this report again."""
    return _answer(request, invitation_id, services.invitation_decline)


# -- Moderators and the plan owner's coordinators ---------------------------------------


class ShadowModeratedOut(Schema):
    id: int
    state: str
    moderation_note: str


@router.post(
    REPORT + "/hide", auth=token_required, response={200: ShadowModeratedOut, **WRITE_ERRORS}
)
def report_hide(request, report_id: int, payload: ModerationReasonIn):
    """Moderators only: hide a published report, with the reason."""
    user = api_user(request)
    report = permissions.report_for_moderation(user, report_id)
    return services.shadow_report_hide(
        actor=user, report=report, reason=payload.reason, channel="api"
    )


@router.post(
    REPORT + "/unhide", auth=token_required, response={200: ShadowModeratedOut, **WRITE_ERRORS}
)
def report_unhide(request, report_id: int, payload: ModerationReasonIn):
    """Moderators only: restore a hidden report, with the reason."""
    user = api_user(request)
    report = permissions.report_for_moderation(user, report_id)
    return services.shadow_report_unhide(
        actor=user, report=report, reason=payload.reason, channel="api"
    )


@router.post(
    REPORT + "/reply", auth=token_required, response={201: RightOfReplyOut, **WRITE_ERRORS}
)
def reply_publish(request, report_id: int, payload: RightOfReplyIn):
    """The plan owner's coordinators: publish the one right of reply to a public report."""
    user = api_user(request)
    report = permissions.report_for_reply(user, report_id)
    reply = services.reply_publish(actor=user, report=report, text=payload.text, channel="api")
    return Status(201, reply)
