"""The one service pair for evidence files (official-report and shadow-report evidence,
both `core.models.EvidenceBase`): store an uploaded file's bytes, remove a row and its
file. The apps' services check permissions and record the audit row around these."""

import hashlib
import uuid
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction


def evidence_file_store(evidence, data: bytes, *, content_type: str, original_name: str) -> None:
    """Save `data` under a generated name (the original name is kept, never used as a
    path), then validate and save the row; the stored file goes again if the row is refused.
    Call inside the service's transaction."""
    evidence.original_name = original_name
    evidence.content_type = content_type
    evidence.size_bytes = len(data)
    evidence.sha256 = hashlib.sha256(data).hexdigest()
    stored = f"{uuid.uuid4().hex}{PurePath(original_name).suffix.lower()}"
    evidence.file.save(stored, ContentFile(data), save=False)
    try:
        evidence.full_clean()
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise


def evidence_delete(evidence) -> None:
    """Delete the row now and its stored file once the transaction commits (a rollback
    keeps both)."""
    stored = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage
    evidence.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
