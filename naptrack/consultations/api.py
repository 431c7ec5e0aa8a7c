"""Consultation endpoints: the same access helpers, selectors and services as the pages.

Reads show what the public sees (coordinators with a token also see the consultations
they prepare). Commenting and supporting need a token, as does answering (the plan
owner's coordinators). Anonymous visitors comment on the pages of public consultations.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from naptrack.accounts.auth import ApiTokenAuth, api_user
from naptrack.consultations import permissions, selectors, services
from naptrack.consultations.schemas import (
    ConsultationAnswerIn,
    ConsultationAnswerOut,
    ConsultationCommentIn,
    ConsultationCommentOut,
    ConsultationOut,
    ConsultationSummaryOut,
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
    tallies = selectors.tallies(list(selectors.comments_of(consultation)))
    consultation.comment_count = tallies.total
    consultation.tallies = tallies
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


def _part(consultation, payload: ConsultationCommentIn):
    given = {
        "objective_id": (payload.objective_id, Objective.objects.filter(plan=consultation.plan)),
        "action_id": (payload.action_id, Action.objects.filter(plan=consultation.plan)),
        "question_id": (payload.question_id, consultation.questions.all()),
    }
    named = [(name, pk, qs) for name, (pk, qs) in given.items() if pk is not None]
    if len(named) > 1:
        raise ValidationError(_("Give at most one of objective_id, action_id and question_id."))
    if not named:
        return None
    name, pk, queryset = named[0]
    part = queryset.filter(pk=pk).first()
    if part is None:
        raise ValidationError({name: _("This consultation has no such part.")})
    return part


def _comment_out(comment):
    return selectors.comments_of(comment.consultation).get(pk=comment.pk)


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
