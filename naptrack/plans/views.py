"""Structure pages. Reading goes through plan_for_read (drafts 404 for outsiders),
writing through plan_for_edit (403 unless coordinator of the plan's owner).

Adding, editing and removing elements share three views driven by KINDS. Elements
inside an action (the action itself, its responsibilities, indicators, targets and
budget lines) answer htmx requests with the action's fragment; everything else, and
every request without JavaScript, gets a plain redirect to the structure page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh, reswap, retarget

from naptrack.core.downloads import name_download
from naptrack.core.forms import add_service_errors, service_error_text
from naptrack.lessons.selectors import tried_elsewhere
from naptrack.plans import forms, selectors, services
from naptrack.plans.models import (
    Action,
    BudgetLine,
    Indicator,
    IndicatorTarget,
    Objective,
    PlanPillar,
    Responsibility,
)
from naptrack.plans.spreadsheet import max_bytes
from naptrack.registry.permissions import can_edit_plan, plan_for_edit, plan_for_read

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    plan_path: str  # lookup from the element to its plan
    create: Callable
    update: Callable
    delete: Callable
    parent: type | None = None  # taken from ?parent= when the form has no parent field
    in_action: bool = False  # lives in an action's fragment


S = services
KINDS = {
    "pillar": Kind(
        PlanPillar,
        forms.PillarForm,
        "plan",
        create=lambda a, plan, _p, d: S.pillar_create(actor=a, plan=plan, **d),
        update=lambda a, e, d: S.pillar_update(actor=a, plan_pillar=e, **d),
        delete=lambda a, e: S.pillar_delete(actor=a, plan_pillar=e),
    ),
    "objective": Kind(
        Objective,
        forms.ObjectiveForm,
        "plan",
        create=lambda a, _plan, _p, d: S.objective_create(actor=a, **d),
        update=lambda a, e, d: S.objective_update(actor=a, objective=e, **d),
        delete=lambda a, e: S.objective_delete(actor=a, objective=e),
    ),
    "action": Kind(
        Action,
        forms.ActionForm,
        "plan",
        create=lambda a, _plan, _p, d: S.action_create(actor=a, **d),
        update=lambda a, e, d: S.action_update(actor=a, action=e, **d),
        delete=lambda a, e: S.action_delete(actor=a, action=e),
        in_action=True,
    ),
    "responsibility": Kind(
        Responsibility,
        forms.ResponsibilityForm,
        "action__plan",
        create=lambda a, _plan, p, d: S.responsibility_create(actor=a, action=p, **d),
        update=lambda a, e, d: S.responsibility_update(actor=a, responsibility=e, **d),
        delete=lambda a, e: S.responsibility_delete(actor=a, responsibility=e),
        parent=Action,
        in_action=True,
    ),
    "indicator": Kind(
        Indicator,
        forms.IndicatorForm,
        "plan",
        create=lambda a, _plan, _p, d: S.indicator_create(actor=a, **d),
        update=lambda a, e, d: S.indicator_update(actor=a, indicator=e, **d),
        delete=lambda a, e: S.indicator_delete(actor=a, indicator=e),
        in_action=True,
    ),
    "target": Kind(
        IndicatorTarget,
        forms.TargetForm,
        "indicator__plan",
        create=lambda a, _plan, p, d: S.target_set(actor=a, indicator=p, **d),
        update=lambda a, e, d: S.target_set(
            actor=a, indicator=e.indicator, period=e.period, value=d["value"]
        ),
        delete=lambda a, e: S.target_delete(actor=a, target=e),
        parent=Indicator,
        in_action=True,
    ),
    "budget": Kind(
        BudgetLine,
        forms.BudgetLineForm,
        "action__plan",
        create=lambda a, _plan, p, d: S.budget_line_create(actor=a, action=p, **d),
        update=lambda a, e, d: S.budget_line_update(actor=a, budget_line=e, **d),
        delete=lambda a, e: S.budget_line_delete(actor=a, budget_line=e),
        parent=Action,
        in_action=True,
    ),
}
# Form fields that name the parent, pre-filled from ?parent= on "add" links.
PARENT_FIELDS = {"objective": "pillar", "action": "objective", "indicator": "action"}


# ---- Reading --------------------------------------------------------------------------


def structure(request, pk: int):
    plan = plan_for_read(request.user, pk)
    pillars = selectors.structure_for(plan)
    selectors.attach_structure_translations(pillars)
    context = {
        "plan": plan,
        "pillars": pillars,
        "can_edit": can_edit_plan(request.user, plan),
        "tried_elsewhere": tried_elsewhere(plan),
    }
    return render(request, "plans/structure.html", context)


def structure_changes(request, pk: int):
    plan = plan_for_read(request.user, pk)
    measures_only = request.GET.get("only") == "measures"
    versions = selectors.structure_versions(request.user, plan, measures_only=measures_only)
    page = Paginator(versions, 20).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "page": page,
        "measures_only": measures_only,
        "can_edit": can_edit_plan(request.user, plan),
    }
    return render(request, "plans/changes.html", context)


def structure_export(request, pk: int, fmt: str):
    plan = plan_for_read(request.user, pk)
    content = services.structure_export(plan=plan, fmt=fmt)
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    return _download(content, content_type, f"plan-{plan.pk}-structure.{fmt}")


def structure_template(request, pk: int):
    plan = plan_for_read(request.user, pk)
    content = services.structure_template(plan=plan)
    return _download(content, XLSX, f"plan-{plan.pk}-structure-template.xlsx")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    return name_download(response, filename)


# ---- Writing --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def structure_upload(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.structure_import(
            actor=request.user,
            plan=plan,
            workbook_file=form.cleaned_data["workbook"],
            dry_run=form.cleaned_data["dry_run"],
        )
    refused = form.is_bound and (form.errors or (result is not None and not result.ok))
    status = 400 if refused else 200
    context = {"plan": plan, "form": form, "result": result, "max_bytes": max_bytes()}
    return render(request, "plans/upload.html", context, status=status)


@require_POST
def structure_start(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    services.structure_start(actor=request.user, plan=plan)
    messages.success(request, _("The structure starts with the four pillars of resolution 1325."))
    return redirect("plans:structure", pk=plan.pk)


@require_http_methods(["GET", "POST"])
def agency_add(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    form = forms.AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s can now be named on actions.") % {"name": agency})
            return redirect("plans:structure", pk=plan.pk)
    context = {"plan": plan, "form": form, "heading": _("Register a government agency")}
    return render(request, "plans/element_form.html", context)


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404(_("No such element kind."))
    return KINDS[kind]


def _element(spec: Kind, plan, element_id: int):
    return get_object_or_404(spec.model, pk=element_id, **{spec.plan_path: plan})


def _parent(spec: Kind, plan, request):
    if spec.parent is None:
        return None
    try:
        return spec.parent.objects.get(pk=int(request.GET.get("parent", "")), plan=plan)
    except (ValueError, spec.parent.DoesNotExist) as exc:
        raise Http404(_("No such parent in this plan.")) from exc


@require_http_methods(["GET", "POST"])
def element_add(request, pk: int, kind: str):
    plan = plan_for_edit(request.user, pk)
    spec = _kind(kind)
    parent = _parent(spec, plan, request)
    initial = {PARENT_FIELDS[kind]: request.GET.get("parent")} if kind in PARENT_FIELDS else {}
    slot = _fragment_action_id(parent) if parent else None
    if kind == "indicator" and request.GET.get("parent", "").isdigit():
        slot = int(request.GET["parent"])  # "add indicator" opens inside that action
    form = spec.form(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            element = spec.create(request.user, plan, parent, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, plan, spec, element, _("Added."))
    return _form_page(request, plan, kind, form, parent=parent, slot=slot)


@require_http_methods(["GET", "POST"])
def element_edit(request, pk: int, kind: str, element_id: int):
    plan = plan_for_edit(request.user, pk)
    spec = _kind(kind)
    element = _element(spec, plan, element_id)
    form = forms.for_edit(spec.form, request.POST or None, element, plan=plan)
    if request.method == "POST" and form.is_valid():
        before = _fragment_action_id(element)
        try:
            element = spec.update(request.user, element, forms.changed_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx and before != _fragment_action_id(element):
                return HttpResponseClientRefresh()  # moved: two fragments change
            return _saved(request, plan, spec, element, _("Saved."))
    return _form_page(request, plan, kind, form, element=element, slot=_fragment_action_id(element))


@require_http_methods(["GET", "POST"])
def element_delete(request, pk: int, kind: str, element_id: int):
    plan = plan_for_edit(request.user, pk)
    spec = _kind(kind)
    element = _element(spec, plan, element_id)
    error = None
    if request.method == "POST":
        action_id = _fragment_action_id(element)
        try:
            spec.delete(request.user, element)
        except ValidationError as exc:
            error = service_error_text(exc)
        else:
            if request.htmx and spec.in_action:
                return _action_fragment(request, plan, action_id)
            messages.success(request, _("Removed."))
            return redirect("plans:structure", pk=plan.pk)
    context = {"plan": plan, "kind": kind, "element": element, "error": error}
    return render(request, "plans/element_delete.html", context, status=400 if error else 200)


def _fragment_action_id(element) -> int | None:
    if isinstance(element, Action):
        return element.pk
    if isinstance(element, IndicatorTarget):
        return element.indicator.action_id
    return getattr(element, "action_id", None)


def _action_fragment(request, plan, action_id):
    """The action's part of the structure page; empty if the action is gone."""
    action = selectors.action_with_details(plan, action_id)
    if action is None:
        return HttpResponse("")
    context = {"plan": plan, "action": action, "can_edit": True}
    return render(request, "plans/structure.html#action", context)


def _saved(request, plan, spec: Kind, element, message: str):
    if request.htmx and spec.in_action:
        return _action_fragment(request, plan, _fragment_action_id(element))
    messages.success(request, message)
    action_id = _fragment_action_id(element)
    anchor = f"#action-{action_id}" if action_id else ""
    return redirect(reverse("plans:structure", args=[plan.pk]) + anchor)


def _form_page(request, plan, kind, form, *, parent=None, element=None, slot=None):
    context = {
        "plan": plan,
        "kind": kind,
        "form": form,
        "parent": parent,
        "element": element,
        "action_id": slot,
        "heading": _heading(kind, element, parent),
    }
    status = 400 if form.is_bound and form.errors else 200
    if request.htmx and KINDS[kind].in_action and slot:
        response = render(request, "plans/element_form.html#form", context, status=status)
        if request.method == "POST":
            # Errors go back into the slot the form came from, not over the action.
            response = reswap(retarget(response, f"#slot-{slot}"), "innerHTML")
        return response
    return render(request, "plans/element_form.html", context, status=status)


# Whole sentences, one per kind, so each language can choose its own article and grammar.
ADD_HEADINGS = {
    "pillar": gettext_lazy("Add a pillar"),
    "objective": gettext_lazy("Add an objective"),
    "action": gettext_lazy("Add an action"),
    "responsibility": gettext_lazy("Add a responsible agency"),
    "indicator": gettext_lazy("Add an indicator"),
    "target": gettext_lazy("Add a target"),
    "budget": gettext_lazy("Add a budget line"),
}
ADD_TO_HEADINGS = {
    "pillar": gettext_lazy("Add a pillar to %(parent)s"),
    "objective": gettext_lazy("Add an objective to %(parent)s"),
    "action": gettext_lazy("Add an action to %(parent)s"),
    "responsibility": gettext_lazy("Add a responsible agency to %(parent)s"),
    "indicator": gettext_lazy("Add an indicator to %(parent)s"),
    "target": gettext_lazy("Add a target to %(parent)s"),
    "budget": gettext_lazy("Add a budget line to %(parent)s"),
}
CHANGE_HEADINGS = {
    "pillar": gettext_lazy("Change pillar: %(element)s"),
    "objective": gettext_lazy("Change objective: %(element)s"),
    "action": gettext_lazy("Change action: %(element)s"),
    "responsibility": gettext_lazy("Change responsible agency: %(element)s"),
    "indicator": gettext_lazy("Change indicator: %(element)s"),
    "target": gettext_lazy("Change target: %(element)s"),
    "budget": gettext_lazy("Change budget line: %(element)s"),
}


def _heading(kind: str, element, parent) -> str:
    if element is not None:
        return str(CHANGE_HEADINGS[kind]) % {"element": element}
    if parent is not None:
        return str(ADD_TO_HEADINGS[kind]) % {"parent": parent}
    return str(ADD_HEADINGS[kind])
