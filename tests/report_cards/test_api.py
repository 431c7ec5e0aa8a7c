"""The report-card API: a plan's card, its history and the ranking."""

from naptrack.report_cards import services
from naptrack.report_cards.method import METHOD_VERSION
from tests.report_cards.conftest import card_of, close_cycles


def test_card_endpoint_gives_grades_criteria_evidence_method_and_inputs(client, full_plan):
    card = card_of(full_plan)
    body = client.get(f"/api/v1/plans/{full_plan.pk}/report-card").json()
    assert body["id"] == card.pk and body["method_version"] == METHOD_VERSION
    assert body["design"] == {"grade": "A", "score": "1", "coverage": "1", "unknown": 0}
    legislature = next(c for c in body["criteria"] if c["code"] == "legislature")
    assert legislature["result"] == "met"
    assert legislature["explanation"] == "1 confirmed passage(s) of the plan's documents show it."
    assert legislature["evidence"][0]["quote"] == "The plan shows legislature on page 3."
    assert body["inputs"]["plan"]["lead_agency"] == "Office of the President"
    assert len(body["method"]["criteria"]) == 19


def test_card_endpoint_reports_insufficient_information_as_null(client, empty_plan):
    card_of(empty_plan)
    body = client.get(f"/api/v1/plans/{empty_plan.pk}/report-card").json()
    assert body["design"] == {"grade": None, "score": None, "coverage": "0", "unknown": 12}
    assert (
        body["implementation"]["unknown"] == 6
    )  # the contractors criterion is not counted: no contract


def test_card_endpoint_before_computation_is_a_clear_404(client, empty_plan):
    response = client.get(f"/api/v1/plans/{empty_plan.pk}/report-card")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == (
        "No report card has been computed for this plan yet."
    )


def test_card_endpoint_lists_published_cso_cards(client, mixed_plan, card_cso, card_cso_member):
    card_of(mixed_plan)
    cso_card = services.cso_card_create(
        actor=card_cso_member, plan=mixed_plan, organization=card_cso
    )
    services.cso_card_save(
        actor=card_cso_member, card=cso_card, grades={"budget": ("not_met", "Unfunded.")}
    )
    assert client.get(f"/api/v1/plans/{mixed_plan.pk}/report-card").json()["cso_cards"] == []
    services.cso_card_publish(actor=card_cso_member, card=cso_card)
    found = client.get(f"/api/v1/plans/{mixed_plan.pk}/report-card").json()["cso_cards"]
    assert [c["byline"] for c in found] == [card_cso.name]
    budget = next(g for g in found[0]["criteria"] if g["code"] == "budget")
    assert budget == {"code": "budget", "result": "not_met", "reason": "Unfunded."}


def test_history_endpoint_lists_every_card_newest_first(client, empty_plan):
    first = services.report_card_recompute(plan=empty_plan)
    empty_plan.budget = "allocated"
    empty_plan.save()
    second = services.report_card_recompute(plan=empty_plan)
    body = client.get(f"/api/v1/plans/{empty_plan.pk}/report-card/history").json()
    assert body["count"] == 2
    assert [c["id"] for c in body["items"]] == [second.pk, first.pk]
    assert [c["is_current"] for c in body["items"]] == [True, False]
    assert body["items"][0]["design"]["grade"] is None  # 1 of 12 known: insufficient


def test_ranking_endpoint_ranks_and_filters_like_the_page(
    client, full_plan, mixed_plan, empty_plan, kenya_coordinator
):
    close_cycles(mixed_plan, kenya_coordinator)
    for plan in (full_plan, mixed_plan, empty_plan):
        card_of(plan)
    body = client.get("/api/v1/report-cards", {"q": "card test"}).json()
    assert [row["plan_id"] for row in body["items"]] == [full_plan.pk, mixed_plan.pk]
    assert body["items"][0]["design"]["grade"] == "A"
    filtered = client.get(
        "/api/v1/report-cards", {"q": "card test", "dimension": "implementation", "best": "D"}
    ).json()
    assert [row["plan_id"] for row in filtered["items"]] == [mixed_plan.pk]


def test_ranking_endpoint_refuses_unknown_values_with_the_field_named(client, db):
    response = client.get("/api/v1/report-cards", {"sort": "random"})
    assert response.status_code == 422
    assert "query.sort" in response.json()["error"]["fields"]
