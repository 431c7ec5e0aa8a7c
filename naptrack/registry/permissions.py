"""Access helpers: the one place that says who may read or edit a plan."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from naptrack.accounts.selectors import user_scopes
from naptrack.registry.models import ActionPlan, Country, RegionalOrganization
from naptrack.registry.selectors import coordinates, plan_detail, plan_detail_with_relatives


def can_edit_plan(user, plan: ActionPlan) -> bool:
    return coordinates(user, plan)


def can_create_plan_for(user, owner: Country | RegionalOrganization) -> bool:
    scopes = user_scopes(user)
    if isinstance(owner, Country):
        return owner.pk in scopes.coordinated_country_ids
    return owner.pk in scopes.coordinated_regional_organization_ids


def plan_for_read(user, pk) -> ActionPlan:
    """The plan if this user may see it; 404 otherwise (never reveal that a draft exists)."""
    try:
        return plan_detail(user, int(pk))
    except (ActionPlan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such plan.")) from exc


def plan_and_relatives_for_read(
    user, pk
) -> tuple[ActionPlan, ActionPlan | None, ActionPlan | None]:
    """plan_for_read with the plan's visible predecessor and successor, in one query."""
    try:
        return plan_detail_with_relatives(user, int(pk))
    except (ActionPlan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such plan.")) from exc


def plan_for_edit(user, pk) -> ActionPlan:
    plan = plan_for_read(user, pk)
    if not can_edit_plan(user, plan):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may change it."))
    return plan


def coordinated_owners(user) -> list[Country | RegionalOrganization]:
    scopes = user_scopes(user)
    countries = Country.objects.filter(pk__in=scopes.coordinated_country_ids)
    organizations = RegionalOrganization.objects.filter(
        pk__in=scopes.coordinated_regional_organization_ids
    )
    return [*countries, *organizations]
