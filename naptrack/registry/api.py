"""Registry endpoints: the same selectors, access helpers and services as the pages.

Reads accept anonymous callers and show what the caller's scope allows (drafts only to
the coordinators of their owner); writes need a token and go through the services with
channel="api", so the audit trail says where a change came from.
"""

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from naptrack.accounts.auth import ApiTokenAuth, api_user
from naptrack.core.api import (
    ANONYMOUS_ALLOWED,
    READ_ERRORS,
    WRITE_ERRORS,
    PageLinks,
    error_responses,
)
from naptrack.registry import services
from naptrack.registry.models import (
    ActionPlan,
    Country,
    Pillar,
    Region,
    RegionalOrganization,
    Resolution,
    StandardIndicator,
)
from naptrack.registry.permissions import can_edit_plan, plan_for_edit, plan_for_read
from naptrack.registry.schemas import (
    ActivityOut,
    CitationIn,
    CitationOut,
    CountryDetailOut,
    CountryFiltersIn,
    CountryOut,
    PillarOut,
    PlanCreateIn,
    PlanDetailOut,
    PlanFieldsIn,
    PlanFiltersIn,
    PlanSummaryOut,
    RegionalOrganizationDetailOut,
    RegionalOrganizationOut,
    RegionFiltersIn,
    RegionOut,
    ResolutionOut,
    StandardIndicatorFiltersIn,
    StandardIndicatorOut,
    TransitionIn,
)
from naptrack.registry.selectors import plan_history as history_of
from naptrack.registry.selectors import (
    plan_list,
    plan_search,
    plans_visible_to,
)
from naptrack.registry.transitions import NAMES, transition_service

router = Router(tags=["registry"])
reference = Router(tags=["reference data"])
token_required = ApiTokenAuth()
READ_ONE_ERRORS = error_responses(401, 404, 422)


# -- Reference data ---------------------------------------------------------------------


@reference.get(
    "/regions", response={200: list[RegionOut], **READ_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED
)
@paginate(PageLinks)
def region_list(request, filters: Query[RegionFiltersIn]):
    regions = Region.objects.select_related("parent")
    return regions.filter(level=filters.level) if filters.level else regions


@reference.get(
    "/pillars", response={200: list[PillarOut], **READ_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED
)
@paginate(PageLinks)
def pillar_list(request):
    return Pillar.objects.all()


@reference.get(
    "/standard-indicators",
    response={200: list[StandardIndicatorOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def standard_indicator_list(request, filters: Query[StandardIndicatorFiltersIn]):
    indicators = StandardIndicator.objects.select_related("pillar")
    if filters.pillar:
        indicators = indicators.filter(pillar__code=filters.pillar)
    if filters.verified is not None:
        indicators = indicators.filter(verified=filters.verified)
    return indicators


@reference.get(
    "/resolutions",
    response={200: list[ResolutionOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def resolution_list(request):
    return Resolution.objects.all()


# -- Owners -----------------------------------------------------------------------------


def _with_plan_count(queryset, user, owner_field: str):
    """Annotate plan_count with the plans this user can see, drafts included only in scope."""
    counts = (
        plans_visible_to(user)
        .filter(**{owner_field: OuterRef("pk")})
        .order_by()
        .values(owner_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(plan_count=Coalesce(Subquery(counts), 0))


def _countries(user):
    countries = Country.objects.select_related("region", "subregion", "intermediate_region")
    return _with_plan_count(countries, user, "country")


def _owner_plans(user, **owner):
    return plan_list(user).filter(**owner).order_by("generation", "adoption_date", "pk")


@router.get(
    "/countries", response={200: list[CountryOut], **READ_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED
)
@paginate(PageLinks)
def country_list(request, filters: Query[CountryFiltersIn]):
    countries = _countries(api_user(request))
    conditions = {
        "region__m49": filters.region,
        "subregion__m49": filters.subregion,
        "un_member": filters.un_member,
    }
    countries = countries.filter(**{k: v for k, v in conditions.items() if v is not None})
    if filters.has_plan is not None:
        countries = (
            countries.filter(plan_count__gt=0)
            if filters.has_plan
            else countries.filter(plan_count=0)
        )
    for word in (filters.q or "").split():
        countries = countries.filter(name__icontains=word)
    return countries


@router.get(
    "/countries/{iso3}",
    response={200: CountryDetailOut, **READ_ONE_ERRORS},
    url_name="country",
    openapi_extra=ANONYMOUS_ALLOWED,
)
def country_detail(request, iso3: str):
    user = api_user(request)
    country = get_object_or_404(_countries(user), iso3=iso3.upper())
    country.visible_plans = list(_owner_plans(user, country=country))
    return country


@router.get(
    "/regional-organizations",
    response={200: list[RegionalOrganizationOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def regional_organization_list(request):
    organizations = RegionalOrganization.objects.all()
    return _with_plan_count(organizations, api_user(request), "regional_organization")


@router.get(
    "/regional-organizations/{slug}",
    response={200: RegionalOrganizationDetailOut, **READ_ONE_ERRORS},
    url_name="regional_organization",
    openapi_extra=ANONYMOUS_ALLOWED,
)
def regional_organization_detail(request, slug: str):
    user = api_user(request)
    organizations = _with_plan_count(
        RegionalOrganization.objects.all(), user, "regional_organization"
    )
    organization = get_object_or_404(organizations, slug=slug)
    organization.visible_plans = list(_owner_plans(user, regional_organization=organization))
    return organization


# -- Plans: reads -----------------------------------------------------------------------


@router.get(
    "/plans", response={200: list[PlanSummaryOut], **READ_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED
)
@paginate(PageLinks)
def plan_list_endpoint(request, filters: Query[PlanFiltersIn]):
    return plan_search(api_user(request), filters.to_filters())


def plan_out(user, pk: int) -> ActionPlan:
    """A plan as PlanDetailOut shows it: lineage only as far as this user may see it."""
    plan = plan_for_read(user, pk)
    lineage = plans_visible_to(user).filter(Q(pk=plan.predecessor_id) | Q(predecessor_id=plan.pk))
    visible = dict(lineage.values_list("pk", "predecessor_id"))
    plan.api_predecessor_id = plan.predecessor_id if plan.predecessor_id in visible else None
    plan.api_successor_id = next((pk for pk, pred in visible.items() if pred == plan.pk), None)
    plan.api_can_edit = can_edit_plan(user, plan)
    return plan


@router.get(
    "/plans/{int:plan_id}",
    response={200: PlanDetailOut, **READ_ONE_ERRORS},
    url_name="plan",
    openapi_extra=ANONYMOUS_ALLOWED,
)
def plan_detail(request, plan_id: int):
    return plan_out(api_user(request), plan_id)


@router.get(
    "/plans/{int:plan_id}/history",
    response={200: list[ActivityOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def plan_history(request, plan_id: int):
    """The plan's audit trail, newest first. Anyone but the coordinators of its owner sees
    it from the plan's publication on, and a predecessor they may not read as null."""
    user = api_user(request)
    return history_of(user, plan_for_read(user, plan_id))


# -- Plans: writes ----------------------------------------------------------------------

# CharFields that store "" for "unknown"; the API takes null for them.
BLANK_WHEN_NULL = {
    "title",
    "language",
    "lead_agency",
    "status_note",
    "confidence",
    "adoption_precision",
}


def _visible_plan(user, pk: int, *, field: str) -> ActionPlan:
    plan = plans_visible_to(user).filter(pk=pk).first()
    if plan is None:
        raise ValidationError({field: f"There is no plan {pk} that you can see."})
    return plan


def _resolutions(numbers: list[int]) -> list[Resolution]:
    found = list(Resolution.objects.filter(number__in=numbers))
    missing = sorted(set(numbers) - {resolution.number for resolution in found})
    if missing:
        raise ValidationError({"resolutions": f"Unknown resolution numbers: {missing}."})
    return found


def _service_fields(user, data: PlanFieldsIn, *, exclude: set[str] = frozenset()) -> dict:
    """The submitted fields as service keyword arguments (unsent fields stay untouched)."""
    fields = data.dict(exclude_unset=True, exclude=exclude)
    if "predecessor_id" in fields:
        pk = fields.pop("predecessor_id")
        fields["predecessor"] = (
            None if pk is None else _visible_plan(user, pk, field="predecessor_id")
        )
    if "resolutions" in fields:
        fields["resolutions"] = _resolutions(fields["resolutions"])
    for name in BLANK_WHEN_NULL & fields.keys():
        fields[name] = fields[name] or ""
    return {name: getattr(value, "value", value) for name, value in fields.items()}


def _owner(data: PlanCreateIn) -> Country | RegionalOrganization:
    if bool(data.country) == bool(data.regional_organization):
        raise ValidationError({"country": "Give exactly one of country or regional_organization."})
    if data.country:
        owner = Country.objects.filter(iso3=data.country.upper()).first()
        if owner is None:
            raise ValidationError({"country": f"No country has the ISO code {data.country}."})
        return owner
    owner = RegionalOrganization.objects.filter(slug=data.regional_organization).first()
    if owner is None:
        message = f"No regional organization has the slug {data.regional_organization}."
        raise ValidationError({"regional_organization": message})
    return owner


@router.post("/plans", auth=token_required, response={201: PlanDetailOut, **WRITE_ERRORS})
def plan_create(request, payload: PlanCreateIn):
    """Create a draft plan; only coordinators of the owner may."""
    user = api_user(request)
    fields = _service_fields(user, payload, exclude={"country", "regional_organization"})
    plan = services.plan_create(actor=user, owner=_owner(payload), channel="api", **fields)
    return Status(201, plan_out(user, plan.pk))


@router.patch(
    "/plans/{int:plan_id}", auth=token_required, response={200: PlanDetailOut, **WRITE_ERRORS}
)
def plan_update(request, plan_id: int, payload: PlanFieldsIn):
    """Change the fields sent; leave others out to keep them."""
    user = api_user(request)
    plan = plan_for_edit(user, plan_id)
    services.plan_update(actor=user, plan=plan, channel="api", **_service_fields(user, payload))
    return plan_out(user, plan_id)


@router.post(
    "/plans/{int:plan_id}/publish",
    auth=token_required,
    response={200: PlanDetailOut, **WRITE_ERRORS},
)
def plan_publish(request, plan_id: int):
    """Make a draft public; it needs at least one citation."""
    user = api_user(request)
    services.plan_publish(actor=user, plan=plan_for_edit(user, plan_id), channel="api")
    return plan_out(user, plan_id)


TRANSITION_SERVICES = {name: transition_service(name) for name in NAMES}
REQUIRED_FOR = {"adopt": "adoption_date", "extend": "extended_to", "supersede": "successor_id"}


def _transition_arguments(user, data: TransitionIn) -> dict:
    needed = REQUIRED_FOR.get(data.action)
    if needed and getattr(data, needed) is None:
        raise ValidationError({needed: f"Required when action is {data.action}."})
    if data.action == "adopt":
        return {"adoption_date": data.adoption_date, "precision": data.precision.value}
    if data.action == "extend":
        return {"extended_to": data.extended_to}
    if data.action == "supersede":
        return {"successor": _visible_plan(user, data.successor_id, field="successor_id")}
    return {}


@router.post(
    "/plans/{int:plan_id}/transitions",
    auth=token_required,
    response={200: PlanDetailOut, **WRITE_ERRORS},
)
def plan_transition(request, plan_id: int, payload: TransitionIn):
    """Move the plan through its lifecycle (docs/api.md lists which moves are allowed)."""
    user = api_user(request)
    plan = plan_for_edit(user, plan_id)
    arguments = _transition_arguments(user, payload)
    TRANSITION_SERVICES[payload.action](actor=user, plan=plan, channel="api", **arguments)
    return plan_out(user, plan_id)


@router.post(
    "/plans/{int:plan_id}/citations",
    auth=token_required,
    response={201: CitationOut, **WRITE_ERRORS},
)
def citation_create(request, plan_id: int, payload: CitationIn):
    user = api_user(request)
    plan = plan_for_edit(user, plan_id)
    return Status(
        201, services.citation_add(actor=user, plan=plan, channel="api", **payload.dict())
    )


@router.delete(
    "/plans/{int:plan_id}/citations/{int:citation_id}",
    auth=token_required,
    response={204: None, **WRITE_ERRORS},
)
def citation_delete(request, plan_id: int, citation_id: int):
    user = api_user(request)
    citation = plan_for_edit(user, plan_id).citations.filter(pk=citation_id).first()
    if citation is None:
        raise Http404(_("This plan has no such citation."))
    services.citation_remove(actor=user, citation=citation, channel="api")
    return Status(204, None)
