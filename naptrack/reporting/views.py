"""Reporting pages. Objects come through naptrack.reporting.permissions (404 for what a
user may not see, 403 for what they may see but not change); writes go through services.
Every page works without JavaScript: plain forms, then a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.core.evidence import evidence_file_response, evidence_posted
from naptrack.core.evidence_files import limit_evidence_uploads
from naptrack.core.forms import add_service_errors, flash_service_errors, run_and_flash
from naptrack.registry.permissions import can_edit_plan, plan_for_edit, plan_for_read
from naptrack.registry.selectors import plans_editable_by
from naptrack.reporting import forms, permissions, selectors, services
from naptrack.reporting.choices import EDITABLE_STATES, CycleState
from naptrack.reporting.models import ReportingSchedule
from naptrack.reporting.services import ConflictError

UPDATE_FORM_ID = "update-form"

# ---- The agency's pages --------------------------------------------------------------


@login_required
@require_GET
def my_reporting(request):
    user = request.user
    context = {
        "updates": list(selectors.updates_for_reporter(user)),
        "cycles": list(selectors.cycles_coordinated_by(user)),
        "plans": list(plans_editable_by(user)),
    }
    return render(request, "reporting/mine.html", context)


def _update_context(request, update, *, form=None, value_forms=None, evidence_form=None):
    detail = selectors.update_detail(update.pk)
    indicators = selectors.action_indicators(detail)
    can_edit = (
        permissions.can_report_for(request.user, detail)
        and detail.state in EDITABLE_STATES
        and detail.cycle.state == CycleState.OPEN
    )
    if form is None:
        form = forms.UpdateForm(initial=_initial(detail))
    if value_forms is None:
        values = {v.indicator_id: v for v in detail.indicator_values.all()}
        value_forms = [
            forms.IndicatorValueForm(
                indicator=i, initial=forms.IndicatorValueForm.initial_from(values.get(i.pk))
            )
            for i in indicators
        ]
    evidence_form = evidence_form or forms.EvidenceForm()
    for field in evidence_form.fields.values():
        # The evidence fields belong to the update form (HTML form attribute), so "Add
        # evidence" also carries the unsaved narrative and figures, which are saved first.
        field.widget.attrs["form"] = UPDATE_FORM_ID
    return {
        "update": detail,
        "form": form,
        "update_form_id": UPDATE_FORM_ID,
        "value_forms": value_forms,
        "evidence_form": evidence_form,
        "comments": selectors.open_comments(detail),
        "can_edit": can_edit,
        "can_review": permissions.can_review(request.user, detail),
    }


def _initial(update) -> dict:
    return {
        "version": update.version,
        "status": update.status,
        "narrative": update.narrative,
        "spending_amount": update.spending_amount,
        "spending_currency": update.spending_currency,
    }


@login_required
@require_http_methods(["GET", "POST"])
def update_edit(request, pk: int):
    update = permissions.update_for_read(request.user, pk)
    if request.method == "GET":
        return render(request, "reporting/update.html", _update_context(request, update))
    update = permissions.update_for_reporter(request.user, pk)
    form = forms.UpdateForm(request.POST)
    indicators = selectors.action_indicators(update)
    value_forms = [forms.IndicatorValueForm(request.POST, indicator=i) for i in indicators]
    status, conflict = 400, None
    if form.is_valid() and all(f.is_valid() for f in value_forms):
        try:
            _save_and_maybe_submit(request, update, form, value_forms)
            return redirect("reporting:update", pk=update.pk)
        except ConflictError as error:
            status, conflict = 409, error.message
        except ValidationError as error:
            _attach_errors(error, form, value_forms)
    context = _update_context(request, update, form=form, value_forms=value_forms)
    context["conflict"] = conflict
    return render(request, "reporting/update.html", context, status=status)


def _save_draft(request, update, form, value_forms):
    data = form.cleaned_data
    return services.update_save(
        actor=request.user,
        update=update,
        expected_version=data["version"],
        status=data["status"],
        narrative=data["narrative"],
        spending_amount=data["spending_amount"],
        spending_currency=data["spending_currency"],
        indicator_values=[f.to_input() for f in value_forms],
    )


def _save_and_maybe_submit(request, update, form, value_forms) -> None:
    saved = _save_draft(request, update, form, value_forms)
    if request.POST.get("intent") == "submit":
        services.update_submit(actor=request.user, update=saved, expected_version=saved.version)
        messages.success(request, _("Submitted for review."))
    else:
        messages.success(request, _("Saved as a draft."))


def _attach_errors(error: ValidationError, form, value_forms) -> None:
    """Put a service's errors next to the fields they are about: an indicator's on its
    fieldset, the others as every form does (core.forms.add_service_errors)."""
    by_code = {f"indicator:{f.indicator.code}": f for f in value_forms}
    if hasattr(error, "error_dict"):
        rest = {}
        for name, found in error.message_dict.items():
            if name in by_code:
                by_code[name].add_error(None, found)
            else:
                rest[name] = found
        error = ValidationError(rest)
    add_service_errors(form, error)


@limit_evidence_uploads
@login_required
@require_POST
def evidence_add(request, pk: int):
    update = permissions.update_for_reporter(request.user, pk)
    if "version" in request.POST:  # the button sits in the update form: keep the draft first
        refused = _save_draft_before_evidence(request, update)
        if refused is not None:
            return refused
        update = permissions.update_for_reporter(request.user, pk)
    form = forms.EvidenceForm(request.POST, request.FILES)
    refused = evidence_posted(request, form, services.EVIDENCE, update)
    if refused is None:
        return redirect(update.get_absolute_url() + "#evidence")
    context = _update_context(request, update, evidence_form=form)
    return render(request, "reporting/update.html", context, status=refused)


def _save_draft_before_evidence(request, update):
    """Save what the reporter typed in the update form before adding evidence, so nothing
    typed is lost; when the draft cannot be saved, show it again with its errors and add
    no evidence. Returns the page to show instead, or None when the draft was saved."""
    form = forms.UpdateForm(request.POST)
    indicators = selectors.action_indicators(update)
    value_forms = [forms.IndicatorValueForm(request.POST, indicator=i) for i in indicators]
    status, conflict = 400, None
    if form.is_valid() and all(f.is_valid() for f in value_forms):
        try:
            _save_draft(request, update, form, value_forms)
            return None
        except ConflictError as error:
            status, conflict = 409, error.message
        except ValidationError as error:
            _attach_errors(error, form, value_forms)
    evidence_form = forms.EvidenceForm(request.POST)
    context = _update_context(
        request, update, form=form, value_forms=value_forms, evidence_form=evidence_form
    )
    context["conflict"] = conflict
    return render(request, "reporting/update.html", context, status=status)


@login_required
@require_POST
def evidence_remove(request, pk: int):
    evidence = permissions.evidence_for_reporter(request.user, pk)
    update = evidence.update
    run_and_flash(
        request,
        lambda: services.EVIDENCE.remove(actor=request.user, evidence=evidence),
        _("Evidence removed."),
    )
    return redirect(update.get_absolute_url() + "#evidence")


@require_GET
def evidence_download(request, pk: int):
    evidence = permissions.evidence_for_download(request.user, pk)
    return evidence_file_response(evidence)


# ---- The coordinator's pages ---------------------------------------------------------


def _plan_context(plan, *, schedule_form=None, cycle_form=None) -> dict:
    schedule = ReportingSchedule.objects.filter(plan=plan).first()
    if schedule_form is None:
        initial = {"frequency": "annual", "due_days": 30}
        if schedule:
            initial = {
                "frequency": schedule.frequency,
                "first_period_start": schedule.first_period_start,
                "due_days": schedule.due_days,
            }
        elif plan.period_start:
            initial["first_period_start"] = f"{plan.period_start}-01-01"
        schedule_form = forms.ScheduleForm(initial=initial)
    return {
        "plan": plan,
        "schedule": schedule,
        "schedule_form": schedule_form,
        "cycle_form": cycle_form or forms.CycleForm(),
        "cycles": list(selectors.cycles_with_progress(plan)),
    }


@require_GET
def plan_reporting(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    return render(request, "reporting/plan.html", _plan_context(plan))


@require_POST
def schedule_save(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    form = forms.ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.schedule_set(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("Reporting schedule saved."))
            return redirect("reporting:plan", pk=plan.pk)
        except ValidationError as error:
            form.add_error(None, error)
    context = _plan_context(plan, schedule_form=form)
    return render(request, "reporting/plan.html", context, status=400)


@require_POST
def cycles_generate(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    try:
        created = services.schedule_generate_cycles(actor=request.user, plan=plan)
        messages.success(request, _("%(n)d cycle(s) added.") % {"n": len(created)})
    except ValidationError as error:
        flash_service_errors(request, error)
    return redirect("reporting:plan", pk=plan.pk)


@require_POST
def cycle_add(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    form = forms.CycleForm(request.POST)
    if form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("Cycle %(label)s added.") % {"label": cycle.label})
            return redirect("reporting:plan", pk=plan.pk)
        except ValidationError as error:
            form.add_error(None, error)
    context = _plan_context(plan, cycle_form=form)
    return render(request, "reporting/plan.html", context, status=400)


def _cycle_context(cycle, *, report_form=None, correction_form=None) -> dict:
    reports = selectors.report_versions(cycle, include_draft=True)
    draft = next((r for r in reports if r.state == "draft"), None)
    latest = reports[-1] if reports else None
    if report_form is None:
        summary = draft.summary if draft else ""
        language = draft.language if draft else (latest.language if latest else "")
        report_form = forms.ReportForm(initial={"summary": summary, "language": language})
    return {
        "plan": cycle.plan,
        "cycle": cycle,
        "updates": list(selectors.cycle_updates(cycle)),
        "unassigned": list(selectors.unassigned_actions(cycle)),
        "reports": reports,
        "draft": draft,
        "latest": latest,
        "report_form": report_form,
        "correction_form": correction_form or forms.CorrectionForm(),
    }


@require_GET
def cycle_detail(request, pk: int, cycle: int):
    cycle = permissions.cycle_for_edit(request.user, pk, cycle)
    return render(request, "reporting/cycle.html", _cycle_context(cycle))


CYCLE_TRANSITIONS = {
    "open": (services.cycle_open, _("Cycle opened: the agencies can report now.")),
    "close": (services.cycle_close, _("Cycle closed: agencies can no longer change updates.")),
}


@require_POST
def cycle_transition(request, pk: int, cycle: int, transition: str):
    cycle = permissions.cycle_for_edit(request.user, pk, cycle)
    service, message = CYCLE_TRANSITIONS[transition]
    try:
        service(actor=request.user, cycle=cycle)
        messages.success(request, message)
    except ValidationError as error:
        flash_service_errors(request, error)
    return redirect(cycle.get_absolute_url())


def _review_update(request, pk, cycle, update):
    cycle = permissions.cycle_for_edit(request.user, pk, cycle)
    update = permissions.update_for_review(request.user, update)
    if update.cycle_id != cycle.pk:
        raise Http404(_("This cycle has no such update."))
    return update


@require_http_methods(["GET", "POST"])
def review(request, pk: int, cycle: int, update: int):
    update = _review_update(request, pk, cycle, update)
    indicators = selectors.action_indicators(update)
    form = forms.ReviewForm(request.POST or None, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        try:
            _decide(request, update, form)
            return redirect(update.cycle.get_absolute_url())
        except ValidationError as error:
            form.add_error(None, error)
    context = _update_context(request, update)
    context.update(review_form=form, indicators=indicators)
    return render(request, "reporting/review.html", context, status=400 if form.errors else 200)


def _decide(request, update, form) -> None:
    if form.cleaned_data["decision"] == "approve":
        services.update_approve(actor=request.user, update=update)
        messages.success(request, _("Approved: %(update)s.") % {"update": update})
    else:
        services.update_return(actor=request.user, update=update, comments=form.comments())
        messages.success(request, _("Returned to the agency: %(update)s.") % {"update": update})


@require_POST
def report_compile(request, pk: int, cycle: int):
    cycle = permissions.cycle_for_edit(request.user, pk, cycle)
    form = forms.ReportForm(request.POST)
    if form.is_valid():
        try:
            report = services.report_compile(
                actor=request.user,
                cycle=cycle,
                summary=form.cleaned_data["summary"],
                language=form.cleaned_data["language"],
            )
            messages.success(request, _("Draft report v%(n)d compiled.") % {"n": report.version})
            return redirect(cycle.get_absolute_url() + "#report")
        except ValidationError as error:
            form.add_error(None, error)
    context = _cycle_context(cycle, report_form=form)
    return render(request, "reporting/cycle.html", context, status=400)


@require_http_methods(["GET", "POST"])
def report_publish(request, pk: int, cycle: int, version: int):
    """Publishing cannot be undone, so it takes two steps that work without JavaScript:
    this page asks, and only a POST carrying its `confirm` field publishes."""
    report = permissions.report_for_edit(request.user, pk, cycle, version)
    if request.method == "GET" or request.POST.get("confirm") != "publish":
        context = {"report": report, "cycle": report.cycle, "plan": report.cycle.plan}
        return render(request, "reporting/report_publish_confirm.html", context)
    try:
        report = services.report_publish(actor=request.user, report=report)
        messages.success(request, _("Published: everyone can now read this report."))
        return redirect(report.get_absolute_url())
    except ValidationError as error:
        flash_service_errors(request, error)
    return redirect(report.cycle.get_absolute_url() + "#report")


@require_POST
def report_correct(request, pk: int, cycle: int, version: int):
    report = permissions.report_for_edit(request.user, pk, cycle, version)
    form = forms.CorrectionForm(request.POST)
    if form.is_valid():
        try:
            correction = services.report_correct(
                actor=request.user, report=report, note=form.cleaned_data["note"]
            )
            messages.success(
                request, _("Correction v%(n)d started as a draft.") % {"n": correction.version}
            )
            return redirect(report.cycle.get_absolute_url() + "#report")
        except ValidationError as error:
            form.add_error(None, error)
    context = _cycle_context(report.cycle, correction_form=form)
    return render(request, "reporting/cycle.html", context, status=400)


# ---- Public pages ----------------------------------------------------------------------


@require_GET
def report_list(request, pk: int):
    plan = plan_for_read(request.user, pk)
    context = {
        "plan": plan,
        "cycles": list(selectors.cycles_for_plan(plan)),
        "can_edit": can_edit_plan(request.user, plan),
    }
    return render(request, "reporting/reports.html", context)


@require_GET
def report_detail(request, pk: int, cycle: int, version: int):
    report = permissions.report_for_read(request.user, pk, cycle, version)
    can_edit = can_edit_plan(request.user, report.cycle.plan)
    context = {
        "plan": report.cycle.plan,
        "cycle": report.cycle,
        "report": report,
        "snapshot": report.snapshot,
        "versions": selectors.report_versions(report.cycle, include_draft=can_edit),
        "can_edit": can_edit,
        # The report's documents (library app, through the reverse relation): its
        # coordinators follow their reading; everyone else sees the readable ones.
        "documents": report.documents.all() if can_edit else report.documents.readable(),
    }
    return render(request, "reporting/report.html", context)


@require_GET
def report_latest(request, pk: int, cycle: int):
    cycle = permissions.cycle_for_read(request.user, pk, cycle)
    published = selectors.report_versions(cycle, include_draft=False)
    if not published:
        raise Http404(_("This cycle has no published report yet."))
    return redirect(published[-1].get_absolute_url())
