"""Public registry pages. Every read goes through a selector scoped to request.user."""

import hashlib
from operator import attrgetter

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from naptrack.core.languages import collation_key, sorted_by_name
from naptrack.core.middleware import data_version
from naptrack.lessons.selectors import tried_elsewhere
from naptrack.plans.selectors import budget_totals
from naptrack.registry import quality, selectors
from naptrack.registry.forms import PlanFilterForm
from naptrack.registry.models import Country, RegionalOrganization
from naptrack.registry.permissions import (
    can_edit_plan,
    plan_and_relatives_for_read,
    plan_for_read,
)


def home(request):
    return render(request, "registry/home.html", {"overview": _home_overview(request)})


def _home_overview(request) -> SafeString:
    """The home page's lists, rendered once per data version, day, language and set of
    drafts the user may see: signed-in users, who never get the public page cache, share
    it with everyone who sees the same plans (docs/benchmarks.md)."""
    if settings.NAPTRACK_PUBLIC_CACHE_SECONDS <= 0:
        return _render_overview(request)
    cache = caches["default"]
    key = _overview_key(request)
    html = cache.get(key)
    if html is None:
        html = _render_overview(request)
        cache.set(key, html, settings.NAPTRACK_PUBLIC_CACHE_SECONDS)
    return html  # a SafeString: the cache keeps its class


def _render_overview(request) -> SafeString:
    context = selectors.home_summary(request.user)
    return render_to_string("registry/_home_overview.html", context, request=request)


def _overview_key(request) -> str:
    parts = (
        data_version(),
        timezone.now().date().isoformat(),
        get_language(),
        selectors.draft_ids_visible_to(request.user),
    )
    return "home-overview:" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def plan_list(request):
    form = PlanFilterForm(request.GET)
    page = None
    if form.is_valid():
        plans = selectors.plan_search(request.user, form.to_filters())
        page = Paginator(plans, settings.NAPTRACK_PAGE_SIZE).get_page(request.GET.get("page"))
    template = "registry/plan_list.html"
    # A history restore asks for the whole page even though it is an htmx request.
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    response = render(request, template, {"form": form, "page": page})
    patch_vary_headers(response, ["HX-Request"])
    return response


def plan_detail(request, pk: int):
    plan, predecessor, successor = plan_and_relatives_for_read(request.user, pk)
    context = {
        "plan": plan,
        "facts": selectors.plan_facts(plan),
        "predecessor": predecessor,
        "successor": successor,
        "status_reason": selectors.plan_status_reason(plan, successor=successor),
        "can_edit": can_edit_plan(request.user, plan),
        "tried_elsewhere": tried_elsewhere(plan),
        "budget_totals": budget_totals(plan),
    }
    return render(request, "registry/plan_detail.html", context)


def plan_history(request, pk: int):
    plan = plan_for_read(request.user, pk)
    context = {"plan": plan, "activities": selectors.plan_history(request.user, plan)}
    return render(request, "registry/plan_history.html", context)


def country_list(request):
    regions = [
        (region, sorted_by_name(countries, name=attrgetter("display_name")))
        for region, countries in selectors.country_index(request.user)
    ]
    regions.sort(key=lambda pair: collation_key(pair[0].display_name))
    return render(request, "registry/country_list.html", {"regions": regions})


def country_detail(request, iso3: str):
    country = get_object_or_404(
        Country.objects.select_related("region", "subregion", "intermediate_region"),
        iso3=iso3.upper(),
    )
    context = {"country": country, "timeline": selectors.owner_timeline(request.user, country)}
    return render(request, "registry/country_detail.html", context)


def regional_organization_list(request):
    organizations = selectors.regional_organization_index(request.user)
    return render(
        request, "registry/regional_organization_list.html", {"organizations": organizations}
    )


def regional_organization_detail(request, slug: str):
    organization = get_object_or_404(RegionalOrganization, slug=slug)
    context = {
        "organization": organization,
        "timeline": selectors.owner_timeline(request.user, organization),
    }
    return render(request, "registry/regional_organization_detail.html", context)


def indicator_list(request):
    return render(
        request, "registry/indicator_list.html", {"pillars": selectors.indicator_library()}
    )


def data_quality(request):
    results = quality.data_quality(request.user)
    return render(request, "registry/data_quality.html", {"results": results})
