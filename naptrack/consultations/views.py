"""Consultation pages. Objects come through naptrack.consultations.permissions (404 for
what a user may not see, 403 for what they may see but not change); writes go through
services. Every page works without JavaScript: plain forms, then a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.consultations import forms, permissions, selectors, services

# One way of putting a service's errors next to their fields, shared with shadow reports.
from naptrack.core.forms import add_service_errors, flash_service_errors
from naptrack.plans.models import Action, Objective
from naptrack.registry.permissions import can_edit_plan, plan_for_edit, plan_for_read

# ---- Everyone ------------------------------------------------------------------------


@require_GET
def consultation_list(request):
    plan = None
    if request.GET.get("plan"):
        plan = plan_for_read(request.user, request.GET["plan"])
    consultations = list(selectors.consultations_visible_to(request.user, plan=plan))
    context = {
        "consultations": consultations,
        "plan": plan,
        "can_create": plan is not None and can_edit_plan(request.user, plan),
    }
    return render(request, "consultations/list.html", context)


def _detail_context(request, consultation, **forms_) -> dict:
    user = request.user
    is_moderator = permissions.is_moderator(user)
    return {
        "consultation": consultation,
        "plan": consultation.plan,
        "page": selectors.consultation_page(consultation, include_hidden=is_moderator),
        "can_comment": permissions.can_comment(user, consultation),
        "is_participant": permissions.is_participant(user, consultation),
        "taking_input": permissions.is_taking_input(consultation),
        "can_coordinate": permissions.can_coordinate(user, consultation),
        "is_moderator": is_moderator,
        "reason_form": forms.ReasonForm(),
        "report_form": forms_.get("report_form") or forms.ReportForm(),
    }


@require_GET
def consultation_detail(request, pk: int):
    consultation = permissions.consultation_for_read(request.user, pk)
    return render(request, "consultations/detail.html", _detail_context(request, consultation))


def _part(consultation, source):
    """The objective, action or question named in the query or form, or None."""
    lookups = {
        "objective": Objective.objects.filter(plan_id=consultation.plan_id),
        "action": Action.objects.filter(plan_id=consultation.plan_id),
        "question": consultation.questions.all(),
    }
    for name, queryset in lookups.items():
        value = source.get(name)
        if value:
            part = queryset.filter(pk=value if str(value).isdigit() else None).first()
            if part is None:
                raise Http404(_("This consultation has no such part."))
            return name, part
    return "", None


@require_http_methods(["GET", "POST"])
def comment_post(request, pk: int):
    consultation = permissions.consultation_for_read(request.user, pk)
    kind, part = _part(consultation, request.POST or request.GET)
    signed_in = request.user.is_authenticated
    form = forms.CommentForm(request.POST or None, signed_in=signed_in)
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.comment_post(
                actor=request.user, consultation=consultation, part=part, **form.service_fields()
            )
            messages.success(request, _("Thank you: your comment is published."))
            return redirect(comment.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "consultation": consultation,
        "plan": consultation.plan,
        "form": form,
        "kind": kind,
        "part": part,
        "can_comment": permissions.can_comment(request.user, consultation),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "consultations/comment.html", context, status=status)


@login_required
@require_POST
def comment_support(request, pk: int, comment: int):
    comment = permissions.comment_for_read(request.user, pk, comment)
    try:
        services.comment_support(actor=request.user, comment=comment)
        messages.success(request, _("You support this comment."))
    except ValidationError as error:
        flash_service_errors(request, error)
    return redirect(comment.get_absolute_url())


# ---- Moderators ----------------------------------------------------------------------


@login_required
@require_POST
def comment_moderate(request, pk: int, comment: int, transition: str):
    comment = permissions.comment_for_moderation(request.user, pk, comment)
    service = {"hide": services.comment_hide, "unhide": services.comment_unhide}[transition]
    form = forms.ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason for the record."))
        service(actor=request.user, comment=comment, **form.cleaned_data)
        messages.success(request, _("Hidden.") if transition == "hide" else _("Restored."))
    except ValidationError as error:
        flash_service_errors(request, error)
    return redirect(comment.get_absolute_url())


# ---- The plan owner's coordinators ---------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request, pk: int):
    plan = plan_for_edit(request.user, pk)
    form = forms.ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(
                actor=request.user, plan=plan, **form.service_fields()
            )
            messages.success(request, _("Consultation prepared. Open it when it is ready."))
            return redirect(consultation.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
    status = 400 if request.method == "POST" else 200
    context = {"plan": plan, "form": form, "consultation": None}
    return render(request, "consultations/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request, pk: int):
    consultation = permissions.consultation_for_coordination(request.user, pk)
    initial = forms.ConsultationForm.initial_for(consultation)
    form = forms.ConsultationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(
                actor=request.user, consultation=consultation, **form.service_fields()
            )
            messages.success(request, _("Saved."))
            return redirect(consultation.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
    status = 400 if request.method == "POST" else 200
    context = {"plan": consultation.plan, "form": form, "consultation": consultation}
    return render(request, "consultations/form.html", context, status=status)


TRANSITIONS = {
    "open": (services.consultation_open, _lazy("The consultation is open.")),
    "close": (services.consultation_close, _lazy("The consultation is closed.")),
}


@login_required
@require_POST
def consultation_transition(request, pk: int, transition: str):
    consultation = permissions.consultation_for_coordination(request.user, pk)
    service, done = TRANSITIONS[transition]
    try:
        service(actor=request.user, consultation=consultation)
        messages.success(request, done)
    except ValidationError as error:
        flash_service_errors(request, error)
    return redirect(consultation.get_absolute_url())


@login_required
@require_POST
def report_publish(request, pk: int):
    consultation = permissions.consultation_for_coordination(request.user, pk)
    form = forms.ReportForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_report_publish(
                actor=request.user, consultation=consultation, **form.cleaned_data
            )
            messages.success(request, _("The answers are published."))
            return redirect(consultation.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
    context = _detail_context(request, consultation, report_form=form)
    return render(request, "consultations/detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def comment_answer(request, pk: int, comment: int):
    comment = permissions.comment_for_answer(request.user, pk, comment)
    answer = getattr(comment, "answer", None)
    initial = (
        {"outcome": answer.outcome, "text": answer.text, "action": answer.action_id}
        if answer
        else {}
    )
    plan = comment.consultation.plan
    form = forms.AnswerForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_answer(actor=request.user, comment=comment, **form.cleaned_data)
            messages.success(request, _("Answer saved."))
            return redirect(comment.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
    context = {"comment": comment, "consultation": comment.consultation, "plan": plan, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "consultations/answer.html", context, status=status)
