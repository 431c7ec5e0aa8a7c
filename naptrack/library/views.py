"""Library pages: document lists, upload, a document's progress and pages, the original
file, and the search page. Each starts with an access helper."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from naptrack.accounts.permissions import is_platform_admin
from naptrack.core.downloads import name_download, stored_file_download
from naptrack.core.forms import add_service_errors, run_and_flash, service_error_text
from naptrack.core.selectors import late_task_count
from naptrack.core.spreadsheets import csv_writer
from naptrack.core.uploads import limit_upload_size, upload_too_large
from naptrack.library import limits, selectors, structuring
from naptrack.library.choices import FINISHED, FileFormat, SuggestionState
from naptrack.library.errors import error_message
from naptrack.library.forms import (
    DocumentUploadForm,
    EvidenceFilterForm,
    EvidenceReviewForm,
    SearchForm,
    StructureReviewForm,
    ThemeFilterForm,
)
from naptrack.library.permissions import (
    can_edit_document,
    can_review_evidence,
    can_upload,
    document_for_edit,
    document_for_read,
    official_report_for_attach,
    original_name_for,
    shadow_report_for_attach,
    suggestion_for_review,
)
from naptrack.library.search import facets_for_display
from naptrack.library.search import search as run_search
from naptrack.library.services import upload as upload_services
from naptrack.library.services.evidence_review import evidence_confirm, evidence_reject
from naptrack.library.services.structuring import (
    structure_pillar_choices,
    structure_proposal_accept,
)
from naptrack.registry.models import ActionPlan, Country
from naptrack.registry.permissions import plan_for_edit, plan_for_read
from naptrack.reporting.models import OfficialReport
from naptrack.shadow_reports.models import ShadowReport

CONTENT_TYPES = {
    FileFormat.PDF: "application/pdf",
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.TEXT: "text/plain",
    # HTML is never given a type a browser would render, even though it is a download.
    FileFormat.HTML: "application/octet-stream",
}


@require_GET
def plan_documents(request, pk):
    plan = plan_for_read(request.user, pk)
    context = {
        "plan": plan,
        "documents": selectors.document_list(request.user, plan=plan),
        "can_upload": can_upload(request.user, plan),
    }
    return render(request, "library/document_list.html", context)


@require_GET
def library_index(request):
    context = {
        "documents": selectors.document_list(request.user, library=True),
        "on_plans": selectors.plan_documents_summary(request.user),
        "can_upload": can_upload(request.user, None),
    }
    return render(request, "library/document_list.html", context)


@csrf_exempt  # csrf_protect below: the size limit must be in place before the body is read
@login_required
@require_http_methods(["GET", "POST"])
def plan_document_upload(request, pk):
    limit_upload_size(request, limits.max_upload_bytes())
    plan = plan_for_edit(request.user, pk)
    return _upload(
        request, UploadTarget(plan=plan, action=reverse("library:plan_upload", args=[pk]))
    )


@csrf_exempt  # as above
@login_required
@require_http_methods(["GET", "POST"])
def library_upload(request):
    limit_upload_size(request, limits.max_upload_bytes())
    if not is_platform_admin(request.user):
        raise PermissionDenied(_("Only platform admins add documents to the library."))
    return _upload(request, UploadTarget(action=reverse("library:library_upload")))


@csrf_exempt  # as above
@login_required
@require_http_methods(["GET", "POST"])
def official_report_document_upload(request, pk):
    limit_upload_size(request, limits.max_upload_bytes())
    report = official_report_for_attach(request.user, pk)
    action = reverse("library:official_report_upload", args=[pk])
    target = UploadTarget(plan=report.cycle.plan, official_report=report, action=action)
    return _upload(request, target)


@csrf_exempt  # as above
@login_required
@require_http_methods(["GET", "POST"])
def shadow_report_document_upload(request, pk):
    limit_upload_size(request, limits.max_upload_bytes())
    report = shadow_report_for_attach(request.user, pk)
    action = reverse("library:shadow_report_upload", args=[pk])
    return _upload(request, UploadTarget(plan=report.plan, shadow_report=report, action=action))


@dataclass(frozen=True)
class UploadTarget:
    """Where an upload goes: the library (no plan), a plan, or one of its reports."""

    action: str
    plan: ActionPlan | None = None
    official_report: OfficialReport | None = None
    shadow_report: ShadowReport | None = None

    @property
    def report(self):
        return self.official_report or self.shadow_report


@csrf_protect
def _upload(request, target: UploadTarget):
    form = DocumentUploadForm(
        request.POST or None,
        request.FILES or None,
        library=target.plan is None,
        report=target.report is not None,
    )
    status = 200
    if request.method == "POST":
        document = _save_upload(request, form, target)
        if document:
            messages.success(request, _("The file was kept. It is being read now."))
            return redirect(document)
        # A refusal is an error for htmx, scripts and tests alike, not a 200.
        status = 413 if upload_too_large(request) else 400
    context = {
        "form": form,
        "target": target,
        "plan": target.plan,
        "max_upload_bytes": limits.max_upload_bytes(),
    }
    return render(request, "library/upload.html", context, status=status)


def _save_upload(request, form, target: UploadTarget):
    received = upload_too_large(request)
    if received:
        limit = limits.max_upload_bytes()
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", error_message("too_large", {"size": f"{received}+", "limit": limit}))
        return None
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return upload_services.document_upload(
            actor=request.user,
            upload=data["file"],
            title=data["title"],
            language=data["language"],
            kind=data.get("kind", ""),
            year=data["year"],
            plan=target.plan,
            official_report=target.official_report,
            shadow_report=target.shadow_report,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


# The queued work that changes a document's page (naptrack/library/tasks.py).
DOCUMENT_TASKS = [
    "naptrack.library.tasks.ingest_document",
    "naptrack.library.tasks.analyse_document",
]


@require_GET
def document_detail(request, pk):
    document = document_for_read(request.user, pk)
    context = {
        "document": document,
        "original_name": original_name_for(request.user, document),
        "pages": selectors.document_pages(document).only("number", "ocr", "needs_ocr"),
        "can_edit": can_edit_document(request.user, document),
        "worker_late": late_task_count(DOCUMENT_TASKS, document.pk),
        "worker_late_minutes": settings.NAPTRACK_WORKER_LATE_MINUTES,
        **_analysis_context(request, document),
    }
    return render(request, "library/document_detail.html", context)


@require_GET
def document_status(request, pk):
    """The progress fragment the document page polls; once reading ends, a poll that
    saw it unfinished reloads the page so the pages appear."""
    document = document_for_read(request.user, pk)
    if request.htmx and request.GET.get("polling") and document.status in FINISHED:
        return HttpResponseClientRefresh()
    context = {"document": document, "can_edit": can_edit_document(request.user, document)}
    return render(request, "library/document_detail.html#status", context)


@require_GET
def document_page(request, pk, number):
    document = document_for_read(request.user, pk)
    try:
        page, tables = selectors.page_with_tables(document, number)
    except document.pages.model.DoesNotExist as exc:
        raise Http404(_("No such page.")) from exc
    context = {"document": document, "page": page, "tables": tables}
    return render(request, "library/document_page.html", context)


@require_GET
def document_original(request, pk):
    """The file exactly as uploaded, always as a download: never rendered by the browser,
    whatever it holds (HTML, or a PDF carrying JavaScript)."""
    document = document_for_read(request.user, pk)
    return stored_file_download(
        document.file,
        filename=original_name_for(request.user, document),
        content_type=CONTENT_TYPES.get(document.file_format, "application/octet-stream"),
    )


@login_required
@require_POST
def document_retry(request, pk):
    document = document_for_edit(request.user, pk)
    run_and_flash(
        request,
        lambda: upload_services.document_retry(actor=request.user, document=document),
        _("The document is queued to be read again."),
    )
    return redirect(document)


@require_GET
def search(request):
    form = SearchForm(request.GET)
    query = form.get_query()
    results = run_search(request.user, query, form.get_filters(), page=form.get_page())
    context = {
        "form": form,
        "results": results,
        "query": query,
        "facets": facets_for_display(results),
    }
    return render(request, "library/search.html", context)


# Analysis and evidence ----------------------------------------------------------------


def _analysis_context(request, document) -> dict:
    run = selectors.document_run(document)
    reviewer = can_review_evidence(request.user, document.plan)
    suggestions = selectors.suggestions_for([document.pk], reviewer=reviewer)
    return {
        "run": run,
        "theme_counts": selectors.run_theme_counts(run),
        "reviewer": reviewer,
        "evidence": selectors.evidence_by_criterion(suggestions) if document.plan_id else [],
        "has_tables": document.tables.exists(),
    }


@require_GET
def plan_evidence(request, pk):
    plan = plan_for_read(request.user, pk)
    reviewer = can_review_evidence(request.user, plan)
    form = EvidenceFilterForm(request.GET)
    documents = selectors.plan_document_runs(plan, request.user)
    suggestions = selectors.suggestions_for(documents, reviewer=reviewer, state=form.get_state())
    context = {
        "plan": plan,
        "reviewer": reviewer,
        "form": form,
        "state_label": dict(SuggestionState.choices).get(form.get_state(), ""),
        "documents": documents,
        "evidence": selectors.evidence_by_criterion(suggestions),
    }
    return render(request, "library/plan_evidence.html", context)


@login_required
@require_POST
def evidence_review(request, pk):
    suggestion = suggestion_for_review(request.user, pk)
    form = EvidenceReviewForm(request.POST)
    error = ""
    if form.is_valid():
        review = evidence_confirm
        if form.cleaned_data["decision"] == "reject":
            review = evidence_reject
        try:
            suggestion = review(
                actor=request.user, suggestion=suggestion, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            error = service_error_text(exc)
    else:
        error = _("Choose confirm or reject.")
    if request.htmx:
        # The row's form keeps coming back to the page it is on, not to this endpoint.
        back = request.htmx.current_url_abs_path or _back(request, suggestion)
        context = {"suggestion": suggestion, "reviewer": True, "error": error, "next": back}
        return render(request, "library/_evidence_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, _("Saved: %(state)s.") % {"state": suggestion.get_state_display()}
        )
    return redirect(_back(request, suggestion))


def _back(request, suggestion) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("library:plan_evidence", args=[suggestion.document.plan_id])


# Assisted structuring ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def document_structure(request, pk):
    document = document_for_edit(request.user, pk)
    if document.plan is None:
        raise Http404(_("Library documents belong to no plan."))
    matrices = structuring.find_matrices(selectors.document_tables(document))
    pillars = structure_pillar_choices(document.plan)
    form = StructureReviewForm(request.POST or None, matrices=matrices, pillars=pillars)
    proposal = None
    if request.method == "POST" and form.is_valid():
        proposal = _propose(request, form, document)
        if proposal is not None and proposal.accepted:
            messages.success(request, _accepted_message(proposal))
            return redirect("plans:structure", document.plan_id)
    context = {
        "document": document,
        "form": form,
        "matrices": matrices,
        "sections": [(matrix, form.column_fields(matrix)) for matrix in matrices],
        "ticked": _ticked(request, matrices),
        "proposal": proposal,
    }
    return render(request, "library/document_structure.html", context)


def _ticked(request, matrices) -> set[str]:
    """The rows ticked: as posted, or at first every row that names an action."""
    if request.method == "POST":
        return set(request.POST.getlist("rows"))
    return {
        row.key
        for matrix in matrices
        for row in matrix.rows
        if any(
            cell for cell, name in zip(row.cells, matrix.fields, strict=False) if name == "action"
        )
    }


def _propose(request, form, document):
    try:
        return structure_proposal_accept(
            actor=request.user,
            document=document,
            rows=form.row_inputs(),
            pillar=form.cleaned_data["pillar"],
            unit=form.cleaned_data["unit"],
            dry_run=request.POST.get("step") != "accept",
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return None


def _accepted_message(proposal) -> str:
    counts = proposal.summary()
    return (
        _(
            "Added to the plan: %(objectives)s objectives, %(actions)s actions, "
            "%(responsibilities)s responsible agencies, %(indicators)s indicators."
        )
        % counts
    )


# Across plans ---------------------------------------------------------------------------


@require_GET
def themes(request):
    form = ThemeFilterForm(request.GET)
    prevalence = selectors.theme_prevalence(request.user, form.get_by())
    return render(request, "library/themes.html", {"form": form, "prevalence": prevalence})


@require_GET
def themes_csv(request):
    form = ThemeFilterForm(request.GET)
    prevalence = selectors.theme_prevalence(request.user, form.get_by())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name_download(response, f"naptrack-themes-by-{prevalence.by}.csv")
    writer = csv_writer(response)
    writer.writerow(THEME_CSV_HEADERS)
    for row in prevalence.rows:
        for column, (mentioning, analysed) in zip(prevalence.columns, row.cells, strict=True):
            share = f"{100 * mentioning / analysed:.1f}" if analysed else ""
            writer.writerow(
                [prevalence.by, column.value, column.label, row.family.slug, row.family.name,
                 row.family.kind, analysed, mentioning, share]
            )  # fmt: skip
    return response


THEME_CSV_HEADERS = [
    "compared_by",
    "value",
    "label",
    "family",
    "family_name",
    "kind",
    "plans_analysed",
    "plans_mentioning",
    "share_percent",
]


@require_GET
def theme_generations(request, iso3):
    country = get_object_or_404(Country, iso3=iso3.upper())
    pairs = selectors.country_generations(request.user, country)
    return render(request, "library/theme_generations.html", {"country": country, "pairs": pairs})
