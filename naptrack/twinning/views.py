"""Twinning pages. Partnerships come through naptrack.twinning.permissions (404 for what a
user may not see, 403 for what they may see but not change); writes go through services.
Every page works without JavaScript: plain links and forms, then a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.accounts.selectors import user_scopes
from naptrack.core.forms import add_service_errors, flash_service_errors
from naptrack.core.languages import sorted_by_name
from naptrack.core.selectors import activities_for
from naptrack.registry.models import Country, RegionalOrganization
from naptrack.twinning import forms, matching, permissions, selectors, services
from naptrack.twinning.choices import STATUS_MOVES
from naptrack.twinning.models import SuggestionOptOut


@require_GET
def partnership_list(request):
    form = forms.PartnershipFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    partnerships = selectors.partnership_list(
        request.user,
        country=(filters.get("country") or "").upper(),
        status=filters.get("status") or "",
        q=filters.get("q") or "",
    )
    context = {
        "form": form,
        "partnerships": list(partnerships),
        "can_propose": permissions.can_propose(request.user),
        "coordinated": _coordinated_countries(request.user),
        "countries": sorted_by_name(Country.objects.filter(pk__in=_countries_with_public_plans())),
        "bodies": RegionalOrganization.objects.filter(pk__in=_bodies_with_public_plans()),
    }
    return render(request, "twinning/list.html", context)


def _countries_with_public_plans():
    from naptrack.registry.models import ActionPlan

    return ActionPlan.objects.public().filter(country__isnull=False).values("country")


def _bodies_with_public_plans():
    from naptrack.registry.models import ActionPlan

    public = ActionPlan.objects.public().filter(regional_organization__isnull=False)
    return public.values("regional_organization")


def _coordinated_countries(user):
    return list(Country.objects.filter(pk__in=user_scopes(user).coordinated_country_ids))


@require_GET
def partnership_detail(request, pk: int):
    partnership = permissions.partnership_for_read(request.user, pk)
    partnership = selectors.partnership_detail(partnership)
    sides = permissions.sides_of(request.user, partnership)
    context = {
        "partnership": partnership,
        "my_sides": sides,
        "can_agree": partnership.status == "proposed" and any(s.agreed_at is None for s in sides),
        "status_moves": STATUS_MOVES.get(partnership.status, ()) if sides else (),
        "can_log": bool(sides) and partnership.status in ("agreed", "active"),
        "exchange_form": forms.ExchangeForm(),
    }
    return render(request, "twinning/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def partnership_propose(request):
    if not permissions.can_propose(request.user):
        raise PermissionDenied(_("Only coordinators of a country or regional body propose."))
    form = forms.PartnershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.partnership_propose(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Proposed: the other partners are asked to agree."))
            return redirect(partnership.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "twinning/propose.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request, pk: int):
    partnership = permissions.partnership_for_partner(request.user, pk)
    initial = {name: getattr(partnership, name) for name in services.EDITABLE_FIELDS}
    form = forms.PartnershipEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_update(
                actor=request.user, partnership=partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(partnership.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "partnership": partnership}
    return render(request, "twinning/edit.html", context, status=status)


@login_required
@require_POST
def partnership_transition(request, pk: int, transition: str):
    partnership = permissions.partnership_for_partner(request.user, pk)
    try:
        if transition == "agree":
            services.partnership_agree(actor=request.user, partnership=partnership)
        elif transition == "decline":
            services.partnership_decline(actor=request.user, partnership=partnership)
        else:
            form = forms.StatusForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose active or ended."))
            services.partnership_set_status(
                actor=request.user, partnership=partnership, status=form.cleaned_data["status"]
            )
    except ValidationError as error:
        flash_service_errors(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect(partnership.get_absolute_url())


@login_required
@require_POST
def exchange_add(request, pk: int):
    partnership = permissions.partnership_for_partner(request.user, pk)
    form = forms.ExchangeForm(request.POST)
    if form.is_valid():
        try:
            services.exchange_record(
                actor=request.user, partnership=partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Added to the log."))
            return redirect(partnership.get_absolute_url())
    context = {"partnership": selectors.partnership_detail(partnership), "exchange_form": form}
    return render(request, "twinning/exchange_add.html", context, status=400)


@login_required
@require_GET
def partnership_history(request, pk: int):
    partnership = permissions.partnership_for_partner(request.user, pk)
    context = {"partnership": partnership, "activities": list(activities_for(partnership))}
    return render(request, "twinning/history.html", context)


@require_GET
def suggestions_pick(request):
    """The list page's "suggested partners for" forms: on to that country's (or regional
    body's) suggestions."""
    if "body" in request.GET:
        body = get_object_or_404(RegionalOrganization, slug=request.GET["body"][:60])
        return redirect("twinning:body_suggestions", slug=body.slug)
    country = get_object_or_404(Country, iso3=(request.GET.get("iso3") or "").upper()[:3])
    return redirect("twinning:suggestions", iso3=country.iso3)


@require_GET
def suggestions(request, iso3: str):
    country = get_object_or_404(Country, iso3=iso3.upper())
    context = {
        **_suggestions_context(country),
        "is_coordinator": country.pk in user_scopes(request.user).coordinated_country_ids,
        "opted_out": SuggestionOptOut.objects.filter(country=country).exists(),
    }
    return render(request, "twinning/suggestions.html", context)


@require_GET
def body_suggestions(request, slug: str):
    """A regional body's suggested partners (countries and other bodies); its
    coordinators decline or allow being suggested."""
    body = get_object_or_404(RegionalOrganization, slug=slug)
    scopes = user_scopes(request.user)
    context = {
        **_suggestions_context(body),
        "is_body": True,
        "is_coordinator": body.pk in scopes.coordinated_regional_organization_ids,
        "opted_out": SuggestionOptOut.objects.filter(regional_organization=body).exists(),
    }
    return render(request, "twinning/suggestions.html", context)


def _suggestions_context(party) -> dict:
    return {
        "party": party,
        "suggestions": matching.suggest_partners(party),
        "weights": [(matching.FACTOR_LABELS[c], w) for c, w in matching.WEIGHTS.items()],
    }


@login_required
@require_POST
def suggestions_opt(request, iso3: str, choice: str):
    country = get_object_or_404(Country, iso3=iso3.upper())
    service = services.suggestions_decline if choice == "decline" else services.suggestions_allow
    try:
        service(actor=request.user, country=country)
    except ValidationError as error:
        flash_service_errors(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("twinning:suggestions", iso3=country.iso3)


@login_required
@require_POST
def body_suggestions_opt(request, slug: str, choice: str):
    body = get_object_or_404(RegionalOrganization, slug=slug)
    service = (
        services.body_suggestions_decline
        if choice == "decline"
        else services.body_suggestions_allow
    )
    try:
        service(actor=request.user, regional_organization=body)
    except ValidationError as error:
        flash_service_errors(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("twinning:body_suggestions", slug=body.slug)
