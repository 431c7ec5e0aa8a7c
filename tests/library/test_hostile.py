"""Hostile and broken files: each is refused with a message that says what is wrong, no
page is written, and the next document is still read (the worker never dies).

Files are refused twice: at upload (before anything is stored) and again by the worker,
which also meets files that arrive by other ways (a restored backup, a command)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from naptrack.library.choices import IngestionStatus
from naptrack.library.models import Document, DocumentPage, DocumentTable, SearchEntry
from naptrack.library.services.ingestion import document_ingest
from tests.factories.library import DocumentFactory
from tests.library.builders import (
    ELF,
    MZ,
    bomb_pdf,
    encrypted_pdf,
    javascript_pdf,
    raw_pdf,
    text_pdf,
    upload,
)

pytestmark = pytest.mark.django_db


def queued_document(name: str, data: bytes, plan) -> Document:
    """A document whose file reached storage without the upload checks."""
    stored = default_storage.save(f"library/test-{name}", ContentFile(data))
    return DocumentFactory(
        plan=plan,
        file=stored,
        original_name=name,
        status=IngestionStatus.QUEUED,
        pages_total=None,
        pages_done=0,
    )


def assert_failed_cleanly(document: Document, *fragments: str) -> None:
    document.refresh_from_db()
    assert document.status == IngestionStatus.FAILED
    for fragment in fragments:
        assert fragment in document.error
    assert not DocumentPage.objects.filter(document=document).exists()
    assert not DocumentTable.objects.filter(document=document).exists()
    assert not SearchEntry.objects.filter(document=document).exists()


def assert_next_document_is_read(ingest) -> None:
    survivor = ingest("after.pdf", text_pdf(["Still reading after a hostile file"]))
    assert survivor.status == IngestionStatus.DONE
    assert survivor.pages.get().text == "Still reading after a hostile file"


TRUNCATED = text_pdf(["one", "two", "three"])[:-400]
CORRUPT = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\nnot a pdf\n%%EOF\n"

WORKER_CASES = {
    "encrypted": ("secret.pdf", encrypted_pdf(), ["protected by a password"]),
    "truncated": ("cut.pdf", TRUNCATED, ["incomplete", "cut off during download"]),
    "corrupt": ("broken.pdf", CORRUPT, ["damaged"]),
    "empty": ("empty.pdf", b"", ["The file is empty."]),
    "elf_named_pdf": ("report.pdf", ELF, ["“report.pdf”", "ELF executable"]),
    "exe_named_pdf": ("report.pdf", MZ, ["Windows executable"]),
    "text_named_pdf": ("report.pdf", b"plain words", ["named “report.pdf”", "plain text"]),
}


@pytest.mark.parametrize("case", WORKER_CASES, ids=str)
def test_worker_refuses_hostile_file_and_keeps_going(case, ingest, library_kenya_plan):
    name, data, fragments = WORKER_CASES[case]
    document = queued_document(name, data, library_kenya_plan)
    result = document_ingest(document_id=document.pk)
    assert result is not None
    assert_failed_cleanly(document, *fragments)
    assert_next_document_is_read(ingest)


UPLOAD_CASES = {
    "empty": ("empty.pdf", b"", "The file is empty."),
    "elf_named_pdf": ("plan.pdf", ELF, "it is a program (an ELF executable)"),
    "exe_named_pdf": ("plan.pdf", MZ, "a Windows executable"),
    "zip_named_docx": ("plan.docx", b"PK\x03\x04" + b"\x00" * 40, "damaged"),
    "doc": ("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word"),
    "pdf_named_txt": ("plan.txt", text_pdf(["x"]), "its content is a PDF document"),
    "image": ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "PNG image"),
}


@pytest.mark.parametrize("case", UPLOAD_CASES, ids=str)
def test_upload_refuses_before_storing_anything(
    case, ingest, kenya_coordinator, library_kenya_plan
):
    from naptrack.library.services.upload import document_upload

    name, data, fragment = UPLOAD_CASES[case]
    with pytest.raises(ValidationError) as refused:
        document_upload(
            actor=kenya_coordinator,
            upload=upload(name, data, content_type="application/pdf"),
            plan=library_kenya_plan,
            title="Hostile",
            language="en",
            kind="plan",
        )
    assert fragment in " ".join(refused.value.message_dict["file"])
    assert not Document.objects.exists()
    assert not default_storage.exists("library") or not default_storage.listdir("library")[1]
    assert_next_document_is_read(ingest)


def test_oversized_upload_is_refused_with_the_limit(ingest, settings, kenya_coordinator):
    settings.NAPTRACK_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        ingest("big.pdf", text_pdf(["x" * 80] * 20))
    message = " ".join(refused.value.message_dict["file"])
    assert "the limit is 1000 bytes" in message and "NAPTRACK_MAX_UPLOAD_BYTES" in message
    assert not Document.objects.exists()
    settings.NAPTRACK_MAX_UPLOAD_BYTES = 10_000_000
    assert_next_document_is_read(ingest)


def test_worker_refuses_a_file_that_grew_past_the_limit(ingest, settings, library_kenya_plan):
    document = queued_document("big.pdf", text_pdf(["x" * 80] * 20), library_kenya_plan)
    settings.NAPTRACK_MAX_UPLOAD_BYTES = 1000
    document_ingest(document_id=document.pk)
    assert_failed_cleanly(document, "the limit is 1000 bytes")
    settings.NAPTRACK_MAX_UPLOAD_BYTES = 10_000_000
    assert_next_document_is_read(ingest)


def test_pdf_with_too_many_pages_is_refused(ingest, settings):
    settings.NAPTRACK_MAX_PDF_PAGES = 2
    document = ingest("long.pdf", text_pdf(["one", "two", "three"]))
    assert_failed_cleanly(document, "has 3 pages; the limit is 2", "NAPTRACK_MAX_PDF_PAGES")
    assert_next_document_is_read(ingest)


def test_decompression_bomb_is_contained_by_the_memory_limit(ingest, settings):
    settings.NAPTRACK_INGEST_MEMORY_BYTES = 400 * 1024 * 1024
    document = ingest("bomb.pdf", bomb_pdf(megabytes=600))
    assert document.size_bytes < 1024 * 1024  # under 1 MiB on disk, 600 MiB inflated
    assert_failed_cleanly(document, "more memory or processor time than allowed")
    assert_next_document_is_read(ingest)


def test_text_that_expands_past_the_character_limit_is_refused(ingest, settings):
    settings.NAPTRACK_MAX_EXTRACTED_CHARS = 50
    document = ingest("wordy.pdf", text_pdf(["forty characters of text on one page....", "x" * 40]))
    assert_failed_cleanly(document, "more than 50 characters")
    settings.NAPTRACK_MAX_EXTRACTED_CHARS = 10_000_000
    assert_next_document_is_read(ingest)


def test_reading_that_runs_out_of_time_is_stopped(ingest, settings):
    settings.NAPTRACK_INGEST_SECONDS = 0.01
    document = ingest("slow.pdf", text_pdf(["anything"]))
    assert_failed_cleanly(document, "took longer than 0.01 seconds")
    settings.NAPTRACK_INGEST_SECONDS = 3600
    assert_next_document_is_read(ingest)


def test_docx_zip_bomb_is_refused_before_inflating(ingest):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * (300 * 1024 * 1024))
    document = ingest("bomb.docx", buffer.getvalue())
    assert_failed_cleanly(document, "decompression bomb")
    assert_next_document_is_read(ingest)


def test_pdf_with_javascript_is_read_flagged_and_only_downloaded(ingest, client):
    document = ingest("active.pdf", javascript_pdf("Text beside a script"))
    assert document.status == IngestionStatus.DONE
    assert document.has_javascript
    assert document.pages.get().text == "Text beside a script"
    response = client.get(f"/documents/{document.pk}/original/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    page = client.get(document.get_absolute_url()).content.decode()
    assert "This PDF carries JavaScript." in page


def test_pdf_without_javascript_is_not_flagged(ingest):
    document = ingest("calm.pdf", raw_pdf(b"BT /F1 12 Tf 72 720 Td (No scripts) Tj ET"))
    assert document.status == IngestionStatus.DONE
    assert not document.has_javascript


def test_document_whose_original_vanished_fails_with_a_message(ingest, library_kenya_plan):
    document = queued_document("gone.pdf", text_pdf(["soon gone"]), library_kenya_plan)
    default_storage.delete(document.file.name)
    document_ingest(document_id=document.pk)
    assert_failed_cleanly(document, "The stored original file is missing.")
    assert_next_document_is_read(ingest)


def test_a_document_already_taken_by_another_worker_is_left_alone(library_kenya_plan):
    document = queued_document("taken.pdf", text_pdf(["busy"]), library_kenya_plan)
    Document.objects.filter(pk=document.pk).update(status=IngestionStatus.RUNNING)
    assert document_ingest(document_id=document.pk) is None
    document.refresh_from_db()
    assert document.status == IngestionStatus.RUNNING and document.attempts == 0
