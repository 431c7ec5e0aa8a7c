from django.shortcuts import get_object_or_404, render

from naptrack.core.selectors import activities_for
from naptrack.registry import selectors
from naptrack.registry.models import Country, RegionalOrganization
from naptrack.registry.permissions import can_edit_plan, plan_for_read


def home(request):
    return render(request, "registry/home.html", selectors.home_summary(request.user))


def plan_detail(request, pk: int):
    plan = plan_for_read(request.user, pk)
    return render(
        request,
        "registry/plan_detail.html",
        {
            "plan": plan,
            "can_edit": can_edit_plan(request.user, plan),
            "history": activities_for(plan)[:50],
        },
    )


def country_detail(request, iso3: str):
    country = get_object_or_404(
        Country.objects.select_related("region", "subregion"), iso3=iso3.upper()
    )
    plans = (
        selectors.plan_list(request.user)
        .filter(country=country)
        .prefetch_related("citations")
        .order_by("generation", "adoption_date")
    )
    return render(request, "registry/country_detail.html", {"country": country, "plans": plans})


def regional_organization_detail(request, slug: str):
    organization = get_object_or_404(RegionalOrganization, slug=slug)
    plans = (
        selectors.plan_list(request.user)
        .filter(regional_organization=organization)
        .prefetch_related("citations")
    )
    return render(
        request,
        "registry/regional_organization_detail.html",
        {"organization": organization, "plans": plans},
    )
