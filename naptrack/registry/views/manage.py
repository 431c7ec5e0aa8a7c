"""Coordinators' pages: create, edit, publish and move plans through their lifecycle.

Each page starts with the access helper (plan_for_edit: 404 for a plan the user cannot
see, 403 for one they see but may not change) and changes the plan only through a
registry service, whose ValidationError messages are shown on the form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from naptrack.registry import services
from naptrack.registry.forms_manage import (
    TRANSITION_HELP,
    TRANSITION_LABELS,
    CitationForm,
    PlanCreateForm,
    PlanForm,
    PublishForm,
    add_service_error,
    transition_form,
)
from naptrack.registry.models import ActionPlan, Citation
from naptrack.registry.permissions import coordinated_owners, plan_for_edit
from naptrack.registry.selectors import editable_scope_q, plans_visible_to
from naptrack.registry.transitions import NAMES, transition_service

GET_POST = require_http_methods(["GET", "POST"])
TRANSITION_SERVICES = {name: transition_service(name) for name in NAMES}


def _posted(request):
    """The POST data, or None on GET (an empty POST must still be a bound, invalid form)."""
    return request.POST if request.method == "POST" else None


def _editable_plans(user):
    """Plans this user coordinates, labelled by owner: the only predecessor/successor choices."""
    return (
        plans_visible_to(user)
        .filter(editable_scope_q(user))
        .select_related("country", "regional_organization")
    )


def _owner_plans(user, plan: ActionPlan):
    return (
        _editable_plans(user)
        .filter(country=plan.country_id, regional_organization=plan.regional_organization_id)
        .exclude(pk=plan.pk)
    )


@login_required
@GET_POST
def plan_create(request):
    owners = coordinated_owners(request.user)
    if not owners:
        raise PermissionDenied(_("Only country or regional coordinators may add plans."))
    form = PlanCreateForm(
        _posted(request), owners=owners, predecessors=_editable_plans(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                actor=request.user,
                owner=data["owner"],
                status=data["status"],
                resolutions=data["resolutions"],
                **form.plan_fields(),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Draft saved. Add its sources, then publish it."))
            return redirect("registry:plan_sources", pk=plan.pk)
    return render(request, "registry/manage/plan_form.html", {"form": form, "plan": None})


@login_required
@GET_POST
def plan_edit(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    form = PlanForm(_posted(request), plan=plan, predecessors=_owner_plans(request.user, plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                actor=request.user,
                plan=plan,
                resolutions=form.cleaned_data["resolutions"],
                **form.plan_fields(),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            plan.refresh_from_db()
        else:
            messages.success(request, _("Changes saved."))
            return redirect(plan)
    return render(request, "registry/manage/plan_form.html", {"form": form, "plan": plan})


def _citation_of(plan: ActionPlan, raw_pk) -> Citation:
    try:
        return plan.citations.get(pk=int(raw_pk))
    except (Citation.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404(_("This plan has no such source.")) from exc


@login_required
@GET_POST
def plan_sources(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    form = CitationForm()
    if request.method == "POST" and "remove" in request.POST:
        citation = _citation_of(plan, request.POST["remove"])
        services.citation_remove(actor=request.user, citation=citation)
        messages.success(request, _("Source removed: %(url)s") % {"url": citation.url})
        return redirect("registry:plan_sources", pk=plan.pk)
    if request.method == "POST":
        form = CitationForm(request.POST)
        if form.is_valid():
            try:
                services.citation_add(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Source added."))
                return redirect("registry:plan_sources", pk=plan.pk)
    return render(
        request,
        "registry/manage/plan_sources.html",
        {"plan": plan, "form": form, "citations": plan.citations.all()},
    )


@login_required
@GET_POST
def plan_publish(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    form = PublishForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_publish(actor=request.user, plan=plan)
        except ValidationError as exc:
            add_service_error(form, exc)
            plan.refresh_from_db()
        else:
            messages.success(request, _("Published: everyone can now see this plan."))
            return redirect(plan)
    return render(
        request,
        "registry/manage/plan_publish.html",
        {"plan": plan, "form": form, "citations": plan.citations.all()},
    )


@login_required
@GET_POST
def plan_status(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    posted = request.POST.get("transition") if request.method == "POST" else None
    if posted is not None and posted not in TRANSITION_SERVICES:
        return HttpResponseBadRequest(_("Unknown status change: %(name)s") % {"name": posted})
    successors = _owner_plans(request.user, plan)
    names = services.plan_transitions_allowed(plan)
    forms = {
        name: transition_form(name, request.POST if name == posted else None, successors=successors)
        for name in {*names, posted} - {None}
    }
    if posted:
        form = forms[posted]
        if form.is_valid():
            try:
                TRANSITION_SERVICES[posted](actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
                plan.refresh_from_db()
            else:
                messages.success(
                    request, _("Status is now: %(status)s.") % {"status": plan.get_status_display()}
                )
                return redirect(plan)
    transitions = [
        {"name": n, "label": TRANSITION_LABELS[n], "help": TRANSITION_HELP[n], "form": forms[n]}
        for n in names
    ]
    refused = forms[posted] if posted and posted not in names else None
    return render(
        request,
        "registry/manage/plan_status.html",
        {"plan": plan, "transitions": transitions, "refused": refused},
    )
