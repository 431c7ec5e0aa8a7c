"""Method 1.1: facts coded by the platform from public sources grade design criteria."""

import shutil

import pytest

from naptrack.registry.models import ActionPlan
from naptrack.registry.reference import REFERENCE_DIR, load_reference_data
from naptrack.report_cards import method
from naptrack.report_cards.inputs import gather_inputs
from naptrack.report_cards.selectors import current_card
from tests.factories.registry import ActionPlanFactory, PlanFactFactory
from tests.report_cards.builders import fact, facts, inputs, statement
from tests.report_cards.conftest import card_of


def result(code: str, built: dict) -> method.Outcome:
    return method.BY_CODE[code].evaluate(built)


SIMPLE = [
    ("participation", "cso_drafting"),
    ("legislature", "parliament_reporting"),
    ("civil_society_monitoring", "cso_monitoring"),
    ("inclusion", "inclusion"),
    ("policy_integration", "policy_integration"),
    ("private_sector", "private_sector"),
    ("peer_learning", "peer_learning"),
    ("disarmament", "theme_disarmament"),
    ("monitoring", "monitoring_framework"),
]


@pytest.mark.parametrize(("criterion", "code"), SIMPLE)
@pytest.mark.parametrize(
    ("value", "expected"), [("yes", "met"), ("partly", "partly"), ("no", "not_met")]
)
def test_coded_yes_partly_no_grade_the_criterion(criterion, code, value, expected):
    outcome = result(criterion, inputs(facts=facts(fact(code, value))))
    assert outcome.result == expected
    assert outcome.explanation["params"] == {"fact": code, "value": value}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("allocated", "met"), ("estimated", "partly"), ("not_allocated", "not_met")],
)
def test_coded_budget(value, expected):
    assert result("budget", inputs(facts=facts(fact("budget", value)))).result == expected


@pytest.mark.parametrize(("value", "expected"), [("yes", "partly"), ("no", "not_met")])
def test_coded_indicators_alone_make_monitoring_at_most_partly_met(value, expected):
    assert result("monitoring", inputs(facts=facts(fact("indicators", value)))).result == expected


def test_coded_evidence_is_marked_and_quotes_its_source():
    built = inputs(facts=facts(fact("cso_drafting", "yes", quote="Civil society drafted it.")))
    item = result("participation", built).evidence[0]
    assert item["kind"] == "coded" and item["quote"] == "Civil society drafted it."
    assert item["label"].startswith("Coded by the platform from public sources")
    assert item["url"] == "https://example.org/analysis/1"
    assert item["params"]["source"] == "Testland | 1325 National Action Plans, WILPF PeaceWomen"
    assert (item["params"]["location"], item["params"]["confidence"]) == ("p.6", "medium")


def test_strongest_source_decides_between_coding_and_a_statement():
    built = inputs(
        facts=facts(fact("cso_drafting", "no")),
        statements={"participation": [statement("met")]},
    )
    outcome = result("participation", built)
    assert outcome.result == "partly"  # the self-reported "met" counts as partly
    assert {item["kind"] for item in outcome.evidence} == {"coded", "statement"}


@pytest.mark.parametrize(
    ("agencies", "expected"),
    [
        ("Ministry of Foreign Affairs; Ministry of Defence; National Police", "met"),
        ("Ministry of Foreign Affairs; Ministry of Gender", "partly"),
        ("Ministry of Gender; Ministry of Education", "not_met"),
    ],
)
def test_security_sector_from_coded_agencies(agencies, expected):
    built = inputs(facts=facts(fact("responsible_agencies", agencies)))
    outcome = result("security_sector", built)
    assert outcome.result == expected
    assert outcome.evidence[-1]["kind"] == "coded"


def test_security_sector_joins_coded_lead_agency_and_structure_names():
    built = inputs(
        structure={"agencies": [{"id": 1, "name": "Ministry of Defence", "kind": "government"}]},
        facts=facts(
            fact("lead_agency", "Ministry of Foreign Affairs"),
            fact("responsible_agencies", "Ministry of Interior", pk=2),
        ),
    )
    assert result("security_sector", built).result == "met"


@pytest.mark.parametrize(
    ("lead", "expected"),
    [("Office of the President", "met"), ("Ministry of Gender", "partly")],
)
def test_political_ownership_from_a_coded_lead_agency(lead, expected):
    built = inputs(facts=facts(fact("lead_agency", lead)))
    assert result("political_ownership", built).result == expected


def test_six_coded_criterion_facts_give_a_design_letter():
    built = inputs(
        facts=facts(
            fact("cso_drafting", "yes", pk=1),
            fact("budget", "not_allocated", pk=2),
            fact("monitoring_framework", "yes", pk=3),
            fact("cso_monitoring", "yes", pk=4),
            fact("theme_disarmament", "no", pk=5),
            fact("parliament_reporting", "yes", pk=6),
        )
    )
    assert method.evaluate(inputs()).design.letter == ""
    design = method.evaluate(built).design
    assert (design.known, design.letter) == (6, "B")  # 4 of 6 met: 0.667


def test_method_description_lists_coded_facts_as_inputs():
    described = {c["code"]: c for c in method.method_description()["criteria"]}
    assert method.method_description()["version"] == "1.3"
    assert described["participation"]["inputs"][0] == "facts.cso_drafting"
    assert "facts.responsible_agencies" in described["security_sector"]["inputs"]
    assert "coding of public sources" in described["participation"]["scoring"]


# ---- On real plans --------------------------------------------------------------------


def test_gather_inputs_reads_only_the_coded_facts_the_method_grades(db, kenya):
    plan = ActionPlanFactory(country=kenya)
    PlanFactFactory(plan=plan, code="budget", value="allocated", quote="A budget is allocated.")
    PlanFactFactory(plan=plan, code="theme_climate", value="yes")
    gathered = gather_inputs(plan)["facts"]
    assert list(gathered) == ["budget"]
    assert gathered["budget"][0]["quote"] == "A budget is allocated."
    assert gathered["budget"][0]["coded_by"] == "platform"


def test_plan_with_six_coded_facts_gets_a_design_grade_on_its_card(db, client, kenya):
    plan = ActionPlanFactory(country=kenya, title="Coded plan (card test)", lead_agency="")
    for code in ("cso_drafting", "monitoring_framework", "cso_monitoring", "inclusion"):
        PlanFactFactory(plan=plan, code=code, value="yes")
    PlanFactFactory(plan=plan, code="budget", value="estimated")
    PlanFactFactory(plan=plan, code="theme_disarmament", value="no", quote="No disarmament.")
    card = card_of(plan)
    assert card.design_grade == "B"  # (4 + 0.5 + 0) / 6 = 0.75
    html = client.get(f"/plans/{plan.pk}/report-card/").text
    assert "coded by the platform from public sources" in html
    assert "No disarmament." in html


def test_loading_coded_facts_recomputes_the_plans_card(
    db, tmp_path, django_capture_on_commit_callbacks
):
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    with (directory / "coded_facts.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "NAP:AFG:g1,cso_drafting,yes,https://example.org/afghanistan,Afghanistan,"
            'WILPF PeaceWomen,,"Civil society took part.",,medium\n'
        )
    with django_capture_on_commit_callbacks(execute=True):
        load_reference_data(directory)
    afghanistan = ActionPlan.objects.get(reference_key="NAP:AFG:g1")
    results = {r["code"]: r["result"] for r in current_card(afghanistan).results}
    assert results["participation"] == "met"
