"""The method on hand-built plans whose right grades are known (see conftest.py)."""

from decimal import Decimal

from naptrack.contractors import services as contractors
from naptrack.contractors.models import ChecklistItem
from naptrack.report_cards.method import CRITERIA
from tests.factories.contractors import ContractFactory
from tests.report_cards.conftest import card_of


def results(card) -> dict[str, str]:
    return {r["code"]: r["result"] for r in card.results}


def answer_every_item_yes_with_evidence(contract, coordinator) -> None:
    for item in ChecklistItem.objects.filter(version__number=1):
        answer = contractors.checklist_answer_save(
            actor=coordinator, contract=contract, item=item, answer="yes"
        )
        contractors.answer_evidence_add(
            actor=coordinator, answer=answer, url="https://example.org/policy", description="Policy"
        )


def test_full_plan_meets_every_criterion_and_gets_a_twice(full_plan, kenya_coordinator):
    # Method 1.3: a contract linked to one of its actions, every item answered with evidence.
    contract = ContractFactory()
    contract.actions.add(full_plan.actions.first())
    answer_every_item_yes_with_evidence(contract, kenya_coordinator)
    card = card_of(full_plan)
    assert results(card) == {c.code: "met" for c in CRITERIA}
    assert (card.design_grade, card.design_score, card.design_coverage) == ("A", 1, 1)
    assert (card.implementation_grade, card.implementation_score) == ("A", 1)
    assert card.design_unknown == card.implementation_unknown == 0


def test_full_plan_evidence_links_each_source(full_plan):
    by_code = {r["code"]: r for r in card_of(full_plan).results}
    passage = by_code["legislature"]["evidence"][0]
    assert passage["kind"] == "document"
    assert passage["quote"] == "The plan shows legislature on page 3."
    assert passage["url"].endswith("/pages/3/")
    agencies = {e["params"]["name"] for e in by_code["security_sector"]["evidence"]}
    assert agencies == {
        "Ministry of Foreign Affairs (card test)",
        "Ministry of Defence (card test)",
        "National Police Service (card test)",
    }
    assert by_code["political_ownership"]["evidence"][0]["params"] == {
        "lead": "Office of the President"
    }
    assert by_code["agreement"]["explanation"]["params"]["agrees"] == 3
    assert by_code["budget_execution"]["explanation"]["params"]["elapsed"] == "50"


def test_full_plan_inputs_sum_the_approved_spending_of_its_report(full_plan):
    (published,) = card_of(full_plan).inputs["reports"]["published"]
    assert published["spending"] == {"USD": "1500"}  # three actions, 500 each


def test_mixed_plan_gets_the_grades_worked_out_by_hand(mixed_plan):
    card = card_of(mixed_plan)
    assert results(card) == {
        "participation": "partly",  # a coordinator's "met" alone: self-reported
        "political_ownership": "unknown",
        "security_sector": "partly",  # defence only
        "policy_integration": "partly",
        "monitoring": "partly",  # leads everywhere, no indicator
        "legislature": "not_met",
        "budget": "not_met",
        "civil_society_monitoring": "unknown",
        "inclusion": "partly",
        "private_sector": "unknown",
        "peer_learning": "unknown",
        "disarmament": "unknown",
        "on_time": "partly",  # 2024 overdue and unpublished, 2025 on time
        "completeness": "partly",  # 1 of 2 actions approved
        "progress": "not_met",  # the one stated status is "delayed"
        "indicators": "unknown",
        "budget_execution": "unknown",
        "agreement": "unknown",
        "contractor_compliance": "not_met",  # 0 of 6 points: nothing answered
    }
    assert card.design_score == Decimal("0.3571") and card.design_grade == "D"
    assert card.design_coverage == Decimal("0.5833") and card.design_unknown == 5
    assert card.implementation_score == Decimal("0.25")  # (0.5 + 0.5 + 0 + 0) / 4
    assert card.implementation_grade == "D" and card.implementation_unknown == 3


def test_mixed_plan_statements_are_marked_self_reported(mixed_plan):
    by_code = {r["code"]: r for r in card_of(mixed_plan).results}
    evidence = by_code["participation"]["evidence"]
    assert [e["kind"] for e in evidence] == ["statement"]
    assert evidence[0]["self_reported"] is True and evidence[0]["quote"] == "On participation."


def test_empty_plan_is_insufficient_information_never_a_fail(empty_plan):
    card = card_of(empty_plan)
    assert set(results(card).values()) == {"unknown"}
    assert card.design_grade == card.implementation_grade == ""
    assert card.design_score is None and card.implementation_score is None
    assert card.design_coverage == card.implementation_coverage == 0
    assert (card.design_unknown, card.implementation_unknown) == (
        12,
        6,
    )  # contractors: no contract, not counted
