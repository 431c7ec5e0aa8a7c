"""Reads of the registry. Every list starts from plans_visible_to(user)."""

from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from naptrack.accounts.selectors import user_scopes
from naptrack.registry.choices import Origin, PlanStatus, Publication
from naptrack.registry.models import ActionPlan, Country

IN_FORCE = (PlanStatus.ADOPTED, PlanStatus.EXPIRED, PlanStatus.SUPERSEDED)


def editable_scope_q(user) -> Q:
    """Plans owned by a country or regional organization this user coordinates."""
    scopes = user_scopes(user)
    return Q(country_id__in=scopes.coordinated_country_ids) | Q(
        regional_organization_id__in=scopes.coordinated_regional_organization_ids
    )


def plans_visible_to(user) -> QuerySet[ActionPlan]:
    """Published real plans, plus drafts inside the user's coordination scope."""
    real = ActionPlan.objects.exclude(origin=Origin.SYNTHETIC)
    return real.filter(Q(publication=Publication.PUBLISHED) | editable_scope_q(user))


def with_current_status(plans: QuerySet[ActionPlan], year: int | None = None) -> QuerySet:
    """Annotate `current_status`: an adopted plan shows as superseded once a published
    successor is in force, and as expired once its (extended) period has ended."""
    year = year or timezone.now().year
    successor_in_force = ActionPlan.objects.public().filter(
        predecessor=OuterRef("pk"), status__in=IN_FORCE
    )
    return plans.annotate(
        has_successor_in_force=Exists(successor_in_force),
        current_status=Case(
            When(
                status=PlanStatus.ADOPTED,
                has_successor_in_force=True,
                then=Value(PlanStatus.SUPERSEDED),
            ),
            When(status=PlanStatus.ADOPTED, extended_to__lt=year, then=Value(PlanStatus.EXPIRED)),
            When(
                status=PlanStatus.ADOPTED,
                extended_to__isnull=True,
                period_end__lt=year,
                then=Value(PlanStatus.EXPIRED),
            ),
            default=F("status"),
            output_field=CharField(),
        ),
    )


def plan_list(user, *, year: int | None = None) -> QuerySet[ActionPlan]:
    plans = plans_visible_to(user).select_related(
        "country__region", "country__subregion", "regional_organization", "predecessor"
    )
    return with_current_status(plans, year)


def plan_detail(user, pk: int) -> ActionPlan:
    """One visible plan with everything its page shows; raises DoesNotExist otherwise."""
    return plan_list(user).prefetch_related("citations", "resolutions").get(pk=pk)


def countries_with_plans(user) -> QuerySet[Country]:
    return Country.objects.filter(plans__in=plans_visible_to(user)).distinct()


def home_summary(user) -> dict:
    plans = plan_list(user)
    return {
        "current_plans": plans.filter(current_status=PlanStatus.ADOPTED).order_by(
            "country__name", "regional_organization__short_name"
        ),
        "recent_plans": plans.filter(adoption_date__isnull=False).order_by("-adoption_date")[:10],
        "pending_plans": plans.filter(
            status__in=[PlanStatus.ANNOUNCED, PlanStatus.DRAFTING, PlanStatus.CONSULTATION]
        ),
    }


@dataclass(frozen=True)
class PlanFilters:
    """The registry's filters, shared by the list page, its CSV export and the API."""

    region: str = ""  # M49 code of a region
    subregion: str = ""  # M49 code of a sub-region
    status: str = ""  # a PlanStatus value, matched against the derived current status
    generation: int | None = None
    adopted_from: int | None = None  # year, inclusive
    adopted_to: int | None = None  # year, inclusive
    budget: str = ""  # a Budget value
    owner_kind: str = ""  # "national" or "regional"
    q: str = ""  # words in the country, organization or title
    sort: str = "owner"


PLAN_SORTS = {
    "owner": ["country__name", "regional_organization__short_name", "generation"],
    "-adopted": [F("adoption_date").desc(nulls_last=True), "country__name"],
    "adopted": [F("adoption_date").asc(nulls_last=True), "country__name"],
    "generation": [F("generation").asc(nulls_last=True), "country__name"],
    "-generation": [F("generation").desc(nulls_last=True), "country__name"],
    "-period_end": [F("period_end").desc(nulls_last=True), "country__name"],
}


def plan_search(user, filters: PlanFilters, *, year: int | None = None) -> QuerySet[ActionPlan]:
    plans = plan_list(user, year=year)
    conditions = {
        "country__region__m49": filters.region,
        "country__subregion__m49": filters.subregion,
        "current_status": filters.status,
        "generation": filters.generation,
        "adoption_date__year__gte": filters.adopted_from,
        "adoption_date__year__lte": filters.adopted_to,
        "budget": filters.budget,
    }
    plans = plans.filter(**{k: v for k, v in conditions.items() if v not in ("", None)})
    if filters.owner_kind == "national":
        plans = plans.filter(country__isnull=False)
    elif filters.owner_kind == "regional":
        plans = plans.filter(regional_organization__isnull=False)
    for word in filters.q.split():
        plans = plans.filter(
            Q(country__name__icontains=word)
            | Q(title__icontains=word)
            | Q(regional_organization__name__icontains=word)
            | Q(regional_organization__short_name__icontains=word)
        )
    return plans.order_by(*PLAN_SORTS.get(filters.sort, PLAN_SORTS["owner"]))
