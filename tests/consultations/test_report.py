"""You said, we did: every input (online comments and offline points) answered, and the
public page, PDF and XLSX report counting them by channel, place and group, with the
actions that changed; none of them names an anonymous participant."""

import io

import pypdfium2
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from naptrack.consultations import services
from tests.consultations.conftest import SECRET_CONTACT, SECRET_EMAIL, SECRET_NAME, TODAY
from tests.factories.accounts import UserFactory


@pytest.fixture
def answered_consultation(
    kenya_coordinator, consultation, consultation_structure, secret_commenter
):
    """An anonymous online comment, a focus group's two points, all answered; closed."""
    online = services.comment_post(
        actor=secret_commenter,
        consultation=consultation,
        text="Gender desks need women officers.",
        part=consultation_structure["2.1"],
        identity="anonymous",
    )
    services.comment_post(
        actor=None,
        consultation=consultation,
        text="Interpreters at every hearing.",
        contact_email=SECRET_CONTACT,
    )
    facilitator = UserFactory()
    services.facilitator_add(actor=kenya_coordinator, consultation=consultation, user=facilitator)
    session = services.session_record(
        actor=facilitator,
        consultation=consultation,
        kind="focus_group",
        held_on=TODAY,
        district="Turkana",
        language="sw",
        counts={("woman", "18_35"): 9, ("woman", "60_plus"): 4, ("man", "36_59"): 2},
        points=[
            {"text": "Pay mediators' travel.", "part": consultation_structure["1.1"]},
            {"text": "Hold meetings after market day."},
        ],
    )
    first, second = session.points.order_by("pk")
    answers = [
        (
            online,
            "accepted",
            "Action 2.1 now says two women officers per desk.",
            consultation_structure["2.1"],
        ),
        (first, "partly", "A travel allowance, capped.", consultation_structure["1.1"]),
        (second, "not_accepted", "Meetings are set by the counties.", None),
    ]
    for comment, outcome, text, action in answers:
        services.comment_answer(
            actor=kenya_coordinator, comment=comment, outcome=outcome, text=text, action=action
        )
    return services.consultation_close(actor=kenya_coordinator, consultation=consultation)


def test_public_page_counts_by_channel_place_and_group_and_lists_changed_actions(
    client, answered_consultation
):
    html = client.get(
        reverse("consultations:detail", args=[answered_consultation.pk])
    ).content.decode()
    assert "Through: Meeting, focus group or paper form" in html
    assert 'id="by-place"' in html and "<td>Turkana</td><td>1</td><td>15</td><td>2</td>" in html
    assert '<th scope="row">Women</th><td>0</td><td>9</td><td>0</td><td>4</td>' in html
    assert 'id="changed-actions"' in html
    assert "2.1 Open gender desks</td><td>1</td>" in html
    assert "1.1 Train women mediators</td><td>1</td>" in html


def test_report_page_shows_every_answer_and_where_it_came_from(client, answered_consultation):
    html = client.get(
        reverse("consultations:report_page", args=[answered_consultation.pk])
    ).content.decode()
    assert "Provisional" in html
    assert "Focus group, Turkana, " + TODAY.isoformat() in html
    assert "Meetings are set by the counties." in html
    assert "Not accepted" in html and "Partly accepted" in html


def test_report_xlsx_has_the_inputs_answers_places_and_groups(client, answered_consultation):
    response = client.get(reverse("consultations:report_xlsx", args=[answered_consultation.pk]))
    assert 'filename="naptrack-consultation-' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Summary", "Input", "Places", "Groups", "Actions changed"]
    inputs = list(book["Input"].iter_rows(values_only=True))
    assert len(inputs) == 5  # header and four inputs
    by_text = {row[4]: row for row in inputs[1:]}
    assert by_text["Pay mediators' travel."][6] == "Partly accepted"
    assert by_text["Gender desks need women officers."][2] == "Anonymous participant"
    places = list(book["Places"].iter_rows(values_only=True))
    assert places[1] == ("Turkana", 1, 15, 2)
    summary = dict(book["Summary"].iter_rows(values_only=True))
    assert summary["Offline participants"] == 15


def test_report_pdf_is_a_real_pdf_with_the_answers(client, answered_consultation):
    response = client.get(reverse("consultations:report_pdf", args=[answered_consultation.pk]))
    assert response["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(response.content)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    assert "Turkana" in text and "A travel allowance, capped." in text


def test_no_report_channel_names_the_anonymous_participants(
    client, answered_consultation, kenya_coordinator, moderator
):
    for viewer in (None, kenya_coordinator, moderator):
        if viewer:
            client.force_login(viewer)
        page = client.get(
            reverse("consultations:report_page", args=[answered_consultation.pk])
        ).content
        sheet = client.get(
            reverse("consultations:report_xlsx", args=[answered_consultation.pk])
        ).content
        pdf = client.get(
            reverse("consultations:report_pdf", args=[answered_consultation.pk])
        ).content
        document = pypdfium2.PdfDocument(pdf)
        text = " ".join(p.get_textpage().get_text_range() for p in document)
        book = load_workbook(io.BytesIO(sheet), read_only=True)
        cells = " ".join(
            str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
        for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_CONTACT):
            assert secret not in page.decode() and secret not in text and secret not in cells


def test_report_of_a_consultation_being_prepared_is_404_for_the_public(client, draft_consultation):
    for name in ("report_page", "report_pdf", "report_xlsx"):
        assert (
            client.get(reverse(f"consultations:{name}", args=[draft_consultation.pk])).status_code
            == 404
        )


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    return " ".join(page.get_textpage().get_text_range() for page in document)


def test_field_form_lists_questions_and_draft_parts_in_each_site_language(
    client, kenya_coordinator, consultation_plan, consultation_structure
):
    from tests.consultations.conftest import prepare

    draft = prepare(kenya_coordinator, consultation_plan, languages=["en", "fr", "sw"])
    consultation = services.consultation_open(actor=kenya_coordinator, consultation=draft)
    response = client.get(reverse("consultations:field_form", args=[consultation.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Q1. What is missing?" in text and "Action 1.2 Quota in county committees" in text
    assert "Objective 2 Safe reporting of violence" in text
    assert "no translation for: sw" in text
    assert text.count("Q2. Which action matters most to you?") == 2  # English and French
