"""Library pages: document lists, upload, a document's progress and pages, the original
file, and the search page. Each starts with an access helper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from naptrack.accounts.permissions import is_platform_admin
from naptrack.library import selectors, services
from naptrack.library.choices import FINISHED, FileFormat
from naptrack.library.errors import error_message
from naptrack.library.forms import DocumentUploadForm, SearchForm
from naptrack.library.permissions import (
    can_edit_document,
    can_upload,
    document_for_edit,
    document_for_read,
)
from naptrack.library.search import facets_for_display
from naptrack.library.search import search as run_search
from naptrack.library.uploads import limit_upload_size, upload_too_large
from naptrack.registry.permissions import plan_for_edit, plan_for_read

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
        "can_upload": can_upload(request.user, None),
    }
    return render(request, "library/document_list.html", context)


@csrf_exempt  # csrf_protect below: the size limit must be in place before the body is read
@login_required
@require_http_methods(["GET", "POST"])
def plan_document_upload(request, pk):
    limit_upload_size(request)
    return _upload(request, plan_pk=pk)


@csrf_exempt  # as above
@login_required
@require_http_methods(["GET", "POST"])
def library_upload(request):
    limit_upload_size(request)
    return _upload(request, plan_pk=None)


@csrf_protect
def _upload(request, *, plan_pk):
    plan = plan_for_edit(request.user, plan_pk) if plan_pk is not None else None
    if plan is None and not is_platform_admin(request.user):
        raise PermissionDenied(_("Only platform admins add documents to the library."))
    form = DocumentUploadForm(request.POST or None, request.FILES or None, library=plan is None)
    if request.method == "POST":
        document = _save_upload(request, form, plan)
        if document:
            messages.success(request, _("The file was kept. It is being read now."))
            return redirect(document)
    context = {"form": form, "plan": plan, "max_upload_bytes": services.limits.max_upload_bytes()}
    return render(request, "library/upload.html", context)


def _save_upload(request, form, plan):
    received = upload_too_large(request)
    if received:
        limit = services.limits.max_upload_bytes()
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", error_message("too_large", {"size": f"{received}+", "limit": limit}))
        return None
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.document_upload(
            actor=request.user,
            upload=data["file"],
            title=data["title"],
            language=data["language"],
            kind=data["kind"],
            year=data["year"],
            plan=plan,
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


@require_GET
def document_detail(request, pk):
    document = document_for_read(request.user, pk)
    context = {
        "document": document,
        "pages": selectors.document_pages(document).only("number", "ocr", "needs_ocr"),
        "can_edit": can_edit_document(request.user, document),
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
        raise Http404("No such page.") from exc
    context = {"document": document, "page": page, "tables": tables}
    return render(request, "library/document_page.html", context)


@require_GET
def document_original(request, pk):
    """The file exactly as uploaded, always as a download: never rendered by the browser,
    whatever it holds (HTML, or a PDF carrying JavaScript)."""
    document = document_for_read(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The original file is missing.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=CONTENT_TYPES.get(document.file_format, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@login_required
@require_POST
def document_retry(request, pk):
    document = document_for_edit(request.user, pk)
    try:
        services.document_retry(actor=request.user, document=document)
        messages.success(request, _("The document is queued to be read again."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
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
