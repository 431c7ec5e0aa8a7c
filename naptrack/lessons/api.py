"""Lesson endpoints: the same access helpers, selectors and services as the pages.
Reads show published lessons (a token adds its owner's own submissions, or all of them
for a moderator); submitting needs a token, publishing and rejecting a moderator's."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from naptrack.accounts.auth import ApiTokenAuth, api_user
from naptrack.accounts.models import Organization
from naptrack.core.api import ANONYMOUS_ALLOWED, WRITE_ERRORS, PageLinks, error_responses
from naptrack.lessons import permissions, selectors, services
from naptrack.lessons.schemas import LessonFiltersIn, LessonIn, LessonOut, LessonRejectIn
from naptrack.library.models import Document
from naptrack.plans.models import Action, Indicator
from naptrack.registry.models import ActionPlan, Country, Pillar

router = Router(tags=["lessons"])
token_required = ApiTokenAuth()
READ_ONE_ERRORS = error_responses(401, 404, 422)
ONE = "/lessons/{int:lesson_id}"


@router.get(
    "/lessons", response={200: list[LessonOut], **READ_ONE_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED
)
@paginate(PageLinks)
def lesson_list(request, filters: Query[LessonFiltersIn]):
    """Lessons, newest first; filters by words, country, theme, pillar and plan."""
    return selectors.lesson_list(
        api_user(request),
        q=filters.q or "",
        country=filters.country or "",
        theme=filters.theme or "",
        pillar=filters.pillar or "",
        plan=filters.plan,
    )


@router.get(ONE, response={200: LessonOut, **READ_ONE_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED)
def lesson_detail(request, lesson_id: int):
    """A published lesson; a submitted or rejected one only for its author and moderators."""
    return permissions.lesson_for_read(api_user(request), lesson_id)


def _all_found(model, field: str, values: list, name: str) -> list:
    # A model or a queryset of what may be linked: "not public" and "missing" read alike.
    rows = model.objects.all() if isinstance(model, type) else model
    found = list(rows.filter(**{f"{field}__in": values}))
    if len(found) != len(set(values)):
        raise ValidationError({name: f"Unknown value among {name}."})
    return found


def _organization_named(organization_id: int | None):
    # The service refuses an organization the signer does not belong to; a missing one
    # answers the same way, so the API tells nobody which organizations exist.
    if organization_id is None:
        return None
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise ValidationError({"organization": _("Name an organization you belong to.")})
    return organization


@router.post("/lessons", auth=token_required, response={201: LessonOut, **WRITE_ERRORS})
def lesson_submit(request, payload: LessonIn):
    """Share a lesson; a moderator publishes it before anyone else sees it."""
    document = None
    if payload.evidence_document_id is not None:
        document = Document.objects.filter(pk=payload.evidence_document_id).first()
        if document is None:
            raise ValidationError({"evidence_document_id": "No such public document."})
    public_plans = ActionPlan.objects.public()
    lesson = services.lesson_submit(
        actor=api_user(request),
        title=payload.title,
        summary=payload.summary,
        result=payload.result,
        evidence_url=payload.evidence_url,
        evidence_document=document,
        themes=payload.themes,
        pillars=_all_found(Pillar, "code", payload.pillars, "pillars"),
        countries=_all_found(Country, "iso3", [c.upper() for c in payload.countries], "countries"),
        plans=_all_found(ActionPlan, "pk", payload.plan_ids, "plan_ids"),
        actions=_all_found(
            Action.objects.filter(plan__in=public_plans), "pk", payload.action_ids, "action_ids"
        ),
        indicators=_all_found(
            Indicator.objects.filter(plan__in=public_plans),
            "pk",
            payload.indicator_ids,
            "indicator_ids",
        ),
        documents=_all_found(Document, "pk", payload.document_ids, "document_ids"),
        organization=_organization_named(payload.organization_id),
        channel="api",
    )
    return Status(201, lesson)


@router.post(ONE + "/publish", auth=token_required, response={200: LessonOut, **WRITE_ERRORS})
def lesson_publish(request, lesson_id: int):
    """Moderators: publish a submitted lesson."""
    user = api_user(request)
    lesson = permissions.lesson_for_moderation(user, lesson_id)
    return services.lesson_publish(actor=user, lesson=lesson, channel="api")


@router.post(ONE + "/reject", auth=token_required, response={200: LessonOut, **WRITE_ERRORS})
def lesson_reject(request, lesson_id: int, payload: LessonRejectIn):
    """Moderators: reject a submitted lesson with a reason its author reads."""
    user = api_user(request)
    lesson = permissions.lesson_for_moderation(user, lesson_id)
    return services.lesson_reject(actor=user, lesson=lesson, reason=payload.reason, channel="api")


@router.post(ONE + "/withdraw", auth=token_required, response={200: LessonOut, **WRITE_ERRORS})
def lesson_withdraw(request, lesson_id: int, payload: LessonRejectIn):
    """Moderators: take a published lesson off the site (and out of the search) with a
    reason its author reads."""
    user = api_user(request)
    lesson = permissions.lesson_for_moderation(user, lesson_id)
    return services.lesson_withdraw(actor=user, lesson=lesson, reason=payload.reason, channel="api")
