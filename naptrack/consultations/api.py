"""Consultation endpoints: the same access helpers, selectors and services as the pages.

Reads show what the public sees (coordinators with a token also see the consultations
they prepare). Commenting and supporting need a token, as does answering (the plan
owner's coordinators). Anonymous visitors comment on the pages of public consultations.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from naptrack.accounts.auth import ApiTokenAuth, api_user
from naptrack.accounts.models import Organization
from naptrack.consultations import permissions, selectors, services
from naptrack.consultations.schemas import (
    ConsultationAnswerIn,
    ConsultationAnswerOut,
    ConsultationCommentIn,
    ConsultationCommentOut,
    ConsultationIn,
    ConsultationOut,
    ConsultationReportIn,
    ConsultationSummaryOut,
    ModerationIn,
    SessionIn,
    SessionOut,
)
from naptrack.core.api import ANONYMOUS_ALLOWED, WRITE_ERRORS, PageLinks, error_responses
from naptrack.plans.models import Action, Objective
from naptrack.registry.permissions import plan_for_read

router = Router(tags=["consultations"])
token_required = ApiTokenAuth()
READ_ONE_ERRORS = error_responses(401, 404, 422)
ONE = "/consultations/{int:consultation_id}"


class ConsultationFilterIn(Schema):
    plan_id: int | None = None


@router.get(
    "/consultations",
    response={200: list[ConsultationSummaryOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def consultation_list(request, filters: Query[ConsultationFilterIn]):
    """Consultations that are open, closed or reported, newest first; `plan_id` keeps
    one plan's. A coordinator's token also lists those being prepared for their plans."""
    user = api_user(request)
    plan = plan_for_read(user, filters.plan_id) if filters.plan_id is not None else None
    return selectors.consultations_visible_to(user, plan=plan)


def _detail(consultation):
    tallies = selectors.tallies_of(consultation)
    consultation.comment_count = tallies.total
    consultation.tallies = tallies
    reach = selectors.reach(consultation)
    consultation.reach = {
        "participants": reach.participants,
        "by_place": [
            {"district": d, "records": r, "participants": p, "points": n}
            for d, r, p, n in reach.places
        ],
        "by_group": [
            {"sex": sex, "age_band": band, "count": n} for (sex, band), n in reach.cells.items()
        ],
        "changed_action_ids": [action.pk for action, _n in tallies.changed_actions],
    }
    return consultation


@router.get(
    ONE, response={200: ConsultationOut, **READ_ONE_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED
)
def consultation_detail(request, consultation_id: int):
    """A consultation with its questions and the counts of its visible comments."""
    consultation = permissions.consultation_for_read(api_user(request), consultation_id)
    return _detail(consultation)


@router.get(
    ONE + "/comments",
    response={200: list[ConsultationCommentOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def comment_list(request, consultation_id: int):
    """Visible comments, oldest first, with their answers. Hidden ones are never listed."""
    consultation = permissions.consultation_for_read(api_user(request), consultation_id)
    return selectors.comments_of(consultation)


def _part(consultation, payload):
    given = {
        "objective_id": (payload.objective_id, Objective.objects.filter(plan=consultation.plan)),
        "action_id": (payload.action_id, Action.objects.filter(plan=consultation.plan)),
        "question_id": (payload.question_id, consultation.questions.all()),
        "paragraph_id": (payload.paragraph_id, consultation.paragraphs.all()),
    }
    named = [(name, pk, qs) for name, (pk, qs) in given.items() if pk is not None]
    if len(named) > 1:
        raise ValidationError(
            _("Give at most one of objective_id, action_id, question_id and paragraph_id.")
        )
    if not named:
        return None
    name, pk, queryset = named[0]
    part = queryset.filter(pk=pk).first()
    if part is None:
        raise ValidationError({name: _("This consultation has no such part.")})
    return part


def _comment_out(comment):
    comments = selectors.comments_of(comment.consultation, include_hidden=True)
    return comments.get(pk=comment.pk)


@router.post(
    ONE + "/comments", auth=token_required, response={201: ConsultationCommentOut, **WRITE_ERRORS}
)
def comment_post(request, consultation_id: int, payload: ConsultationCommentIn):
    """Comment on an objective, an action, a question or (none given) the whole draft,
    under your display name (`named`) or as an anonymous participant."""
    user = api_user(request)
    consultation = permissions.consultation_for_read(user, consultation_id)
    comment = services.comment_post(
        actor=user,
        consultation=consultation,
        text=payload.text,
        identity=payload.identity,
        part=_part(consultation, payload),
        channel="api",
    )
    return Status(201, _comment_out(comment))


@router.post(
    ONE + "/comments/{int:comment_id}/support",
    auth=token_required,
    response={201: ConsultationCommentOut, **WRITE_ERRORS},
)
def comment_support(request, consultation_id: int, comment_id: int):
    """+1 on someone else's comment, once."""
    user = api_user(request)
    comment = permissions.comment_for_read(user, consultation_id, comment_id)
    services.comment_support(actor=user, comment=comment, channel="api")
    return Status(201, _comment_out(comment))


@router.put(
    ONE + "/comments/{int:comment_id}/answer",
    auth=token_required,
    response={200: ConsultationAnswerOut, **WRITE_ERRORS},
)
def comment_answer(request, consultation_id: int, comment_id: int, payload: ConsultationAnswerIn):
    """The plan owner's coordinators: give or change the answer, until it is published."""
    user = api_user(request)
    comment = permissions.comment_for_answer(user, consultation_id, comment_id)
    action = None
    if payload.action_id is not None:
        action = Action.objects.filter(plan=comment.consultation.plan, pk=payload.action_id).first()
        if action is None:
            raise ValidationError({"action_id": _("This plan has no such action.")})
    return services.comment_answer(
        actor=user,
        comment=comment,
        outcome=payload.outcome,
        text=payload.text,
        action=action,
        channel="api",
    )


# ---- The plan owner's coordinators: preparing and the transitions -------------------------


@router.post("/consultations", auth=token_required, response={201: ConsultationOut, **WRITE_ERRORS})
def consultation_create(request, payload: ConsultationIn):
    """Prepare a consultation on a plan being drafted (coordinators of the plan's owner)."""
    user = api_user(request)
    plan = plan_for_read(user, payload.plan_id)
    fields = payload.dict(exclude={"plan_id", "invited_organization_ids"})
    organizations = Organization.objects.filter(pk__in=payload.invited_organization_ids)
    consultation = services.consultation_create(
        actor=user, plan=plan, invited_organizations=list(organizations), channel="api", **fields
    )
    return Status(201, _detail(permissions.consultation_for_read(user, consultation.pk)))


def _transition(request, consultation_id: int, service, **fields):
    user = api_user(request)
    consultation = permissions.consultation_for_coordination(user, consultation_id)
    service(actor=user, consultation=consultation, channel="api", **fields)
    return _detail(permissions.consultation_for_read(user, consultation_id))


@router.post(ONE + "/open", auth=token_required, response={200: ConsultationOut, **WRITE_ERRORS})
def consultation_open(request, consultation_id: int):
    """Prepared -> open: public, and taking input from its opening day."""
    return _transition(request, consultation_id, services.consultation_open)


@router.post(ONE + "/close", auth=token_required, response={200: ConsultationOut, **WRITE_ERRORS})
def consultation_close(request, consultation_id: int):
    """Open -> closed: no more input."""
    return _transition(request, consultation_id, services.consultation_close)


@router.post(ONE + "/report", auth=token_required, response={200: ConsultationOut, **WRITE_ERRORS})
def consultation_report(request, consultation_id: int, payload: ConsultationReportIn):
    """Closed -> reported, once every visible input has its answer; answers final."""
    return _transition(
        request, consultation_id, services.consultation_report_publish, summary=payload.summary
    )


# ---- Moderators ----------------------------------------------------------------------------


def _moderate(request, consultation_id: int, comment_id: int, service, reason: str):
    user = api_user(request)
    comment = permissions.comment_for_moderation(user, consultation_id, comment_id)
    service(actor=user, comment=comment, reason=reason, channel="api")
    return _comment_out(comment)


@router.post(
    ONE + "/comments/{int:comment_id}/hide",
    auth=token_required,
    response={200: ConsultationCommentOut, **WRITE_ERRORS},
)
def comment_hide(request, consultation_id: int, comment_id: int, payload: ModerationIn):
    """Moderators: hide a comment from every public channel, with a reason."""
    return _moderate(request, consultation_id, comment_id, services.comment_hide, payload.reason)


@router.post(
    ONE + "/comments/{int:comment_id}/unhide",
    auth=token_required,
    response={200: ConsultationCommentOut, **WRITE_ERRORS},
)
def comment_unhide(request, consultation_id: int, comment_id: int, payload: ModerationIn):
    """Moderators: restore a hidden comment, with a reason."""
    return _moderate(request, consultation_id, comment_id, services.comment_unhide, payload.reason)


# ---- Offline input: coordinators and facilitators ------------------------------------------


@router.get(
    ONE + "/sessions",
    response={200: list[SessionOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def session_list(request, consultation_id: int):
    """The facilitators' records of meetings, focus groups and paper forms."""
    consultation = permissions.consultation_for_read(api_user(request), consultation_id)
    return selectors.sessions_of(consultation)


@router.post(ONE + "/sessions", auth=token_required, response={201: SessionOut, **WRITE_ERRORS})
def session_record(request, consultation_id: int, payload: SessionIn):
    """Record what a meeting, a focus group or paper forms said: participants by sex
    and age band, and the points raised (anonymous), each about at most one part."""
    user = api_user(request)
    consultation = permissions.consultation_for_read(user, consultation_id)
    if not permissions.can_record(user, consultation):
        raise PermissionDenied(
            "Only the coordinators and the facilitators they named may record offline input."
        )
    points = [
        {"text": p.text, "part": _part(consultation, p), "contact_email": p.contact_email}
        for p in payload.points
    ]
    counts: dict = {}
    for row in payload.counts:
        counts[(row.sex, row.age_band)] = counts.get((row.sex, row.age_band), 0) + row.count
    session = services.session_record(
        actor=user,
        consultation=consultation,
        kind=payload.kind,
        held_on=payload.held_on,
        district=payload.district,
        language=payload.language,
        counts=counts,
        points=points,
        channel="api",
    )
    return Status(201, selectors.sessions_of(consultation).get(pk=session.pk))
