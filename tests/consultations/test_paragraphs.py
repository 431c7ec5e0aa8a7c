"""Comments on the paragraphs of an uploaded draft text (CONSUL-style): the library reads
the file, the coordinators attach it to the consultation being prepared, and its
numbered paragraphs can be commented on, on the page, by API and in imports."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from naptrack.consultations import services
from naptrack.library.services.upload import document_upload
from tests.api.conftest import client_for

DRAFT_TEXT = (
    "Kenya third National Action Plan: draft for consultation (test text)\n\n"
    "1. Women shall make up at least a third of every county peace committee.\n\n"
    "2. Each police station shall open a gender desk staffed by trained officers.\n\n"
    "12\n\n"
    "3. The plan is reviewed with civil society every year.\n"
)


@pytest.fixture
def draft_document(kenya_coordinator, consultation_plan):
    upload = SimpleUploadedFile("draft.txt", DRAFT_TEXT.encode(), content_type="text/plain")
    document = document_upload(
        actor=kenya_coordinator,
        upload=upload,
        title="Draft NAP III (test)",
        language="en",
        kind="plan",
        plan=consultation_plan,
    )
    document.refresh_from_db()
    return document


def test_attaching_the_draft_splits_it_into_numbered_paragraphs(
    kenya_coordinator, draft_consultation, draft_document
):
    assert (
        services.consultation_draft_attach(
            actor=kenya_coordinator, consultation=draft_consultation, document=draft_document
        )
        == 4
    )
    texts = list(draft_consultation.paragraphs.values_list("number", "text"))
    assert texts[1] == (
        2,
        "1. Women shall make up at least a third of every county peace committee.",
    )
    assert all(text != "12" for _n, text in texts)  # the page number is not a paragraph


def test_only_coordinators_attach_and_only_while_prepared(
    kenya_coordinator, uganda_coordinator, draft_consultation, draft_document
):
    with pytest.raises(PermissionDenied):
        services.consultation_draft_attach(
            actor=uganda_coordinator, consultation=draft_consultation, document=draft_document
        )
    opened = services.consultation_open(actor=kenya_coordinator, consultation=draft_consultation)
    with pytest.raises(ValidationError):
        services.consultation_draft_attach(
            actor=kenya_coordinator, consultation=opened, document=draft_document
        )
    assert not draft_consultation.paragraphs.exists()


def test_visitor_comments_on_a_paragraph_and_it_shows_under_it(
    client, kenya_coordinator, draft_consultation, draft_document, signed_in_person
):
    services.consultation_draft_attach(
        actor=kenya_coordinator, consultation=draft_consultation, document=draft_document
    )
    consultation = services.consultation_open(
        actor=kenya_coordinator, consultation=draft_consultation
    )
    paragraph = consultation.paragraphs.get(number=3)
    page = client.get(consultation.get_absolute_url()).content.decode()
    comment_url = reverse("consultations:comment", args=[consultation.pk])
    assert f"{comment_url}?paragraph={paragraph.pk}" in page
    response = client.post(comment_url, {"paragraph": paragraph.pk, "text": "And in prisons?"})
    assert response.status_code == 302
    comment = consultation.comments.get()
    assert comment.paragraph == paragraph and comment.part_label.startswith("¶3 2. Each police")
    api = client_for(signed_in_person)
    posted = api.post(
        f"consultations/{consultation.pk}/comments",
        {"text": "Yes.", "paragraph_id": paragraph.pk, "identity": "named"},
    )
    assert posted.status_code == 201 and posted.json()["about"] == "paragraph"
