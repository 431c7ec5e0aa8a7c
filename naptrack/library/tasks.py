"""Background work of the library, run by `manage.py db_worker` (see docs/library.md)."""

from django_tasks import task

from naptrack.library.services.analysis import document_analyse
from naptrack.library.services.ingestion import document_ingest


@task()
def ingest_document(document_id: int) -> str:
    """Reads one queued document; returns its final status ("skipped" if not queued).
    A document read successfully is then queued for analysis."""
    document = document_ingest(document_id=document_id)
    return document.status if document else "skipped"


@task()
def analyse_document(document_id: int, force: bool = False) -> str:
    """Counts keyword families and suggests evidence in one readable document."""
    run = document_analyse(document_id=document_id, force=force)
    return f"run {run.pk}" if run else "skipped"
