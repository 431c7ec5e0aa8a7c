"""The method's rules on hand-built inputs (no database): each criterion, the aggregation,
and the rule that unknown is never counted as a pass or a fail."""

from decimal import Decimal

import pytest

from naptrack.report_cards import method
from naptrack.report_cards.method import BY_CODE, evaluate, grade
from tests.report_cards.builders import agency, due, inputs, passage, report, statement


def result(code: str, built: dict) -> str:
    return BY_CODE[code].evaluate(built).result


def test_grade_counts_known_criteria_only():
    found = grade(["met", "unknown", "unknown", "not_met"])
    assert (found.score, found.coverage, found.known, found.unknown) == (
        Decimal("0.5"),
        Decimal("0.5"),
        2,
        2,
    )
    assert found.letter == "C"


@pytest.mark.parametrize(
    "results",
    [["unknown"] * 12, ["met"] + ["unknown"] * 11, ["not_met"] * 5 + ["unknown"] * 7],
)
def test_grade_below_coverage_threshold_is_insufficient_not_a_fail(results):
    found = grade(results)
    assert found.letter == ""
    assert found.coverage < method.MIN_COVERAGE


def test_unknown_never_changes_the_score_of_known_criteria():
    alone = grade(["met", "partly", "met", "not_met"])
    padded = grade(["met", "partly", "met", "not_met", "unknown", "unknown"])
    assert alone.score == padded.score == Decimal("0.625")
    assert padded.coverage < alone.coverage


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        ("1", "A"),
        ("0.8", "A"),
        ("0.7999", "B"),
        ("0.6", "B"),
        ("0.4", "C"),
        ("0.2", "D"),
        ("0", "E"),
    ],
)
def test_letter_bands(score, letter):
    assert method.letter_for(Decimal(score)) == letter


def test_all_unknown_inputs_give_insufficient_information_twice():
    evaluation = evaluate(inputs())
    assert {r["result"] for r in evaluation.results} == {"unknown"}
    assert evaluation.design.letter == evaluation.implementation.letter == ""
    assert evaluation.design.score is None


def test_document_passage_makes_a_criterion_met():
    built = inputs(documents={"evidence": {"legislature": [passage("legislature", 4)]}})
    outcome = BY_CODE["legislature"].evaluate(built)
    assert outcome.result == "met"
    assert outcome.evidence[0]["quote"] == "Evidence of legislature."


@pytest.mark.parametrize(
    ("claim", "expected"), [("met", "partly"), ("partly", "partly"), ("not_met", "not_met")]
)
def test_coordinator_statement_alone_is_self_reported(claim, expected):
    outcome = BY_CODE["inclusion"].evaluate(inputs(statements={"inclusion": [statement(claim)]}))
    assert outcome.result == expected
    assert outcome.evidence[0]["self_reported"] is True


def test_strongest_source_decides_and_all_evidence_is_kept():
    built = inputs(
        plan={"budget": "not_allocated"},
        statements={"budget": [statement("met")]},
    )
    outcome = BY_CODE["budget"].evaluate(built)
    assert outcome.result == "partly"  # the statement outweighs the registry's "not allocated"
    assert {e["kind"] for e in outcome.evidence} == {"field", "statement"}


def test_unknown_explanation_says_when_document_analysis_is_missing():
    built = inputs(documents={"available": False, "evidence": {}})
    outcome = BY_CODE["participation"].evaluate(built)
    assert outcome.result == "unknown"
    assert "document analysis is not available" in outcome.explanation["template"]


@pytest.mark.parametrize(
    ("field", "lines", "expected"),
    [
        ("unknown", {"allocated": {"USD": "10"}}, "met"),
        ("allocated", {}, "met"),
        ("not_allocated", {"estimated": {"USD": "10"}}, "partly"),
        ("unknown", {"estimated": {"USD": "10"}}, "partly"),
        ("not_allocated", {}, "not_met"),
        ("unknown", {}, "unknown"),
    ],
)
def test_budget_criterion(field, lines, expected):
    built = inputs(plan={"budget": field}, structure={"budget": lines})
    assert result("budget", built) == expected


@pytest.mark.parametrize(
    ("names", "responsibilities", "expected"),
    [
        (["Ministry of Foreign Affairs", "Ministère de la Défense", "Police nationale"], 3, "met"),
        (["Ministerio de Relaciones Exteriores", "Ministry of Gender"], 2, "partly"),
        (["Ministry of Gender", "Ministry of Education"], 2, "not_met"),
        ([], 0, "unknown"),
    ],
)
def test_security_sector_matches_agency_names(names, responsibilities, expected):
    agencies = [agency(name, pk=n) for n, name in enumerate(names)]
    built = inputs(
        structure={"agencies": agencies, "actions_with_responsibility": responsibilities}
    )
    assert result("security_sector", built) == expected


def test_security_sector_counts_the_lead_agency_but_not_as_proof_of_absence():
    only_lead = inputs(plan={"lead_agency": "Ministry of Gender"})
    assert result("security_sector", only_lead) == "unknown"
    foreign_lead = inputs(plan={"lead_agency": "Ministry of Foreign Affairs"})
    assert result("security_sector", foreign_lead) == "partly"


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("Office of the Prime Minister", "met"),
        ("Presidency", "met"),
        ("Ministry of Gender", "partly"),
    ],
)
def test_political_ownership_from_the_lead_agency(lead, expected):
    assert result("political_ownership", inputs(plan={"lead_agency": lead})) == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"actions": 10, "actions_with_lead": 8, "actions_with_indicator": 8}, "met"),
        ({"actions": 10, "actions_with_lead": 10, "actions_with_indicator": 7}, "partly"),
        ({"actions": 10, "actions_with_lead": 0, "actions_with_indicator": 0}, "not_met"),
        ({"actions": 0}, "unknown"),
    ],
)
def test_monitoring_from_the_structure(counts, expected):
    assert result("monitoring", inputs(structure=counts)) == expected


def test_civil_society_monitoring_when_a_cso_holds_a_responsibility():
    built = inputs(structure={"agencies": [agency("Women's Network", kind="cso")]})
    assert result("civil_society_monitoring", built) == "met"


@pytest.mark.parametrize(
    ("cycles", "expected"),
    [
        ([due("2024", "2025-01-31", "2025-01-31")], "met"),
        ([due("2024", "2025-01-31", "2025-02-01")], "not_met"),
        ([due("2024", "2025-01-31", None), due("2025", "2026-01-31", "2026-01-02")], "partly"),
        ([], "unknown"),
    ],
)
def test_on_time(cycles, expected):
    assert result("on_time", inputs(reports={"cycles_due": cycles})) == expected


def test_completeness_and_progress_read_published_reports():
    built = inputs(
        reports={
            "published": [
                report("2024", actions=4, approved=1),
                report("2025", actions=4, approved=4, statuses={"on_track": 3, "delayed": 1}),
            ]
        }
    )
    assert result("completeness", built) == "partly"  # 5 of 8
    assert result("progress", built) == "partly"  # 3 of 4 in the latest report


def test_progress_ignores_actions_without_a_stated_status():
    built = inputs(
        reports={"published": [report(actions=9, approved=1, statuses={"completed": 1})]}
    )
    outcome = BY_CODE["progress"].evaluate(built)
    assert outcome.result == "met"
    assert outcome.explanation["params"]["unknown"] == 8


def test_indicators_compare_value_and_target_from_the_baseline():
    found = [
        {"id": 1, "code": "a", "baseline": "10", "target": "20", "value": "20"},  # reached
        {"id": 2, "code": "b", "baseline": "50", "target": "20", "value": "30"},  # down, not yet
        {"id": 3, "code": "c", "baseline": None, "target": "5", "value": None},  # unknown
    ]
    built = inputs(reports={"published": [report(indicators=found)]})
    outcome = BY_CODE["indicators"].evaluate(built)
    assert outcome.result == "partly"
    assert outcome.explanation["params"] == {
        "label": "2025",
        "reached": 1,
        "compared": 2,
        "pct": "50",
        "unknown": 1,
    }


def test_budget_execution_against_the_share_of_the_period_covered():
    built = inputs(
        plan={"period_start": 2025, "period_end": 2028},
        structure={"budget": {"allocated": {"USD": "1000"}}},
        reports={"published": [report("2025", spending={"USD": "200"})]},
    )
    outcome = BY_CODE["budget_execution"].evaluate(built)
    # 20% spent in 25% of the period: pace 0.8
    assert outcome.result == "met"
    assert outcome.explanation["params"]["elapsed"] == "25"


def test_budget_execution_unknown_without_spending_or_period():
    no_spending = inputs(
        plan={"period_start": 2025, "period_end": 2028},
        structure={"budget": {"allocated": {"USD": "1000"}}},
        reports={"published": [report("2025")]},
    )
    assert result("budget_execution", no_spending) == "unknown"
    no_period = inputs(
        structure={"budget": {"allocated": {"USD": "1000"}}},
        reports={"published": [report("2025", spending={"USD": "900"})]},
    )
    assert result("budget_execution", no_period) == "unknown"


@pytest.mark.parametrize(
    ("agrees", "diverges", "expected"),
    [(4, 1, "met"), (1, 1, "partly"), (1, 4, "not_met"), (0, 0, "unknown")],
)
def test_agreement(agrees, diverges, expected):
    found = {
        "cycle_id": 1,
        "label": "2025",
        "agrees": agrees,
        "diverges": diverges,
        "not_comparable": 3,
        "url": "/plans/1/side-by-side/?cycle=1",
    }
    assert result("agreement", inputs(agreement=found)) == expected


def test_registry_has_the_twelve_design_and_six_implementation_criteria():
    kinds = [c.kind for c in method.CRITERIA]
    assert kinds.count("design") == 12 and kinds.count("implementation") == 7
    assert len(BY_CODE) == 19


def test_library_criteria_codes_are_the_design_criteria():
    from naptrack.library.choices import Criterion

    assert set(Criterion.values) == set(method.DESIGN_CODES)


def test_share_scoring_texts_state_the_thresholds_in_force():
    met, partly = method.percent_text(method.SHARE_MET), method.percent_text(method.SHARE_PARTLY)
    for criterion in method.CRITERIA:
        if criterion.kind == "implementation":
            assert f"{met}%" in criterion.scoring and f"{partly}%" in criterion.scoring


def test_method_description_records_version_thresholds_and_criteria():
    described = method.method_description()
    assert described["version"] == method.METHOD_VERSION
    assert described["min_coverage"] == "0.5"
    assert [c["code"] for c in described["criteria"]] == list(BY_CODE)
