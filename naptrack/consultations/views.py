"""Consultation pages. Objects come through naptrack.consultations.permissions (404 for
what a user may not see, 403 for what they may see but not change); writes go through
services. Every page works without JavaScript: plain forms, then a redirect."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.consultations import forms, imports, outputs, permissions, selectors, services
from naptrack.consultations.choices import AgeBand, Sex

# One way of putting a service's errors next to their fields, shared with shadow reports.
from naptrack.core.downloads import name_download
from naptrack.core.forms import add_service_errors, flash_service_errors, run_and_flash
from naptrack.library.models import Document
from naptrack.plans.models import Action, Objective
from naptrack.registry.permissions import can_edit_plan, plan_for_edit, plan_for_read

User = get_user_model()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSIONS_SHOWN = 10  # the latest records on the consultation page; all in the API

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
        "can_record": permissions.can_record(user, consultation),
        "sessions": selectors.sessions_of(consultation)[:SESSIONS_SHOWN],
        "reach": selectors.reach(consultation),
        "is_moderator": is_moderator,
        "reason_form": forms.ReasonForm(),
        "report_form": forms_.get("report_form") or forms.ReportForm(),
        "plan_documents": _plan_documents(user, consultation),
    }


def _plan_documents(user, consultation):
    """The plan's read documents, offered as the draft text while it is being prepared."""
    from naptrack.library.choices import READABLE

    if consultation.state != "draft" or not permissions.can_coordinate(user, consultation):
        return []
    return Document.objects.filter(plan_id=consultation.plan_id, status__in=READABLE)


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
        "paragraph": consultation.paragraphs.all(),
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
    run_and_flash(request, lambda: service(actor=request.user, consultation=consultation), done)
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


# ---- Facilitators and offline input ----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def facilitators(request, pk: int):
    consultation = permissions.consultation_for_coordination(request.user, pk)
    form = forms.FacilitatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        try:
            services.facilitator_add(actor=request.user, consultation=consultation, user=user)
            messages.success(request, _("Facilitator named."))
            return redirect("consultations:facilitators", pk=consultation.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "consultation": consultation,
        "plan": consultation.plan,
        "form": form,
        "facilitators": selectors.facilitators_of(consultation),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "consultations/facilitators.html", context, status=status)


@login_required
@require_POST
def facilitator_remove(request, pk: int, facilitator: int):
    consultation = permissions.consultation_for_coordination(request.user, pk)
    named = get_object_or_404(consultation.facilitators, pk=facilitator)
    services.facilitator_remove(actor=request.user, facilitator=named)
    messages.success(request, _("Facilitator removed."))
    return redirect("consultations:facilitators", pk=consultation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk: int):
    consultation = permissions.consultation_for_recording(request.user, pk)
    parts = selectors.draft_parts(consultation)
    data = request.POST or None
    initial = {"language": (consultation.languages or [""])[0]}
    form = forms.SessionForm(data, initial=initial)
    points = forms.PointFormSet(data, parts=parts, prefix="points")
    if request.method == "POST" and form.is_valid() and points.is_valid():
        try:
            session = services.session_record(
                actor=request.user,
                consultation=consultation,
                points=points.points(),
                **form.service_fields(),
            )
            messages.success(request, _("Offline input recorded."))
            return redirect(session.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
    context = {"consultation": consultation, "plan": consultation.plan, "form": form}
    context.update(points=points, age_bands=AgeBand.labels)
    status = 400 if request.method == "POST" else 200
    return render(request, "consultations/session_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def session_detail(request, pk: int, session: int):
    session = permissions.session_for_read(request.user, pk, session)
    consultation = session.consultation
    can_record = permissions.can_record(request.user, consultation)
    form = forms.PointForm(
        request.POST or None, parts=selectors.draft_parts(consultation) if can_record else []
    )
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied(_("Only the coordinators and named facilitators may record."))
        if form.is_valid() and form.point():
            try:
                services.session_point_add(actor=request.user, session=session, **form.point())
                messages.success(request, _("Point added."))
                return redirect(session.get_absolute_url())
            except ValidationError as error:
                add_service_errors(form, error)
        elif form.is_valid():
            form.add_error("text", _("Write the point raised."))
    context = {
        "consultation": consultation,
        "plan": consultation.plan,
        "session": session,
        "points": selectors.comments_of(consultation).filter(session=session),
        "can_record": can_record,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "consultations/session.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def offline_import(request, pk: int):
    consultation = permissions.consultation_for_recording(request.user, pk)
    saved = getattr(consultation, "import_mapping", None)
    mapping = saved.columns if saved else imports.DEFAULT_MAPPING
    initial = {"default_language": (consultation.languages or [""])[0]}
    form = forms.ImportForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        fields=imports.mapping_fields(consultation),
        mapping=mapping,
    )
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            sessions = services.offline_import(
                actor=request.user,
                consultation=consultation,
                upload=form.cleaned_data["file"],
                mapping=form.mapping(),
                kind=form.cleaned_data["kind"],
                default_language=form.cleaned_data["default_language"],
            )
            n = sum(1 for _s in sessions)
            messages.success(request, _("Imported: %(n)s records.") % {"n": n})
            return redirect(consultation.get_absolute_url() + "#offline-heading")
        except imports.ImportRefused as refused:
            errors = refused.errors
    context = {"consultation": consultation, "plan": consultation.plan, "form": form}
    context["errors"] = errors
    status = 400 if request.method == "POST" else 200
    return render(request, "consultations/import.html", context, status=status)


# ---- You said, we did: the report ------------------------------------------------------


REPORT_PAGE_SIZE = 100


def _part_filter(consultation, query) -> tuple[dict, str]:
    """The report page's filter to one part (?action=<id> ...) or to general comments."""
    for name in ("objective", "action", "question", "paragraph"):
        value = query.get(name)
        if value:
            key = (name, int(value) if value.isdigit() else 0)
            return selectors.part_lookup(key), f"{name}={value}"
    if query.get("general"):
        return selectors.part_lookup(None), "general=1"
    return {}, ""


def _report_context(request, pk: int, *, paginate: bool = False) -> dict:
    consultation = permissions.consultation_for_read(request.user, pk)
    context = {"consultation": consultation, "plan": consultation.plan}
    inputs = selectors.report_inputs(consultation)
    if paginate:
        lookup, context["filter_query"] = _part_filter(consultation, request.GET)
        rows = selectors.report_rows(consultation).filter(**lookup).values_list("pk", flat=True)
        context["page_obj"] = Paginator(rows, REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
        inputs = list(inputs.filter(pk__in=list(context["page_obj"].object_list)))
    report = selectors.consultation_report(consultation, None if not paginate else inputs)
    context.update(
        report=report,
        rows=list(outputs.input_rows(report)),
        can_answer=permissions.can_coordinate(request.user, consultation)
        and consultation.state in ("open", "closed"),
        consultation_url=request.build_absolute_uri(consultation.get_absolute_url()),
    )
    return context


@require_GET
def report_page(request, pk: int):
    context = _report_context(request, pk, paginate=True)
    return render(request, "consultations/report.html", context)


@require_GET
def report_pdf(request, pk: int):
    context = _report_context(request, pk)
    html = render_to_string("consultations/report_print.html", context, request=request)
    response = HttpResponse(outputs.pdf_bytes(html), content_type="application/pdf")
    return name_download(response, f"naptrack-consultation-{pk}.pdf", inline=True)


@require_GET
def report_xlsx(request, pk: int):
    consultation = permissions.consultation_for_read(request.user, pk)
    data = outputs.xlsx_bytes(selectors.consultation_report(consultation))
    response = HttpResponse(data, content_type=XLSX)
    return name_download(response, f"naptrack-consultation-{pk}.xlsx")


@require_GET
def field_form_pdf(request, pk: int):
    """A paper form to take to the field: one version per language of the consultation
    (the form's own words in that language where the site has it; the questions and the
    draft as their authors wrote them)."""
    consultation = permissions.consultation_for_read(request.user, pk)
    site_languages = {code for code, _name in settings.LANGUAGES}
    wanted = consultation.languages or [settings.LANGUAGE_CODE]
    versions = [code for code in wanted if code in site_languages] or [settings.LANGUAGE_CODE]
    untranslated = [code for code in wanted if code not in site_languages]
    context = {
        "consultation": consultation,
        "versions": versions,
        "untranslated": untranslated,
        "questions": list(consultation.questions.all()),
        "structure": selectors.draft_structure(consultation),
        "sexes": Sex.labels,
        "age_bands": AgeBand.labels,
    }
    html = render_to_string("consultations/field_form_print.html", context, request=request)
    response = HttpResponse(outputs.pdf_bytes(html), content_type="application/pdf")
    return name_download(response, f"naptrack-consultation-{pk}-form.pdf", inline=True)


@login_required
@require_POST
def draft_attach(request, pk: int):
    consultation = permissions.consultation_for_coordination(request.user, pk)
    document = Document.objects.filter(
        plan_id=consultation.plan_id, pk=request.POST.get("document") or None
    ).first()
    if document is None:
        messages.error(request, _("Choose a document of this plan."))
        return redirect(consultation.get_absolute_url())
    try:
        n = services.consultation_draft_attach(
            actor=request.user, consultation=consultation, document=document
        )
        messages.success(request, _("The draft text has %(n)s paragraphs.") % {"n": n})
    except ValidationError as error:
        flash_service_errors(request, error)
    return redirect(consultation.get_absolute_url() + "#text-heading")
