"""Evidence files: what they really are decides, size is bounded, published ones stay."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from naptrack.reporting import services
from naptrack.reporting.models import Evidence
from tests.factories.people import signed_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return output.getvalue()


def add(update, reporter, name, data, description="Proof"):
    return services.EVIDENCE.add_file(
        actor=reporter,
        parent=update,
        upload=SimpleUploadedFile(name, data),
        description=description,
    )


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("list.pdf", PDF, "application/pdf"),
        (
            "minutes.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("figures.csv", b"district,trained\nNairobi,12\n", "text/csv"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
    ],
)
def test_evidence_file_accepted_is_stored_under_a_generated_name(
    update_a, reporter_a, name, data, content_type
):
    evidence = add(update_a, reporter_a, name, data)
    assert evidence.content_type == content_type
    assert evidence.original_name == name and evidence.size_bytes == len(data)
    assert name not in evidence.file.name and evidence.file.name.startswith("reporting/evidence/")
    with evidence.file.open("rb") as handle:
        assert handle.read() == data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tool.pdf", b"MZ\x90\x00" + b"\x00" * 60, "a Windows executable"),
        ("report.pdf", docx(), "named .pdf but its content is DOCX"),
        ("page.txt", b"<!DOCTYPE html><script>alert(1)</script>", "give a link instead"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "must be one of"),
        ("bundle.zip", b"PK\x03\x04" + b"\x00" * 40, "must be one of"),
        ("empty.pdf", b"", "is empty"),
        ("data.csv", b"\x00\x01\x02binary", "binary of an unknown type"),
        ("archive.docx", b"PK\x03\x04not really a zip", "damaged ZIP"),
    ],
)
def test_evidence_file_refused_with_a_clear_message(update_a, reporter_a, name, data, message):
    with pytest.raises(ValidationError) as error:
        add(update_a, reporter_a, name, data)
    assert message in " ".join(error.value.messages)
    assert not Evidence.objects.exists()


def test_evidence_file_larger_than_the_setting_is_refused(update_a, reporter_a, settings):
    settings.NAPTRACK_MAX_EVIDENCE_BYTES = 20
    with pytest.raises(ValidationError, match="at most 20"):
        add(update_a, reporter_a, "list.pdf", PDF)


def test_evidence_page_refusal_names_the_problem(client, update_a, reporter_a):
    response = signed_in(client, reporter_a).post(
        reverse("reporting:evidence_add", args=[update_a.pk]),
        {"description": "Minutes", "file": SimpleUploadedFile("minutes.pdf", docx())},
    )
    assert response.status_code == 400
    assert "named .pdf but its content is DOCX" in response.content.decode()


def test_evidence_page_needs_a_link_or_a_file(client, update_a, reporter_a):
    response = signed_in(client, reporter_a).post(
        reverse("reporting:evidence_add", args=[update_a.pk]), {"description": "Nothing"}
    )
    assert response.status_code == 400
    assert "Give either a link or a file" in response.content.decode()


def test_evidence_of_a_published_report_cannot_be_removed(
    update_a, reporter_a, kenya_coordinator, reporting_cycle
):
    evidence = add(update_a, reporter_a, "list.pdf", PDF)
    services.update_save(actor=reporter_a, update=update_a, expected_version=1, status="on_track")
    services.update_submit(actor=reporter_a, update=update_a)
    services.update_approve(actor=kenya_coordinator, update=update_a)
    report = services.report_compile(actor=kenya_coordinator, cycle=reporting_cycle, summary="S")
    services.report_publish(actor=kenya_coordinator, report=report)
    services.update_return(
        actor=kenya_coordinator, update=update_a, comments={"evidence": "Add more"}
    )
    with pytest.raises(ValidationError, match="A published report shows this evidence"):
        services.EVIDENCE.remove(actor=reporter_a, evidence=evidence)
    assert evidence.file.storage.exists(evidence.file.name)


def test_evidence_removed_while_draft_deletes_the_file(
    update_a, reporter_a, django_capture_on_commit_callbacks
):
    evidence = add(update_a, reporter_a, "list.pdf", PDF)
    stored = evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.EVIDENCE.remove(actor=reporter_a, evidence=evidence)
    assert not Evidence.objects.exists()
    assert not evidence.file.storage.exists(stored)


def test_evidence_link_must_be_a_web_address(update_a, reporter_a):
    with pytest.raises(ValidationError) as error:
        services.EVIDENCE.add_link(
            actor=reporter_a, parent=update_a, url="javascript:alert(1)", description="x"
        )
    assert "url" in error.value.message_dict


def test_evidence_page_refuses_an_oversized_file_with_413(client, settings, update_a, reporter_a):
    settings.NAPTRACK_MAX_EVIDENCE_BYTES = 20
    response = signed_in(client, reporter_a).post(
        reverse("reporting:evidence_add", args=[update_a.pk]),
        {"description": "Minutes", "file": SimpleUploadedFile("minutes.pdf", PDF)},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 413
    assert "larger than 20 bytes, the limit for evidence" in response.content.decode()
    assert not update_a.evidence.exists()


def test_evidence_with_a_non_ascii_name_downloads_under_that_name(client, update_b, reporter_b):
    evidence = services.EVIDENCE.add_file(
        actor=reporter_b,
        parent=update_b,
        upload=SimpleUploadedFile("rapport-trimestriel-été.pdf", PDF),
        description="Quarterly report",
    )
    response = signed_in(client, reporter_b).get(
        reverse("reporting:evidence_file", args=[evidence.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''rapport-trimestriel-%C3%A9t%C3%A9.pdf"
    )
