"""Reads of the library. Every list starts from documents_visible_to(user)."""

from django.db.models import Count, Q, QuerySet

from naptrack.accounts.permissions import is_platform_admin
from naptrack.library.choices import READABLE
from naptrack.library.models import Document, DocumentPage, DocumentTable
from naptrack.registry.selectors import editable_scope_q, plans_visible_to


def documents_visible_to(user) -> QuerySet[Document]:
    """Readable documents of visible plans and of the library, plus every document the
    user manages (queued, running or failed ones included)."""
    visible_plans = plans_visible_to(user)
    readable = Q(status__in=READABLE) & (Q(plan__in=visible_plans) | Q(plan__isnull=True))
    managed = Q(plan__in=visible_plans.filter(editable_scope_q(user)))
    if is_platform_admin(user):
        managed |= Q(plan__isnull=True)
    return Document.objects.filter(readable | managed)


def document_list(user, *, plan=None, library: bool = False) -> QuerySet[Document]:
    """A plan's documents, or the library's (no plan), with their page counts."""
    documents = documents_visible_to(user)
    if library:
        documents = documents.filter(plan__isnull=True)
    else:
        documents = documents.filter(plan=plan)
    return documents.select_related("plan__country", "plan__regional_organization").annotate(
        table_count=Count("tables", distinct=True)
    )


def document_pages(document: Document) -> QuerySet[DocumentPage]:
    return document.pages.order_by("number")


def page_with_tables(document: Document, number: int) -> tuple[DocumentPage, list]:
    page = document.pages.get(number=number)
    tables = list(DocumentTable.objects.filter(document=document, page_number=number))
    return page, tables


def documents_to_ingest(*, statuses) -> QuerySet[Document]:
    return Document.objects.filter(status__in=statuses).order_by("created_at", "id")
