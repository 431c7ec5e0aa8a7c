"""The consultation pages, as plain forms without JavaScript: the public list and page,
commenting, supporting, moderating, and the coordinators' preparing and answering."""

import datetime

import pytest
from django.urls import reverse

from naptrack.consultations import services
from naptrack.consultations.models import Comment, Consultation
from tests.consultations.conftest import TODAY
from tests.factories.people import signed_in


def detail(consultation) -> str:
    return reverse("consultations:detail", args=[consultation.pk])


def test_plan_page_links_to_its_consultations(client, consultation_plan):
    html = client.get(consultation_plan.get_absolute_url()).content.decode()
    assert f"{reverse('consultations:list')}?plan={consultation_plan.pk}" in html


def test_public_list_shows_open_consultations_not_prepared_ones(
    client, kenya_coordinator, consultation_plan, consultation
):
    prepared = services.consultation_create(
        actor=kenya_coordinator,
        plan=consultation_plan,
        title="Still being prepared",
        opens_on=TODAY,
        closes_on=TODAY,
    )
    html = client.get(reverse("consultations:list")).content.decode()
    assert consultation.title in html and prepared.title not in html
    html = signed_in(client, kenya_coordinator).get(reverse("consultations:list")).content.decode()
    assert prepared.title in html


def test_detail_shows_the_draft_questions_and_links_to_comment(
    client, consultation, consultation_structure
):
    html = client.get(detail(consultation)).content.decode()
    assert "Train women mediators" in html and "What is missing?" in html
    comment_url = reverse("consultations:comment", args=[consultation.pk])
    assert f"{comment_url}?action={consultation_structure['1.1'].pk}" in html
    assert f"{comment_url}?objective={consultation_structure['1'].pk}" in html


def test_visitor_comments_on_an_action_without_javascript(
    client, consultation, consultation_structure
):
    action = consultation_structure["2.1"]
    url = reverse("consultations:comment", args=[consultation.pk])
    form = client.get(url, {"action": action.pk}).content.decode()
    assert "Open gender desks" in form
    assert 'name="identity"' not in form  # without an account: anonymous only
    response = client.post(url, {"action": action.pk, "text": "Desks need women officers."})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{detail(consultation)}#comment-{comment.pk}"
    assert comment.action == action and comment.is_anonymous
    html = client.get(detail(consultation)).content.decode()
    assert "Desks need women officers." in html and "Anonymous participant" in html


def test_signed_in_person_comments_under_her_name(client, consultation, signed_in_person):
    url = reverse("consultations:comment", args=[consultation.pk])
    signed_in(client, signed_in_person).post(url, {"text": "General point.", "identity": "named"})
    assert "Grace Named" in client.get(detail(consultation)).content.decode()


def test_bad_comment_says_what_is_wrong(client, consultation):
    url = reverse("consultations:comment", args=[consultation.pk])
    response = client.post(url, {"text": "x", "contact_email": "not-an-email"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Comment.objects.exists()


def test_closed_consultation_takes_no_comment(client, kenya_coordinator, consultation):
    services.consultation_close(actor=kenya_coordinator, consultation=consultation)
    url = reverse("consultations:comment", args=[consultation.pk])
    assert "not taking your input" in client.get(url).content.decode()
    response = client.post(url, {"text": "Too late?"})
    assert response.status_code == 400 and not Comment.objects.exists()


def test_support_counts_on_the_page(client, consultation, signed_in_person):
    comment = services.comment_post(actor=None, consultation=consultation, text="Point")
    url = reverse("consultations:support", args=[consultation.pk, comment.pk])
    signed_in(client, signed_in_person).post(url)
    assert comment.supports.count() == 1
    assert "· 1 support</p>" in client.get(detail(consultation)).content.decode()


def test_moderator_hides_a_comment_from_the_page(client, moderator, consultation):
    comment = services.comment_post(actor=None, consultation=consultation, text="Rude words")
    url = reverse("consultations:hide", args=[consultation.pk, comment.pk])
    signed_in(client, moderator).post(url, {"reason": "Insults"})
    assert "Rude words" in client.get(detail(consultation)).content.decode()  # moderators
    client.logout()
    assert "Rude words" not in client.get(detail(consultation)).content.decode()


def test_coordinator_prepares_and_opens_a_consultation(
    client, kenya_coordinator, consultation_plan, consultation_structure
):
    signed_in(client, kenya_coordinator)
    response = client.post(
        reverse("consultations:create", args=[consultation_plan.pk]),
        {
            "title": "Your views on the draft",
            "opens_on": TODAY.isoformat(),
            "closes_on": (TODAY + datetime.timedelta(days=10)).isoformat(),
            "languages": "en, sw",
            "participation": "public",
            "questions": "Is anything missing?\nWhat should come first?",
        },
    )
    consultation = Consultation.objects.get()
    assert response["Location"] == detail(consultation)
    assert consultation.questions.count() == 2 and consultation.languages == ["en", "sw"]
    client.post(reverse("consultations:open", args=[consultation.pk]))
    consultation.refresh_from_db()
    assert consultation.state == "open"


def test_bad_language_is_named_on_the_form(client, kenya_coordinator, consultation_plan):
    response = signed_in(client, kenya_coordinator).post(
        reverse("consultations:create", args=[consultation_plan.pk]),
        {
            "title": "T",
            "opens_on": TODAY.isoformat(),
            "closes_on": TODAY.isoformat(),
            "languages": "en, zz",
            "participation": "public",
        },
    )
    assert response.status_code == 400 and "Unknown language code: zz" in response.content.decode()
    assert not Consultation.objects.exists()


def test_you_said_we_did(client, kenya_coordinator, consultation, consultation_structure):
    comment = services.comment_post(actor=None, consultation=consultation, text="Add shelters")
    services.comment_post(actor=None, consultation=consultation, text="Another")
    url = reverse("consultations:answer", args=[consultation.pk, comment.pk])
    signed_in(client, kenya_coordinator).post(
        url,
        {
            "outcome": "accepted",
            "text": "Now in action 2.1.",
            "action": consultation_structure["2.1"].pk,
        },
    )
    client.logout()
    html = client.get(detail(consultation)).content.decode()
    assert "We did: Accepted" in html and "Now in action 2.1." in html
    assert '<td id="unanswered">1</td>' in html


def test_publishing_answers_with_one_missing_says_so(client, kenya_coordinator, consultation):
    services.comment_post(actor=None, consultation=consultation, text="Unanswered")
    services.consultation_close(actor=kenya_coordinator, consultation=consultation)
    response = signed_in(client, kenya_coordinator).post(
        reverse("consultations:report", args=[consultation.pk]), {"summary": "We changed 3."}
    )
    assert response.status_code == 400
    assert "1 still without an answer" in response.content.decode()


@pytest.mark.parametrize("comments", [3])
def test_consultation_page_stays_small(client, consultation, consultation_structure, comments):
    for n in range(comments):
        services.comment_post(
            actor=None,
            consultation=consultation,
            text=f"Point {n}",
            part=consultation_structure["1.1"],
        )
    response = client.get(detail(consultation))
    # The first two comments of a part show; the link leads to all of them, by pages.
    assert b"Point 1" in response.content and b"Point 2" not in response.content
    report = reverse("consultations:report_page", args=[consultation.pk])
    link = f"{report}?action={consultation_structure['1.1'].pk}"
    assert f'href="{link}">All 3 comments on this part'.encode() in response.content
    assert b"Point 2" in client.get(link).content
    assert len(response.content) < 60_000
    assert b"<script" not in response.content.replace(b'<script src="/static/vendor/htmx', b"")
