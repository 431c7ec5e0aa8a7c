"""Who may see and change what: drafts are hidden in every channel, only coordinators sign
statements for their plan, synthetic plans stay out of the ranking."""

import pytest
from django.urls import reverse
from django.utils import timezone

from naptrack.report_cards import services
from naptrack.report_cards.models import CoordinatorStatement, CsoReportCard, ReportCard
from tests.factories.people import OUTSIDERS, outsider, signed_in
from tests.factories.registry import ActionPlanFactory
from tests.factories.report_cards import CsoReportCardFactory
from tests.report_cards.conftest import card_of


@pytest.fixture
def draft_with_card(kenya):
    plan = ActionPlanFactory(
        country=kenya, title="Secret draft plan (card test)", publication="draft"
    )
    card_of(plan)
    return plan


def channels(plan, card) -> list[str]:
    return [
        reverse("report_cards:card", args=[plan.pk]),
        reverse("report_cards:card_version", args=[plan.pk, card.pk]),
        reverse("report_cards:history", args=[plan.pk]),
        reverse("report_cards:badge", args=[plan.pk]),
        reverse("report_cards:pdf", args=[plan.pk]),
        f"/api/v1/plans/{plan.pk}/report-card",
        f"/api/v1/plans/{plan.pk}/report-card/history",
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_draft_plan_card_is_404_on_every_channel(client, draft_with_card, who):
    signed_in(client, outsider(who))
    card = ReportCard.objects.get(plan=draft_with_card)
    for url in channels(draft_with_card, card):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Secret draft plan" not in response.content
    for url in (reverse("report_cards:ranking"), "/api/v1/report-cards?q=Secret"):
        assert "Secret draft plan" not in client.get(url, {"q": "Secret"}).text


def test_draft_plan_card_is_shown_to_its_coordinators_marked_draft(
    client, draft_with_card, kenya_coordinator
):
    client.force_login(kenya_coordinator)
    html = client.get(reverse("report_cards:card", args=[draft_with_card.pk])).text
    assert "not published: only the coordinators" in html
    # Nothing known yet: not ranked, but counted for those who may see it, and only them.
    ranking_page = client.get(reverse("report_cards:ranking"), {"q": "Secret"}).text
    assert "1 plan is not graded and not ranked:" in ranking_page
    client.logout()
    ranking_page = client.get(reverse("report_cards:ranking"), {"q": "Secret"}).text
    assert "not graded and not ranked" not in ranking_page
    client.force_login(kenya_coordinator)
    badge = client.get(reverse("report_cards:badge", args=[draft_with_card.pk]))
    assert "no-store" in badge["Cache-Control"] and "public" not in badge["Cache-Control"]


def test_cso_card_on_a_draft_plan_is_404_even_when_published(client, draft_with_card, card_cso):
    cso_card = CsoReportCardFactory(
        plan=draft_with_card, organization=card_cso, state="published", published_at=timezone.now()
    )
    assert client.get(reverse("report_cards:cso_card", args=[cso_card.pk])).status_code == 404


def test_draft_cso_card_is_404_for_everyone_but_its_members(
    client, empty_plan, card_cso, card_cso_member
):
    cso_card = services.cso_card_create(
        actor=card_cso_member, plan=empty_plan, organization=card_cso
    )
    url = reverse("report_cards:cso_card", args=[cso_card.pk])
    for who in OUTSIDERS:
        signed_in(client, outsider(who))
        assert client.get(url).status_code == 404, who
    client.force_login(card_cso_member)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["cso_card"].pk == cso_card.pk
    assert response.context["is_author"]


def test_synthetic_plan_is_out_of_the_ranking_but_reachable_by_address(client, kenya):
    synthetic = ActionPlanFactory(
        country=kenya, title="Made-up plan (card test)", origin="synthetic"
    )
    card_of(synthetic)
    assert "Made-up plan" not in client.get(reverse("report_cards:ranking"), {"q": "Made-up"}).text
    assert client.get("/api/v1/report-cards", {"q": "Made-up"}).json()["count"] == 0
    html = client.get(reverse("report_cards:card", args=[synthetic.pk])).text
    assert "SYNTHETIC DATA" in html


SIGN = {"criterion": "legislature", "claim": "met", "text": "Reported to parliament."}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_plan_owners_coordinators_sign_statements(client, empty_plan, who):
    signed_in(client, outsider(who))
    response = client.post(reverse("report_cards:statement_sign", args=[empty_plan.pk]), SIGN)
    if who == "anonymous":
        assert response.headers["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403
    assert not CoordinatorStatement.objects.filter(plan=empty_plan).exists()
    assert not ReportCard.objects.filter(plan=empty_plan).exists()


def test_coordinator_signs_a_statement_through_the_page(client, empty_plan, kenya_coordinator):
    client.force_login(kenya_coordinator)
    url = reverse("report_cards:statement_sign", args=[empty_plan.pk])
    response = client.post(url, {**SIGN, "link": "https://parliament.example.org/report"})
    assert response.headers["Location"] == reverse("report_cards:card", args=[empty_plan.pk])
    statement = CoordinatorStatement.objects.get(plan=empty_plan)
    assert (statement.signed_by, statement.link) == (
        kenya_coordinator,
        "https://parliament.example.org/report",
    )
    html = client.get(response.headers["Location"]).text
    assert "Reported to parliament." in html and "self-reported" in html


def test_statement_form_names_what_is_wrong(client, empty_plan, kenya_coordinator):
    client.force_login(kenya_coordinator)
    url = reverse("report_cards:statement_sign", args=[empty_plan.pk])
    response = client.post(url, {**SIGN, "criterion": "on_time", "text": ""})
    assert response.status_code == 400
    assert "Select a valid choice. on_time is not one of the available choices." in response.text
    assert "This field is required." in response.text
    assert not CoordinatorStatement.objects.exists()


def test_statement_on_an_implementation_criterion_is_refused_by_the_service(
    empty_plan, kenya_coordinator
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="design criteria only"):
        services.statement_sign(
            actor=kenya_coordinator, plan=empty_plan, criterion="on_time", claim="met", text="Yes."
        )


def test_other_coordinators_cannot_withdraw_a_statement(
    client, empty_plan, kenya_coordinator, uganda_coordinator
):
    statement = services.statement_sign(
        actor=kenya_coordinator, plan=empty_plan, criterion="inclusion", claim="met", text="Yes."
    )
    client.force_login(uganda_coordinator)
    response = client.post(reverse("report_cards:statement_withdraw", args=[statement.pk]))
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.is_current is True


def test_statement_on_a_draft_is_404_for_other_coordinators(
    client, draft_with_card, uganda_coordinator
):
    client.force_login(uganda_coordinator)
    response = client.post(reverse("report_cards:statement_sign", args=[draft_with_card.pk]), SIGN)
    assert response.status_code == 404
    assert not CoordinatorStatement.objects.filter(plan=draft_with_card).exists()


def test_cso_create_needs_a_civil_society_membership(client, empty_plan, kenya_coordinator):
    client.force_login(kenya_coordinator)
    response = client.get(reverse("report_cards:cso_create", args=[empty_plan.pk]))
    assert response.status_code == 403
    assert not CsoReportCard.objects.exists()
