"""Shadow-report pages. Objects come through naptrack.shadow_reports.permissions (404
for what a user may not see, 403 for what they may see but not change); writes go
through services. Every page works without JavaScript: plain forms, then a redirect."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.accounts.models import Organization
from naptrack.core.evidence import evidence_file_response, evidence_posted
from naptrack.core.evidence_files import limit_evidence_uploads
from naptrack.core.forms import (
    add_service_errors,
    flash_service_errors,
    run_and_flash,
    service_error_text,
)
from naptrack.plans.models import Action
from naptrack.registry.permissions import plan_for_read
from naptrack.shadow_reports import forms, permissions, selectors, services
from naptrack.shadow_reports.choices import OPEN_INVITATION_STATES, InvitationState, ShadowState
from naptrack.shadow_reports.models import ActionAssessment, AssessmentEvidence

# ---- Public pages --------------------------------------------------------------------


@require_GET
def plan_reports(request, pk: int):
    plan = plan_for_read(request.user, pk)
    form = forms.SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "plan": plan,
        "form": form,
        "reports": list(selectors.public_reports(plan, q=q)),
        "can_write": bool(permissions.member_organization_ids(request.user)),
    }
    return render(request, "shadow_reports/plan_reports.html", context)


def _documents(report, is_author: bool):
    """The report's documents (library app, through the reverse relation): the authors
    follow their reading; once the report is public, everyone sees the readable ones
    (the document pages apply the same rule)."""
    if is_author:
        return report.documents.all()
    return report.documents.readable() if permissions.is_public(report) else []


def _detail_context(request, report, **forms_) -> dict:
    user = request.user
    detail = selectors.report_detail(report)
    is_author = permissions.can_author(user, detail)
    invitations = selectors.report_invitations(detail) if is_author else []
    context = {
        "report": detail,
        "plan": report.plan,
        "is_public": permissions.is_public(detail),
        "is_author": is_author,
        "documents": _documents(detail, is_author),
        "invitations": invitations,
        "pending_names": [i.organization.name for i in invitations if i.is_pending],
        "my_invitations": _my_pending_invitations(user, detail),
        "is_moderator": permissions.is_moderator(user),
        "show_identity": permissions.can_see_identity(user, detail),
        "reply": getattr(detail, "right_of_reply", None),
        "can_reply": permissions.can_reply(user, detail) and not hasattr(detail, "right_of_reply"),
        "publish_form": forms_.get("publish_form") or forms.PublishForm(),
        "withdraw_form": forms.WithdrawForm(),
        "reason_form": forms_.get("reason_form") or forms.ReasonForm(),
        "reply_form": forms_.get("reply_form") or forms.ReplyForm(),
    }
    return context


def _my_pending_invitations(user, report) -> list:
    """The invitations to this report the user may answer (usually one)."""
    orgs = permissions.member_organization_ids(user)
    if not orgs:
        return []
    return list(
        report.invitations.filter(state=InvitationState.PENDING, organization_id__in=orgs)
        .select_related("organization")
        .order_by("pk")
    )


@require_GET
def report_detail(request, pk: int):
    report = permissions.report_for_read(request.user, pk)
    return render(request, "shadow_reports/detail.html", _detail_context(request, report))


@require_GET
def side_by_side(request, pk: int):
    plan = plan_for_read(request.user, pk)
    cycles = selectors.plan_cycles(plan)
    cycle = None
    if request.GET.get("cycle"):
        cycle = next((c for c in cycles if str(c.pk) == request.GET["cycle"]), None)
        if cycle is None:
            raise Http404(_("This plan has no such reporting cycle."))
    context = {
        "plan": plan,
        "cycles": cycles,
        "side": selectors.official_vs_shadow(plan, cycle),
    }
    return render(request, "shadow_reports/side_by_side.html", context)


@require_GET
def evidence_download(request, pk: int):
    evidence = permissions.evidence_for_download(request.user, pk)
    return evidence_file_response(evidence)


# ---- Authors -------------------------------------------------------------------------


@login_required
@require_GET
def my_reports(request):
    context = {
        "reports": list(selectors.reports_for_member(request.user)),
        "now": timezone.now(),
        "organizations": Organization.objects.filter(
            pk__in=permissions.member_organization_ids(request.user)
        ),
    }
    return render(request, "shadow_reports/mine.html", context)


def _report_fields(data: dict) -> dict:
    fields = dict(data)
    fields.pop("author", None)
    return fields


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, pk: int):
    plan = plan_for_read(request.user, pk)
    authors = Organization.objects.filter(pk__in=permissions.member_organization_ids(request.user))
    if not authors.exists():
        raise PermissionDenied(_("Only civil-society members can write shadow reports."))
    form = forms.ShadowReportForm(
        request.POST or None, plan=plan, authors=authors, co_author_search=_search(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.shadow_report_create(
                actor=request.user, plan=plan, author=data["author"], **_report_fields(data)
            )
            messages.success(request, _("Draft created. Now assess the plan's actions."))
            _invited_message(request, report)
            return redirect("shadow_reports:edit", pk=report.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    status = 400 if request.method == "POST" else 200
    context = {"plan": plan, "form": form}
    return render(request, "shadow_reports/create.html", context, status=status)


def _invited_message(request, report) -> None:
    names = [i.organization.name for i in selectors.report_invitations(report) if i.is_pending]
    if names:
        messages.info(
            request,
            _(
                "Invited to co-author: %(names)s. An organization is named on the report, "
                "and its members can edit it, once one of them accepts."
            )
            % {"names": ", ".join(names)},
        )


def _initial(report) -> dict:
    return {
        "title": report.title,
        "language": report.language,
        "cycle": report.cycle_id,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "co_authors": list(
            report.invitations.filter(state__in=OPEN_INVITATION_STATES).values_list(
                "organization_id", flat=True
            )
        ),
        "publication_mode": report.publication_mode,
        "pseudonym": report.pseudonym,
        "findings": report.findings,
        "recommendations": report.recommendations,
    }


def _search(request) -> str:
    """The co-author search of a GET (the picker is filtered on the server, no JavaScript)."""
    if request.method != "GET":
        return ""
    return request.GET.get("co_author_search", "").strip()[:100]


def _editor_context(
    report, form=None, assessment_forms=None, evidence_forms=None, co_author_search=""
) -> dict:
    detail = selectors.report_detail(report)
    by_action = {a.action_id: a for a in detail.assessments.all()}
    official_report, official_statuses = selectors.official_statuses_for_editor(report)
    rows = []
    for action in selectors.plan_actions(report.plan):
        assessment = by_action.get(action.pk)
        initial = {}
        if assessment:
            initial = {
                "agrees_with_official": assessment.agrees_with_official,
                "own_status": assessment.own_status,
                "narrative": assessment.narrative,
            }
        prefix = f"a{action.pk}"
        assessment_form = (assessment_forms or {}).get(action.pk) or forms.AssessmentForm(
            initial=initial, prefix=prefix
        )
        evidence_form = None
        if assessment:
            evidence_form = (evidence_forms or {}).get(assessment.pk) or forms.EvidenceForm(
                prefix=f"e{assessment.pk}"
            )
        official = official_statuses.get(action.pk)
        rows.append((action, assessment, assessment_form, evidence_form, official))
    return {
        "official_report": official_report,
        "report": detail,
        "plan": report.plan,
        "invitations": selectors.report_invitations(detail),
        "form": form
        or forms.ShadowReportForm(
            initial=_initial(detail), plan=report.plan, co_author_search=co_author_search
        ),
        "rows": rows,
        "editable": detail.state == ShadowState.DRAFT,
    }


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    report = permissions.report_for_author(request.user, pk)
    if request.method == "GET":
        context = _editor_context(report, co_author_search=_search(request))
        return render(request, "shadow_reports/edit.html", context)
    form = forms.ShadowReportForm(request.POST, plan=report.plan)
    if form.is_valid():
        try:
            services.shadow_report_update(
                actor=request.user, report=report, **_report_fields(form.cleaned_data)
            )
            messages.success(request, _("Saved."))
            return redirect("shadow_reports:edit", pk=report.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    context = _editor_context(report, form=form)
    return render(request, "shadow_reports/edit.html", context, status=400)


@login_required
@require_POST
def assessment_save(request, pk: int, action: int):
    report = permissions.report_for_author(request.user, pk)
    action_obj = get_object_or_404(Action, pk=action, plan=report.plan)
    form = forms.AssessmentForm(request.POST, prefix=f"a{action_obj.pk}")
    if form.is_valid():
        try:
            services.assessment_save(
                actor=request.user, report=report, action=action_obj, **form.cleaned_data
            )
            messages.success(
                request, _("Assessment of %(code)s saved.") % {"code": action_obj.code}
            )
            return redirect(_action_anchor(report, action_obj.pk))
        except ValidationError as error:
            add_service_errors(form, error)
    context = _editor_context(report, assessment_forms={action_obj.pk: form})
    return render(request, "shadow_reports/edit.html", context, status=400)


def _action_anchor(report, action_pk) -> str:
    return f"{report.get_absolute_url()}edit/#action-{action_pk}"


def _assessment_for_author(user, pk) -> ActionAssessment:
    assessment = get_object_or_404(ActionAssessment.objects.select_related("report"), pk=pk)
    assessment.report = permissions.report_for_author(user, assessment.report_id)
    return assessment


@login_required
@require_POST
def assessment_remove(request, pk: int):
    assessment = _assessment_for_author(request.user, pk)
    try:
        services.assessment_remove(actor=request.user, assessment=assessment)
        messages.success(request, _("Assessment removed."))
    except ValidationError as error:
        flash_service_errors(request, error)
    return redirect("shadow_reports:edit", pk=assessment.report_id)


@limit_evidence_uploads
@login_required
@require_POST
def evidence_add(request, pk: int):
    assessment = _assessment_for_author(request.user, pk)
    form = forms.EvidenceForm(request.POST, request.FILES, prefix=f"e{assessment.pk}")
    refused = evidence_posted(request, form, services.EVIDENCE, assessment)
    if refused is None:
        return redirect(_action_anchor(assessment.report, assessment.action_id))
    context = _editor_context(assessment.report, evidence_forms={assessment.pk: form})
    return render(request, "shadow_reports/edit.html", context, status=refused)


@login_required
@require_POST
def evidence_remove(request, pk: int):
    evidence = get_object_or_404(AssessmentEvidence, pk=pk)
    assessment = _assessment_for_author(request.user, evidence.assessment_id)
    evidence.assessment = assessment
    run_and_flash(
        request,
        lambda: services.EVIDENCE.remove(actor=request.user, evidence=evidence),
        _("Evidence removed."),
    )
    return redirect(_action_anchor(assessment.report, assessment.action_id))


TRANSITIONS = {
    "submit": (services.shadow_report_submit, _lazy("Ready to publish: the text is locked.")),
    "reopen": (services.shadow_report_reopen, _lazy("Back to draft.")),
}


@login_required
@require_POST
def report_transition(request, pk: int, transition: str):
    report = permissions.report_for_author(request.user, pk)
    service, done = TRANSITIONS[transition]
    run_and_flash(request, lambda: service(actor=request.user, report=report), done)
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_publish(request, pk: int):
    report = permissions.report_for_author(request.user, pk)
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        try:
            publish_at = form.cleaned_data["publish_at"]
            unanswered = report.invitations.filter(state=InvitationState.PENDING).count()
            services.shadow_report_publish(actor=request.user, report=report, publish_at=publish_at)
            messages.success(request, _published_message(publish_at))
            if unanswered:
                messages.warning(request, _lapsed_message(unanswered))
            return redirect(report.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
    context = _detail_context(request, report, publish_form=form)
    return render(request, "shadow_reports/detail.html", context, status=400)


def _published_message(publish_at: datetime.datetime | None) -> str:
    if publish_at and publish_at > timezone.now():
        when = timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M")
        return _("Scheduled: the report becomes public on %(when)s UTC.") % {"when": when}
    return _("Published.")


def _lapsed_message(count: int) -> str:
    return ngettext(
        "%(n)d invitation to co-author was not answered: it lapsed, and the report names "
        "only the organizations that accepted.",
        "%(n)d invitations to co-author were not answered: they lapsed, and the report "
        "names only the organizations that accepted.",
        count,
    ) % {"n": count}


@login_required
@require_POST
def report_withdraw(request, pk: int):
    report = permissions.report_for_author(request.user, pk)
    form = forms.WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.shadow_report_withdraw(actor=request.user, report=report, note=note)
        messages.success(request, _("Withdrawn: the report is no longer public."))
    except ValidationError as error:
        flash_service_errors(request, error)
    return redirect(report.get_absolute_url())


# ---- Organizations invited to co-author -----------------------------------------------


@login_required
@require_GET
def invitations(request):
    context = {
        "invitations": list(selectors.invitations_for_member(request.user)),
        "is_cso_member": bool(permissions.member_organization_ids(request.user)),
    }
    return render(request, "shadow_reports/invitations.html", context)


ANSWERS = {
    "accept": (services.invitation_accept, _lazy("You accepted: %(org)s co-authors “%(title)s”.")),
    "decline": (services.invitation_decline, _lazy("You declined for %(org)s: “%(title)s”.")),
}


@login_required
@require_POST
def invitation_respond(request, pk: int, answer: str):
    """Accept or decline. A plain form redirects (to the report once accepted); an htmx
    request gets the invitation's row back, answered."""
    invitation = permissions.invitation_for_response(request.user, pk)
    service, done = ANSWERS[answer]
    try:
        invitation = service(actor=request.user, invitation=invitation)
    except ValidationError as error:
        if request.htmx:
            context = {"invitation": invitation, "error": service_error_text(error)}
            return render(request, "shadow_reports/_invitation.html", context, status=400)
        flash_service_errors(request, error)
        return redirect("shadow_reports:invitations")
    names = {"org": invitation.organization.name, "title": invitation.report.title}
    if request.htmx:
        context = {"invitation": invitation, "done": done % names}
        return render(request, "shadow_reports/_invitation.html", context)
    messages.success(request, done % names)
    if invitation.state == InvitationState.ACCEPTED:
        return redirect(invitation.report.get_absolute_url())
    return redirect("shadow_reports:invitations")


# ---- Moderators ----------------------------------------------------------------------


def _require_moderator(user) -> None:
    if not permissions.is_moderator(user):
        raise PermissionDenied(_("Only the platform's moderators may see this."))


@login_required
@require_GET
def moderation_queue(request):
    _require_moderator(request.user)
    state = request.GET.get("state", "")
    if state not in ("", ShadowState.PUBLISHED, ShadowState.HIDDEN, ShadowState.WITHDRAWN):
        state = ""
    context = {"reports": list(selectors.moderation_queue(state=state)), "state": state}
    return render(request, "shadow_reports/moderation.html", context)


@login_required
@require_POST
def report_moderate(request, pk: int, transition: str):
    report = permissions.report_for_moderation(request.user, pk)
    service = {"hide": services.shadow_report_hide, "unhide": services.shadow_report_unhide}
    form = forms.ReasonForm(request.POST)
    if form.is_valid():
        try:
            service[transition](actor=request.user, report=report, **form.cleaned_data)
            done = _("Hidden.") if transition == "hide" else _("Restored.")
            messages.success(request, done)
            return redirect(report.get_absolute_url())
        except ValidationError as error:
            add_service_errors(form, error)
    context = _detail_context(request, report, reason_form=form)
    return render(request, "shadow_reports/detail.html", context, status=400)


@login_required
@require_GET
def report_history(request, pk: int):
    report = permissions.report_for_moderation(request.user, pk)
    context = {
        "report": report,
        "activities": list(selectors.moderation_history(request.user, report)),
    }
    return render(request, "shadow_reports/history.html", context)


# ---- Coordinators --------------------------------------------------------------------


@login_required
@require_POST
def reply_publish(request, pk: int):
    report = permissions.report_for_reply(request.user, pk)
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_publish(actor=request.user, report=report, **form.cleaned_data)
            messages.success(request, _("Your reply is published with the report."))
            return redirect(report.get_absolute_url() + "#reply")
        except ValidationError as error:
            add_service_errors(form, error)
    context = _detail_context(request, report, reply_form=form)
    return render(request, "shadow_reports/detail.html", context, status=400)
