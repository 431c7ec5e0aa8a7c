"""The badge and the PDF."""

import pypdfium2
from django.urls import reverse

from naptrack.report_cards.method import METHOD_VERSION
from tests.report_cards.conftest import card_of


def test_badge_is_a_fixed_size_svg_with_both_grades_and_no_script(client, mixed_plan):
    card_of(mixed_plan)
    response = client.get(reverse("report_cards:badge", args=[mixed_plan.pk]))
    svg = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="260" height="20"')
    assert "Design D · Impl. D" in svg
    assert "<script" not in svg.lower() and "href" not in svg and "on" + "load" not in svg
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_badge_says_insufficient_information_as_a_question_mark(client, empty_plan):
    card_of(empty_plan)
    svg = client.get(reverse("report_cards:badge", args=[empty_plan.pk])).content.decode()
    assert "Design ? · Impl. ?" in svg
    assert "? = insufficient information" in svg


def test_badge_escapes_the_plan_title(client, kenya):
    from tests.factories.registry import ActionPlanFactory

    plan = ActionPlanFactory(country=kenya, title='<script>alert("x")</script> & co')
    card_of(plan)
    svg = client.get(reverse("report_cards:badge", args=[plan.pk])).content.decode()
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg and "&amp; co" in svg


def test_badge_before_computation(client, empty_plan):
    svg = client.get(reverse("report_cards:badge", args=[empty_plan.pk])).content.decode()
    assert "not computed" in svg


def test_pdf_is_a_real_pdf_with_the_grades_and_criteria(client, mixed_plan):
    card_of(mixed_plan)
    response = client.get(reverse("report_cards:pdf", args=[mixed_plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    document = pypdfium2.PdfDocument(response.content)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    text = " ".join(text.split())
    assert "Report card: Kenya mixed plan (card test)" in text
    assert "Grade D" not in text  # the screen-reader word is not printed
    assert "Periodic reports to the legislature" in text
    assert "5 unknown, not counted as a pass or a fail" in text
    assert f"method version {METHOD_VERSION}" in text
