"""Contractors register pages. Objects come through naptrack.contractors.permissions
(404 for what a user may not see, 403 for what they may see but not change); writes go
through services. Every form posts and redirects back, so pages work without JavaScript."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from naptrack.contractors import forms, permissions, selectors, services
from naptrack.contractors.models import ChecklistItem
from naptrack.core.downloads import name_download
from naptrack.core.evidence import evidence_file_response
from naptrack.core.evidence_files import evidence_size_error, limit_evidence_uploads
from naptrack.core.forms import add_service_errors, flash_service_errors, run_and_flash
from naptrack.core.spreadsheets import csv_writer
from naptrack.registry.permissions import coordinated_owners


def _filters(request):
    form = forms.RegisterFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    return form, form.to_filters() if request.GET else selectors.RegisterFilters()


@require_GET
def register_list(request):
    form, filters = _filters(request)
    contracts = selectors.register(filters) if filters is not None else None
    context = {
        "form": form,
        "contracts": contracts,
        "checklist": selectors.current_checklist(),
        "query": request.GET.urlencode(),
        "can_add_contractor": permissions.can_add_contractor(request.user),
        "can_add_contract": bool(coordinated_owners(request.user)),
    }
    status = 200 if filters is not None else 400
    return render(request, "contractors/register.html", context, status=status)


@require_GET
def register_export(request, fmt: str):
    form, filters = _filters(request)
    if filters is None:
        return HttpResponse(
            json.dumps({"errors": form.errors.get_json_data()}),
            status=400,
            content_type="application/json",
        )
    rows = selectors.export_rows(filters)
    if fmt == "json":
        body = json.dumps({"contracts": rows}, cls=DjangoJSONEncoder, ensure_ascii=False)
        return HttpResponse(body, content_type="application/json")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name_download(response, "contractors-register.csv")
    writer = csv_writer(response)  # titles and services come from users: no formulas
    writer.writerow(selectors.EXPORT_FIELDS)
    writer.writerows([row[name] for name in selectors.EXPORT_FIELDS] for row in rows)
    return response


@require_GET
def contractor_detail(request, pk: int):
    contractor = permissions.contractor_for_read(request.user, pk)
    context = {"contractor": contractor, "contracts": selectors.contractor_detail(contractor)}
    return render(request, "contractors/contractor.html", context)


@require_GET
def contract_detail(request, pk: int):
    contract = permissions.contract_for_read(request.user, pk)
    is_authority = permissions.is_authority(request.user, contract)
    organizations = permissions.member_organization_ids(request.user)
    context = {
        "contract": contract,
        **selectors.contract_detail(contract),
        "checklist": selectors.current_checklist(),
        "is_authority": is_authority,
        "can_challenge": bool(organizations),
        "challenge_form": forms.ChallengeForm(organization_ids=organizations),
        "answer_form": forms.AnswerForm(),
        "evidence_form": forms.EvidenceForm(),
        "incident_form": forms.IncidentForm(),
        "publish_form": forms.IncidentPublishForm(),
        "authority_incidents": selectors.authority_incidents(contract) if is_authority else (),
    }
    return render(request, "contractors/contract.html", context)


def _back(contract) -> object:
    return redirect(contract.get_absolute_url())


def _run(request, contract, action, done: str):
    """Call a service; tell the user what went wrong or what was done, and go back."""
    run_and_flash(request, action, done)
    return _back(contract)


@login_required
@require_POST
def answer_save(request, pk: int, item: int):
    contract = permissions.contract_for_authority(request.user, pk)
    item = ChecklistItem.objects.select_related("version").filter(pk=item).first()
    if item is None:
        raise Http404(_("No such checklist item."))
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes, no or unknown."))
        return _back(contract)
    return _run(
        request,
        contract,
        lambda: services.checklist_answer_save(
            actor=request.user, contract=contract, item=item, **form.cleaned_data
        ),
        _("Answer saved."),
    )


def _refuse_too_large(request, contract):
    """Back to the contract, saying so, when a file passed the size limit while read."""
    too_large = evidence_size_error(request)
    if too_large is None:
        return None
    messages.error(request, too_large)
    return _back(contract)


@limit_evidence_uploads
@login_required
@require_POST
def answer_evidence_add(request, pk: int):
    answer = permissions.answer_for_authority(request.user, pk)
    if refused := _refuse_too_large(request, answer.contract):
        return refused
    form = forms.EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Describe the evidence and give a link or a file."))
        return _back(answer.contract)
    data = form.cleaned_data
    return _run(
        request,
        answer.contract,
        lambda: services.answer_evidence_add(
            actor=request.user,
            answer=answer,
            description=data["description"],
            url=data["url"],
            upload=data["file"],
        ),
        _("Evidence added."),
    )


@limit_evidence_uploads
@login_required
@require_POST
def challenge_create(request, pk: int):
    answer = permissions.answer_for_read(request.user, pk)
    organizations = permissions.member_organization_ids(request.user)
    if not organizations:
        raise PermissionDenied(_("Only civil-society members may challenge an answer."))
    if refused := _refuse_too_large(request, answer.contract):
        return refused
    form = forms.ChallengeForm(request.POST, request.FILES, organization_ids=organizations)
    if not form.is_valid():
        messages.error(
            request,
            _("The challenge is incomplete: %(errors)s")
            % {"errors": "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())},
        )
        return _back(answer.contract)
    data = form.cleaned_data
    return _run(
        request,
        answer.contract,
        lambda: services.challenge_submit(
            actor=request.user,
            answer=answer,
            author=data["author"],
            claimed_answer=data["claimed_answer"],
            text=data["text"],
            publication_mode=data["publication_mode"],
            pseudonym=data["pseudonym"],
            evidence_url=data["evidence_url"],
            evidence_upload=data["evidence_file"],
            evidence_description=data["evidence_description"],
        ),
        _("Challenge sent: the moderators will read it before it is published."),
    )


@login_required
@require_GET
def moderation_queue(request):
    if not permissions.is_moderator(request.user):
        raise PermissionDenied(_("Only the platform's moderators see this queue."))
    context = {"challenges": selectors.moderation_queue(), "reject_form": forms.RejectForm()}
    return render(request, "contractors/moderation.html", context)


@login_required
@require_POST
def challenge_moderate(request, pk: int, transition: str):
    challenge = permissions.challenge_for_moderation(request.user, pk)
    try:
        if transition == "publish":
            services.challenge_publish(actor=request.user, challenge=challenge)
        else:
            reason = request.POST.get("reason", "")
            services.challenge_reject(actor=request.user, challenge=challenge, reason=reason)
    except ValidationError as error:
        flash_service_errors(request, error)
    else:
        messages.success(request, _("Challenge moderated."))
    return redirect("contractors:moderation")


@login_required
@require_POST
def incident_record(request, pk: int):
    contract = permissions.contract_for_authority(request.user, pk)
    form = forms.IncidentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the year and the type of the incident."))
        return _back(contract)
    return _run(
        request,
        contract,
        lambda: services.incident_record(
            actor=request.user, contract=contract, **form.cleaned_data
        ),
        _("Incident recorded. The public sees it only in the counts."),
    )


@login_required
@require_POST
def incident_publish(request, pk: int):
    incident = permissions.incident_for_authority(request.user, pk)
    reviewed = forms.IncidentPublishForm(request.POST).is_valid()
    return _run(
        request,
        incident.contract,
        lambda: services.incident_publish(actor=request.user, incident=incident, reviewed=reviewed),
        _("Incident published."),
    )


@require_GET
def evidence_download(request, kind: str, pk: int):
    evidence = permissions.evidence_for_download(request.user, kind, pk)
    return evidence_file_response(evidence)


# ---- Adding companies and contracts ----------------------------------------------------------


def _form_page(request, form, title: str, status: int = 200):
    context = {"form": form, "title": title}
    return render(request, "contractors/form.html", context, status=status)


@login_required
def contractor_create(request):
    if not permissions.can_add_contractor(request.user):
        raise PermissionDenied(_("Only coordinators and platform admins maintain the register."))
    form = forms.ContractorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contractor = services.contractor_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Company added to the register."))
            return redirect(contractor.get_absolute_url())
    status = 400 if form.errors else 200
    return _form_page(request, form, _("Add a company to the register"), status)


@login_required
def contract_create(request):
    owners = coordinated_owners(request.user)
    if not owners:
        raise PermissionDenied(_("Only coordinators record their authority's contracts."))
    form = forms.ContractForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contract recorded."))
            return redirect(contract.get_absolute_url())
    status = 400 if form.errors else 200
    return _form_page(request, form, _("Record a contract"), status)


@login_required
@require_GET
def my_challenges(request):
    """A CSO member's challenges in every state, with the moderators' reasons."""
    organizations = permissions.member_organization_ids(request.user)
    if not organizations:
        raise PermissionDenied(_("Only civil-society members challenge answers."))
    context = {"challenges": selectors.challenges_of(organizations)}
    return render(request, "contractors/my_challenges.html", context)
