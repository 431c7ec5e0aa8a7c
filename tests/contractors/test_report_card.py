"""Method 1.3: contractor compliance on a plan's report card, recomputed through the real
services. Answering an item, adding its evidence, and publishing a civil-society challenge
each write an audit row that queues the plans of the awarding owner (receivers.py); tests
use the immediate task backend, so running the commit callbacks recomputes the card."""

import pytest

from naptrack.contractors import services
from naptrack.contractors.criteria import gather_contractor_inputs
from naptrack.contractors.models import ChecklistItem
from naptrack.registry.models import Country
from naptrack.report_cards import method
from naptrack.report_cards.models import ReportCard
from naptrack.report_cards.selectors import current_card
from tests.factories.contractors import ContractFactory
from tests.factories.registry import ActionPlanFactory
from tests.report_cards.builders import inputs

pytestmark = pytest.mark.django_db


def compliance(plan) -> str:
    card = current_card(plan)
    return next(r["result"] for r in card.results if r["code"] == "contractor_compliance")


@pytest.fixture
def contract_card_plan(kenya):
    return ActionPlanFactory(country=kenya, period_start=2024, period_end=2026)


def items() -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(version__number=1).order_by("position"))


def answer(actor, contract, item, value: str, *, with_evidence: bool):
    saved = services.checklist_answer_save(actor=actor, contract=contract, item=item, answer=value)
    if with_evidence:
        services.answer_evidence_add(
            actor=actor, answer=saved, url="https://example.org/policy", description="Policy"
        )
    return saved


@pytest.mark.parametrize(
    ("value", "with_evidence", "expected"),
    [
        ("yes", True, "met"),  # good: every item yes with evidence
        ("yes", False, "partly"),  # claimed without evidence: half the points
        ("no", False, "not_met"),  # poor
        ("unknown", False, "not_met"),  # an authority that does not know scores nothing
    ],
)
def test_answering_the_checklist_recomputes_the_owners_plan(
    contract_card_plan,
    contract,
    kenya_coordinator,
    value,
    with_evidence,
    expected,
    django_capture_on_commit_callbacks,
):
    uganda_plan = ActionPlanFactory(country=Country.objects.get(iso3="UGA"))
    with django_capture_on_commit_callbacks(execute=True):
        for item in items():
            answer(kenya_coordinator, contract, item, value, with_evidence=with_evidence)
    assert current_card(contract_card_plan).method_version == "1.3"
    assert compliance(contract_card_plan) == expected
    assert not ReportCard.objects.filter(plan=uganda_plan).exists()  # another owner's plan


def test_a_published_challenge_disputes_a_yes_and_lowers_the_result(
    contract_card_plan,
    contract,
    kenya_coordinator,
    contract_cso_member,
    contract_cso,
    moderator,
    django_capture_on_commit_callbacks,
):
    """Five items yes with evidence, one no: 5 of 6 points, met. A civil-society challenge
    claiming "no" counts only once a moderator publishes it: the disputed yes scores 0.5,
    4.5 of 6 points (75%), partly met."""
    first, *rest, last = items()
    with django_capture_on_commit_callbacks(execute=True):
        disputed = answer(kenya_coordinator, contract, first, "yes", with_evidence=True)
        for item in rest:
            answer(kenya_coordinator, contract, item, "yes", with_evidence=True)
        answer(kenya_coordinator, contract, last, "no", with_evidence=False)
    assert compliance(contract_card_plan) == "met"
    with django_capture_on_commit_callbacks(execute=True):
        challenge = services.challenge_submit(
            actor=contract_cso_member,
            answer=disputed,
            author=contract_cso,
            claimed_answer="no",
            text="The staff were never vetted.",
            evidence_url="https://example.org/report",
        )
    assert compliance(contract_card_plan) == "met"  # submitted, not yet published: not counted
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_publish(actor=moderator, challenge=challenge)
    assert compliance(contract_card_plan) == "partly"
    result = next(
        r for r in current_card(contract_card_plan).results if r["code"] == "contractor_compliance"
    )
    assert result["explanation"]["params"]["points"] == "4.5"


def test_no_contract_is_unknown_and_old_inputs_are_not_assessed():
    no_contract = method.BY_CODE["contractor_compliance"].evaluate(inputs())
    assert (no_contract.result, no_contract.counted) == ("unknown", False)
    before_13 = inputs()
    del before_13["contractors"]
    outcome = method.BY_CODE["contractor_compliance"].evaluate(before_13)
    assert (outcome.result, outcome.counted) == ("unknown", False)
    assert outcome.explanation["template"] == "Not assessed before method 1.3."


def test_an_empty_register_leaves_the_implementation_total_as_before():
    """Without a contract the criterion is shown but not counted: the implementation grade
    rests on the six criteria of 1.2, so an empty register neither helps nor hurts."""
    evaluation = method.evaluate(inputs())
    shown = [r for r in evaluation.results if r["kind"] == "implementation"]
    assert len(shown) == 7
    assert evaluation.implementation.total == 6
    contractor = next(r for r in shown if r["code"] == "contractor_compliance")
    assert contractor["counted"] is False


def test_the_method_copies_the_registers_label_and_scoring():
    from naptrack.contractors import criteria

    criterion = method.BY_CODE["contractor_compliance"]
    assert (criterion.kind, criterion.label, criterion.scoring) == (
        "implementation",
        criteria.LABEL,
        criteria.SCORING,
    )


def _queries_to_gather(plan) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from naptrack.report_cards.inputs import gather_inputs

    with CaptureQueriesContext(connection) as captured:
        gather_inputs(plan)
    return len(captured)


def test_gathering_the_inputs_costs_the_same_queries_for_more_contracts(
    contract_card_plan, contract, kenya_coordinator
):
    answer(kenya_coordinator, contract, items()[0], "yes", with_evidence=True)
    one = _queries_to_gather(contract_card_plan)
    for _ in range(3):
        more = ContractFactory()
        answer(kenya_coordinator, more, items()[0], "yes", with_evidence=True)
    assert len(gather_contractor_inputs(contract_card_plan)["contracts"]) == 4
    assert _queries_to_gather(contract_card_plan) == one
