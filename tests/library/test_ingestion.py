"""Reading each supported format into pages and tables, in the real child process."""

import shutil

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from naptrack.core.models import Activity
from naptrack.library.choices import IngestionStatus
from naptrack.library.models import Document, DocumentPage, DocumentTable, SearchEntry
from tests.library.builders import docx_file, image_pdf, table_pdf, text_pdf

pytestmark = pytest.mark.django_db


def page_texts(document):
    return list(document.pages.order_by("number").values_list("text", flat=True))


def test_text_pdf_is_read_page_by_page(ingest):
    data = text_pdf(["Women, peace and security", "Participation of women\nin peace talks"])
    document = ingest("plan.pdf", data)
    assert document.status == IngestionStatus.DONE
    assert document.file_format == "pdf"
    assert (document.pages_total, document.pages_done) == (2, 2)
    assert page_texts(document) == [
        "Women, peace and security",
        "Participation of women\nin peace talks",
    ]
    assert not document.has_javascript


def test_text_pdf_keeps_the_original_byte_for_byte(ingest):
    data = text_pdf(["Kept as uploaded"])
    document = ingest("My Plan (final).pdf", data)
    with document.file.open("rb") as handle:
        assert handle.read() == data
    assert document.original_name == "My Plan (final).pdf"
    assert document.file.name.startswith("library/") and document.file.name.endswith(".pdf")
    assert "My Plan" not in document.file.name  # stored under a generated name


def test_upload_and_reading_are_in_the_audit_trail(ingest, kenya_coordinator):
    document = ingest("plan.pdf", text_pdf(["Audit"]))
    trail = Activity.objects.filter(
        target_type=ContentType.objects.get_for_model(Document), target_id=str(document.pk)
    )
    verbs = list(trail.order_by("id").values_list("verb", "actor"))
    assert verbs == [
        ("document.uploaded", kenya_coordinator.pk),
        ("document.read", None),
        ("document.analysed", None),
    ]


def test_table_pdf_rows_are_extracted(ingest):
    rows = [
        ["Action", "Lead agency", "Indicator"],
        ["Train police officers", "Ministry of Interior", "Officers trained"],
        ["Fund women mediators", "Foreign Ministry", "Mediators funded"],
    ]
    document = ingest("matrix.pdf", table_pdf(rows))
    tables = list(DocumentTable.objects.filter(document=document))
    assert len(tables) == 1
    assert tables[0].page_number == 1
    assert tables[0].rows == rows
    assert "Train police officers" in page_texts(document)[0]


def test_plain_text_pdf_page_has_no_table(ingest):
    document = ingest("plan.pdf", text_pdf(["No table here"]))
    assert not DocumentTable.objects.filter(document=document).exists()


@pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract is not installed")
def test_image_only_pdf_is_read_by_ocr_when_tesseract_is_installed(ingest):
    document = ingest("scan.pdf", image_pdf("Women build lasting peace"))
    page = document.pages.get()
    assert document.status == IngestionStatus.DONE
    assert page.ocr and not page.needs_ocr
    assert {"Women", "build", "lasting", "peace"} <= set(page.text.split())
    assert document.ocr_language == "eng"


def test_image_only_pdf_needs_ocr_without_tesseract(ingest, settings):
    settings.NAPTRACK_TESSERACT = "no-such-tesseract-binary"
    document = ingest("scan.pdf", image_pdf("Women build lasting peace"))
    page = document.pages.get()
    assert document.status == IngestionStatus.NEEDS_OCR
    assert page.needs_ocr and not page.ocr and page.text == ""
    assert not SearchEntry.objects.filter(document=document).exists()


def test_mixed_pdf_keeps_text_pages_while_scans_wait_for_ocr(ingest, settings):
    settings.NAPTRACK_TESSERACT = ""
    data = image_pdf("Scanned annex", text_pages=("Typed introduction",))
    document = ingest("mixed.pdf", data)
    assert document.status == IngestionStatus.NEEDS_OCR
    pages = list(document.pages.order_by("number").values_list("text", "needs_ocr"))
    assert pages == [("Typed introduction", False), ("", True)]
    assert SearchEntry.objects.filter(document=document).count() == 1


def test_docx_pages_follow_hard_page_breaks_and_tables_are_kept(ingest):
    table = [["Objective", "Indicator"], ["More women in police", "Share of women officers"]]
    data = docx_file([["Foreword", "Sécurité des femmes"], ["Second page"]], table=table)
    document = ingest("plan.docx", data)
    assert document.status == IngestionStatus.DONE
    assert document.file_format == "docx"
    texts = page_texts(document)
    assert texts[0] == "Foreword\nSécurité des femmes"
    assert texts[1].startswith("Second page")
    assert "More women in police\tShare of women officers" in texts[1]
    assert list(
        DocumentTable.objects.filter(document=document).values_list("rows", "page_number")
    ) == [(table, 2)]


def test_html_keeps_visible_text_and_drops_scripts_and_styles(ingest):
    data = (
        b"<!doctype html><html><head><title>Plan</title><style>p{color:red}</style>"
        b"<script>var secret = 'do not index';</script></head><body>"
        b"<h1>Women &amp; peace</h1><p>Caf&eacute; talks</p><noscript>enable js</noscript>"
        b"<table><tr><th>Action</th><th>Lead</th></tr><tr><td>Mediate</td><td>UN</td></tr></table>"
        b"</body></html>"
    )
    document = ingest("plan.html", data)
    text = page_texts(document)[0]
    assert "Women & peace" in text and "Café talks" in text
    assert "secret" not in text and "color" not in text and "enable js" not in text
    assert DocumentTable.objects.get(document=document).rows == [
        ["Action", "Lead"],
        ["Mediate", "UN"],
    ]


def test_plain_text_encoding_is_detected(ingest):
    latin1 = "Égalité des femmes et des hommes dans la sécurité nationale.\n" * 3
    document = ingest("note.txt", latin1.encode("latin-1"), language="fr")
    assert page_texts(document)[0].startswith("Égalité des femmes")
    assert document.text_encoding  # charset-normalizer's guess, recorded
    utf16 = ingest("note16.txt", "Mujeres, paz y seguridad".encode("utf-16"), language="es")
    assert page_texts(utf16) == ["Mujeres, paz y seguridad"]
    assert utf16.text_encoding == "utf-16"


def test_plain_text_form_feeds_split_pages(ingest):
    document = ingest("pages.txt", b"first page\fsecond page\fthird page")
    assert page_texts(document) == ["first page", "second page", "third page"]


def test_language_is_recorded(ingest):
    document = ingest("plan-fr.txt", b"Plan d'action national", language="fr")
    assert Document.objects.get(pk=document.pk).language == "fr"
    assert SearchEntry.objects.get(document=document).language == "fr"


def test_needs_ocr_document_is_read_again_once_tesseract_is_available(
    ingest, settings, kenya_coordinator
):
    settings.NAPTRACK_TESSERACT = ""
    document = ingest("scan.pdf", image_pdf("Women build lasting peace"))
    assert document.status == IngestionStatus.NEEDS_OCR
    from naptrack.library.services.upload import document_retry

    settings.NAPTRACK_TESSERACT = "tesseract"
    document_retry(actor=kenya_coordinator, document=document)
    document.refresh_from_db()
    expected = IngestionStatus.DONE if shutil.which("tesseract") else IngestionStatus.NEEDS_OCR
    assert document.status == expected
    assert document.attempts == 2
    assert DocumentPage.objects.filter(document=document).count() == 1


def test_worker_command_reads_a_document_queued_in_the_database(ingest, settings, monkeypatch):
    """Production path: the upload only queues a task row; `manage.py db_worker` reads it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops stale connections between tasks; inside the test's transaction
    # that would close the connection holding the test data.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    document = ingest("queued.pdf", text_pdf(["Read by the worker"]))
    assert document.status == IngestionStatus.QUEUED
    assert not document.pages.exists()
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    document.refresh_from_db()
    assert document.status == IngestionStatus.DONE
    assert page_texts(document) == ["Read by the worker"]


def test_ingest_documents_command_reads_queued_documents_with_progress(ingest, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    first = ingest("one.pdf", text_pdf(["One", "Two"]))
    second = ingest("two.txt", b"Plain words")
    from io import StringIO

    out = StringIO()
    call_command("ingest_documents", stdout=out)
    output = out.getvalue()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (IngestionStatus.DONE, IngestionStatus.DONE)
    assert "page 2 of 2" in output
    assert f"#{first.pk}" in output and "done" in output
    assert "2 documents read" in output


def test_pdf_restricted_by_an_owner_password_only_is_read(ingest):
    from reportlab.lib import pdfencrypt

    data = text_pdf(
        ["Opens without a password"],
        encrypt=pdfencrypt.StandardEncryption("", "owner-pass", canCopy=0, canPrint=0),
    )
    document = ingest("restricted.pdf", data)
    assert document.status == IngestionStatus.DONE
    assert page_texts(document) == ["Opens without a password"]


def test_ingest_documents_command_retries_failures_and_stale_work(ingest, settings):
    from datetime import timedelta
    from io import StringIO

    from django.utils import timezone

    settings.NAPTRACK_MAX_PDF_PAGES = 1
    failed = ingest("two-pages.pdf", text_pdf(["One", "Two"]))
    assert failed.status == IngestionStatus.FAILED
    stale = ingest("stale.txt", b"Left behind by a stopped worker")
    Document.objects.filter(pk=stale.pk).update(
        status=IngestionStatus.RUNNING, updated_at=timezone.now() - timedelta(hours=2)
    )
    settings.NAPTRACK_MAX_PDF_PAGES = 10
    out = StringIO()
    call_command("ingest_documents", "--retry", stdout=out)
    failed.refresh_from_db()
    stale.refresh_from_db()
    assert (failed.status, stale.status) == (IngestionStatus.DONE, IngestionStatus.DONE)
    assert "1 documents left running by a stopped worker were queued again." in out.getvalue()
    assert "2 documents read (2 done)." in out.getvalue()


def test_rebuild_search_index_command_restores_the_index(ingest):
    from io import StringIO

    from naptrack.library.search import search

    ingest("kept.txt", b"Quasistellar harmonies")
    SearchEntry.objects.all().delete()
    assert search(None, "quasistellar").total == 0
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "1 document pages" in out.getvalue()
    assert search(None, "quasistellar").total == 1
