"""Background work of the library, run by `manage.py db_worker` (see docs/library.md)."""

from django_tasks import task

from naptrack.library.services import document_ingest


@task()
def ingest_document(document_id: int) -> str:
    """Reads one queued document; returns its final status ("skipped" if not queued)."""
    document = document_ingest(document_id=document_id)
    return document.status if document else "skipped"
