"""The contractor-compliance criterion: the pure rule on hand-built inputs, and the
gathering from a real plan's contracts (public data only)."""

import datetime

import pytest

from naptrack.contractors import services
from naptrack.contractors.criteria import (
    contractor_compliance,
    contractor_compliance_for_plan,
    gather_contractor_inputs,
)
from naptrack.registry.choices import Origin
from naptrack.registry.models import Country
from tests.factories.contractors import ContractFactory
from tests.factories.plans import ActionFactory
from tests.factories.registry import ActionPlanFactory

ITEMS = ["a", "b", "c", "d", "e"]


def _inputs(*contracts: dict) -> dict:
    built = [
        {"id": n, "title": f"C{n}", "contractor": "X", "url": f"/c/{n}", "items": items}
        for n, items in enumerate(contracts, start=1)
    ]
    return {"contractors": {"checklist": {"number": 1, "items": ITEMS}, "contracts": built}}


def _all(state: str) -> dict:
    return dict.fromkeys(ITEMS, state)


def test_no_contract_is_unknown_not_a_fail():
    outcome = contractor_compliance({"contractors": {"checklist": None, "contracts": []}})
    assert outcome.result == "unknown" and outcome.evidence == []


@pytest.mark.parametrize(
    ("contracts", "expected"),
    [
        ([_all("verified")], "met"),
        ([_all("verified"), {**_all("verified"), "a": "claimed", "b": "claimed"}], "met"),
        ([_all("claimed")], "partly"),
        ([_all("verified"), _all("none")], "partly"),
        ([{**_all("none"), "a": "verified"}], "not_met"),
        ([_all("none")], "not_met"),
    ],
)
def test_share_of_points_gives_the_result(contracts, expected):
    outcome = contractor_compliance(_inputs(*contracts))
    assert outcome.result == expected
    assert len(outcome.evidence) == len(contracts)


def test_explanation_states_the_points():
    outcome = contractor_compliance(_inputs(_all("claimed"), _all("verified")))
    assert outcome.explanation["params"] == {
        "contracts": 2,
        "points": "7.5",
        "possible": 10,
        "version": 1,
        "pct": "75",
    }


@pytest.mark.django_db
def test_gathers_the_owners_contracts_in_the_period_and_the_linked_ones(
    kenya, kenya_coordinator, contract_cso_member, contract_cso, moderator
):
    plan = ActionPlanFactory(country=kenya, period_start=2024, period_end=2026)
    inside = ContractFactory(start_date=datetime.date(2025, 1, 1), end_date=None)
    ContractFactory(start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2012, 1, 1))
    ContractFactory(authority_country=Country.objects.get(iso3="UGA"))
    ContractFactory(origin=Origin.SYNTHETIC)
    linked = ContractFactory(
        authority_country=Country.objects.get(iso3="UGA"),
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2011, 1, 1),
    )
    linked.actions.add(ActionFactory(objective__pillar__plan=plan))
    assert [c["id"] for c in gather_contractor_inputs(plan)["contracts"]] == [
        inside.pk,
        linked.pk,
    ]


@pytest.mark.django_db
def test_evidence_and_published_challenges_change_an_items_score(
    kenya, kenya_coordinator, contract_cso_member, contract_cso, moderator
):
    from naptrack.contractors.models import ChecklistItem

    plan = ActionPlanFactory(country=kenya, period_start=2024, period_end=2026)
    contract = ContractFactory()
    vetting = ChecklistItem.objects.get(version__number=1, code="staff_vetting")
    training = ChecklistItem.objects.get(version__number=1, code="gbv_training")
    for item in (vetting, training):
        answer = services.checklist_answer_save(
            actor=kenya_coordinator, contract=contract, item=item, answer="yes"
        )
        services.answer_evidence_add(
            actor=kenya_coordinator,
            answer=answer,
            url="https://example.org/p",
            description="Policy",
        )
    disputed = contract.answers.get(item=training)
    challenge = services.challenge_submit(
        actor=contract_cso_member,
        answer=disputed,
        author=contract_cso,
        claimed_answer="no",
        text="No training happened.",
        evidence_url="https://example.org/t",
    )
    items = gather_contractor_inputs(plan)["contracts"][0]["items"]
    assert (items["staff_vetting"], items["gbv_training"]) == ("verified", "verified")
    services.challenge_publish(actor=moderator, challenge=challenge)
    items = gather_contractor_inputs(plan)["contracts"][0]["items"]
    assert (items["staff_vetting"], items["gbv_training"]) == ("verified", "claimed")
    assert items["sea_code_of_conduct"] == "none"
    assert contractor_compliance_for_plan(plan).result == "not_met"  # 1.5 of 6 points


def test_whole_points_are_written_without_an_exponent():
    outcome = contractor_compliance(_inputs(_all("verified"), _all("verified")))
    assert outcome.explanation["params"]["points"] == "10"
