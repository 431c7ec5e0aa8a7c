"""Plan structure endpoints, flat and paginated: actions, indicators and the lines of
accountability by agency (the whole tree is GET /plans/{id}/structure, in
naptrack/reporting/api.py). The same access helper as the structure page.

Reads only, anonymous callers welcome: a published plan's structure is public; a draft's
is visible to the coordinators of its owner (with their token) and 404 to everyone else.
"""

from django.db.models import Prefetch
from ninja import Router
from ninja.pagination import paginate

from naptrack.accounts.auth import api_user
from naptrack.accounts.models import Organization
from naptrack.core.api import ANONYMOUS_ALLOWED, PageLinks, error_responses
from naptrack.plans.models import Action, Indicator, Responsibility
from naptrack.plans.schemas import ActionOut, AgencyOut, IndicatorOut
from naptrack.registry.permissions import plan_for_read

router = Router(tags=["plan structure"])
READ_ONE_ERRORS = error_responses(401, 404, 422)
PLAN = "/plans/{int:plan_id}"


@router.get(
    PLAN + "/actions",
    response={200: list[ActionOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def action_list(request, plan_id: int):
    """The plan's actions in structure order, each with its pillar and objective."""
    plan = plan_for_read(api_user(request), plan_id)
    return (
        Action.objects.filter(plan=plan)
        .select_related("objective__pillar")
        .prefetch_related(
            Prefetch("responsibilities", Responsibility.objects.select_related("agency")),
            Prefetch("indicators", _indicators()),
            "budget_lines",
        )
        .order_by("objective__pillar__position", "objective__position", "position", "pk")
    )


def _indicators():
    return Indicator.objects.select_related("standard_indicator").prefetch_related("targets")


@router.get(
    PLAN + "/indicators",
    response={200: list[IndicatorOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def indicator_list(request, plan_id: int):
    """The plan's indicators with baselines, targets and their UN global indicator."""
    plan = plan_for_read(api_user(request), plan_id)
    return (
        _indicators().filter(plan=plan).order_by("action__position", "action_id", "position", "pk")
    )


@router.get(
    PLAN + "/agencies",
    response={200: list[AgencyOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def agency_list(request, plan_id: int):
    """Lines of accountability: each responsible agency with the actions it leads or
    supports in this plan."""
    plan = plan_for_read(api_user(request), plan_id)
    lines = Responsibility.objects.filter(action__plan=plan).select_related("action")
    return (
        Organization.objects.filter(responsibilities__action__plan=plan)
        .distinct()
        .prefetch_related(
            Prefetch(
                "responsibilities",
                lines.order_by("action__position", "action_id"),
                to_attr="plan_responsibilities",
            )
        )
        .order_by("name", "pk")
    )
