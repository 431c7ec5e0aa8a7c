"""The library's endpoints: documents (list, detail, upload, reading status, pages),
search with facets, and the analysis (a plan's confirmed evidence and theme counts, theme
prevalence across plans). The same selectors, access helpers and services as the pages:
a document the caller may not see is 404 on every path, exactly like a missing one, and
evidence is public only once confirmed."""

from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from naptrack.accounts.auth import ApiTokenAuth, api_user
from naptrack.core.api import (
    ANONYMOUS_ALLOWED,
    READ_ERRORS,
    WRITE_ERRORS,
    PageLinks,
    error_responses,
)
from naptrack.library import selectors
from naptrack.library.choices import SuggestionState
from naptrack.library.permissions import document_for_read, original_name_for
from naptrack.library.schemas import (
    ConfirmedEvidenceOut,
    DocumentOut,
    DocumentPageOut,
    DocumentStatusOut,
    DocumentThemesOut,
    SearchOut,
    ThemePrevalenceOut,
)
from naptrack.library.search import SearchFilters
from naptrack.library.search import search as run_search
from naptrack.library.services import upload as upload_services
from naptrack.registry.permissions import plan_for_edit, plan_for_read

router = Router(tags=["document analysis"])
documents_router = Router(tags=["library"])
token_required = ApiTokenAuth()
READ_ONE_ERRORS = error_responses(401, 404, 422)
PLAN = "/plans/{int:plan_id}"


@router.get(
    PLAN + "/evidence",
    response={200: list[ConfirmedEvidenceOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def evidence_list(request, plan_id: int):
    """Confirmed evidence for the report cards' design criteria, with page and passage."""
    user = api_user(request)
    plan = plan_for_read(user, plan_id)
    documents = selectors.documents_visible_to(user).filter(plan=plan)
    return selectors.suggestions_for(documents, reviewer=False, state=SuggestionState.CONFIRMED)


@router.get(
    PLAN + "/themes",
    response={200: list[DocumentThemesOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def theme_list(request, plan_id: int):
    """Keyword families counted in each of the plan's read documents."""
    user = api_user(request)
    return selectors.plan_document_runs(plan_for_read(user, plan_id), user)


class ThemePrevalenceFiltersIn(Schema):
    by: selectors.Compare = selectors.BY_YEAR


@router.get(
    "/themes",
    response={200: list[ThemePrevalenceOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def prevalence(request, filters: Query[ThemePrevalenceFiltersIn]):
    """Plans whose plan text mentions each family, by adoption year or UN M49 region;
    only plans whose text was analysed count (see docs/library.md)."""
    table = selectors.theme_prevalence(api_user(request), filters.by)
    return [
        {
            "family": row.family.slug,
            "name": row.family.name,
            "kind": row.family.kind,
            "compared_by": table.by,
            "value": column.value,
            "label": column.label,
            "plans_analysed": analysed,
            "plans_mentioning": mentioning,
        }
        for row in table.rows
        for column, (mentioning, analysed) in zip(table.columns, row.cells, strict=True)
    ]


# Documents ------------------------------------------------------------------------------

DOCUMENT = "/documents/{int:document_id}"


def document_out(user, document) -> dict:
    return {
        **{name: getattr(document, name) for name in DOCUMENT_FIELDS},
        "original_name": original_name_for(user, document),
        "url": document.get_absolute_url(),
        "download_url": reverse("library:original", args=[document.pk]),
    }


DOCUMENT_FIELDS = (
    "id",
    "title",
    "kind",
    "language",
    "year",
    "plan_id",
    "official_report_id",
    "shadow_report_id",
    "file_format",
    "size_bytes",
    "status",
    "pages_total",
    "pages_done",
    "created_at",
    "ingested_at",
)


class DocumentFiltersIn(Schema):
    plan: int | None = None
    library: bool = False


@documents_router.get(
    "/documents",
    response={200: list[DocumentOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def document_list(request, filters: Query[DocumentFiltersIn]):
    """Documents you may see, newest first: a plan's (`plan`, 404 if you may not see the
    plan), the library's (`library=true`), or all of them. Documents still being read are
    listed only for those who manage them, as on the pages."""
    user = api_user(request)
    if filters.plan is not None:
        documents = selectors.document_list(user, plan=plan_for_read(user, filters.plan))
    elif filters.library:
        documents = selectors.document_list(user, library=True)
    else:
        documents = selectors.documents_visible_to(user)
    documents = documents.select_related("shadow_report").order_by("-created_at", "-id")
    return [document_out(user, document) for document in documents]


@documents_router.get(
    DOCUMENT, response={200: DocumentOut, **READ_ONE_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED
)
def document_detail(request, document_id: int):
    user = api_user(request)
    return document_out(user, document_for_read(user, document_id))


@documents_router.get(
    DOCUMENT + "/status",
    response={200: DocumentStatusOut, **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def document_status(request, document_id: int):
    """How far reading has got; poll it after an upload."""
    document = document_for_read(api_user(request), document_id)
    return {
        "id": document.pk,
        "status": document.status,
        "pages_total": document.pages_total,
        "pages_done": document.pages_done,
        "percent_done": document.percent_done,
        "error_code": document.error_code or None,
        "error": str(document.error) or None,
        "attempts": document.attempts,
    }


@documents_router.get(
    DOCUMENT + "/pages",
    response={200: list[DocumentPageOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def document_pages(request, document_id: int):
    """The extracted text, page by page (one part per page for formats without pages)."""
    document = document_for_read(api_user(request), document_id)
    return [
        {
            "number": page.number,
            "text": page.text,
            "ocr": page.ocr,
            "needs_ocr": page.needs_ocr,
            "url": page.get_absolute_url(),
        }
        for page in selectors.document_pages(document)
    ]


@documents_router.post(
    "/documents", auth=token_required, response={201: DocumentOut, **WRITE_ERRORS}
)
def document_upload(
    request,
    file: File[UploadedFile],
    title: Form[str],
    language: Form[str],
    kind: Form[str] = "",
    year: Form[int | None] = None,
    plan: Form[int | None] = None,
):
    """multipart/form-data: `file` (PDF, DOCX, HTML or text), `title`, `language` (ISO 639-1),
    `kind`, `year`, and `plan` (empty: the library, platform admins only). The plan's
    coordinators add its documents; a plan you may not see is 404. Reading is queued: poll
    `/documents/{id}/status`."""
    user = api_user(request)
    target = plan_for_edit(user, plan) if plan is not None else None
    document = upload_services.document_upload(
        actor=user,
        upload=file,
        title=title,
        language=language,
        kind=kind,
        year=year,
        plan=target,
        channel="api",
    )
    return Status(201, document_out(user, document))


# Search ---------------------------------------------------------------------------------


class SearchIn(Schema):
    """The search page's form (library.forms.SearchForm), field for field."""

    q: str = Field("", max_length=500)
    country: str = Field("", max_length=3, description="ISO 3166 alpha-3.")
    region: str = Field("", max_length=3, description="UN M49 code of a region.")
    year: int | None = Field(None, ge=1000, le=3000)
    document_type: str = Field("", max_length=20)
    language: str = Field("", max_length=2, description="ISO 639-1.")
    pillar: str = Field("", max_length=40)
    page: int = Field(1, ge=1)


@documents_router.get(
    "/search", response={200: SearchOut, **READ_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED
)
def search(request, filters: Query[SearchIn]):
    """The library's search, as on /search/: pages of documents you may see and plan
    records, with facet counts over the matches."""
    fields = filters.dict()
    query, page = fields.pop("q"), fields.pop("page")
    fields["country"], fields["language"] = fields["country"].upper(), fields["language"].lower()
    results = run_search(api_user(request), query, SearchFilters(**fields), page=page)
    return {
        "query": results.query,
        "total": results.total,
        "capped": results.capped,
        "page": results.page,
        "page_size": results.page_size,
        "error": str(results.error) or None,
        "hits": [_hit(hit) for hit in results.hits],
        "facets": {
            name: [vars(value) for value in values] for name, values in results.facets.items()
        },
    }


def _hit(hit) -> dict:
    return {
        "kind": hit.kind,
        "title": hit.title,
        "url": hit.url,
        "snippet": str(hit.snippet),
        "page_number": hit.page_number,
        "document_id": hit.document.pk if hit.document else None,
        "plan_id": hit.plan.pk if hit.plan else None,
        "language": hit.language,
        "year": hit.year,
    }
