"""Method 1.2: every piece of evidence names who supplied and who confirmed it; a criterion
resting only on the graded government's own confirmation is self-reported and counts at
most as partly met, until civil society or an analyst confirms it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from naptrack.accounts.choices import Role
from naptrack.library.services.evidence_review import evidence_confirm
from naptrack.report_cards import services
from naptrack.report_cards.method import evaluate
from naptrack.report_cards.selectors import current_card
from tests.factories.accounts import MembershipFactory
from tests.factories.library import DocumentFactory, EvidenceSuggestionFactory
from tests.factories.people import person
from tests.report_cards.builders import cso_card, inputs, passage, statement


def criterion(built: dict, code: str) -> dict:
    return next(r for r in evaluate(built).results if r["code"] == code)


def own_passage(code: str, page: int = 1) -> dict:
    return passage(code, page, supplied_by="government", confirmed_by="government")


def test_passage_only_the_government_confirmed_is_self_reported_and_partly_met():
    found = criterion(
        inputs(documents={"evidence": {"inclusion": [own_passage("inclusion")]}}), "inclusion"
    )
    assert (found["result"], found["self_reported"]) == ("partly", True)
    item = found["evidence"][0]
    assert (item["supplied_by"], item["confirmed_by"], item["self_reported"]) == (
        "government",
        "government",
        True,
    )


def test_analyst_confirmation_makes_it_met_and_not_self_reported():
    evidence = {"inclusion": [own_passage("inclusion"), passage("inclusion", 2)]}
    found = criterion(inputs(documents={"evidence": evidence}), "inclusion")
    assert (found["result"], found["self_reported"]) == ("met", False)
    assert {i["confirmed_by"] for i in found["evidence"]} == {"analyst", "government"}


def test_self_reported_weighs_as_partly_met_in_the_grade():
    codes = (
        "participation",
        "legislature",
        "inclusion",
        "private_sector",
        "peer_learning",
        "disarmament",
    )
    own = {code: [own_passage(code)] for code in codes}
    independent = {code: [passage(code)] for code in codes}
    assert evaluate(inputs(documents={"evidence": own})).design.score == Decimal("0.5")
    assert evaluate(inputs(documents={"evidence": independent})).design.score == Decimal(1)


def test_civil_society_card_with_the_same_result_confirms_a_statement():
    built = inputs(statements={"budget": [statement("met")]})
    alone = criterion(built, "budget")
    assert (alone["result"], alone["self_reported"]) == ("partly", True)
    confirmed = criterion({**built, "cso_cards": {"budget": [cso_card("met")]}}, "budget")
    assert (confirmed["result"], confirmed["self_reported"]) == ("met", False)
    assert confirmed["evidence"][-1]["kind"] == "cso_card"
    assert confirmed["evidence"][-1]["supplied_by"] == "civil_society"


def test_civil_society_card_that_disagrees_confirms_nothing():
    built = inputs(
        statements={"budget": [statement("met")]}, cso_cards={"budget": [cso_card("not_met")]}
    )
    found = criterion(built, "budget")
    assert (found["result"], found["self_reported"]) == ("partly", True)


def test_independent_source_decides_a_tie_with_a_self_reported_one():
    from tests.report_cards.builders import fact, facts

    built = inputs(
        statements={"inclusion": [statement("met")]}, facts=facts(fact("inclusion", "partly"))
    )
    found = criterion(built, "inclusion")
    assert (found["result"], found["self_reported"]) == ("partly", False)


def test_coded_and_structure_evidence_name_their_provenance():
    from tests.report_cards.builders import fact, facts

    found = criterion(inputs(facts=facts(fact("budget", "allocated"))), "budget")
    assert (found["evidence"][0]["supplied_by"], found["evidence"][0]["confirmed_by"]) == (
        "platform",
        "platform",
    )


# ---- On real plans -------------------------------------------------------------------------


def _suggestion(plan, code="disarmament", page=3, uploaded_by=None):
    return EvidenceSuggestionFactory(
        document=DocumentFactory(plan=plan, uploaded_by=uploaded_by),
        criterion=code,
        page_number=page,
        passage="The plan controls small arms.",
    )


def _result(plan, code):
    services.report_card_recompute(plan=plan)
    return next(r for r in current_card(plan).results if r["code"] == code)


def test_coordinator_confirmation_is_self_reported_and_an_analyst_lifts_it(
    empty_plan, kenya_coordinator, analyst
):
    evidence_confirm(actor=kenya_coordinator, suggestion=_suggestion(empty_plan))
    own = _result(empty_plan, "disarmament")
    assert (own["result"], own["self_reported"]) == ("partly", True)
    evidence_confirm(actor=analyst, suggestion=_suggestion(empty_plan, page=4))
    both = _result(empty_plan, "disarmament")
    assert (both["result"], both["self_reported"]) == ("met", False)


def test_a_coordinator_who_is_also_an_analyst_confirms_as_the_government(
    empty_plan, kenya_coordinator
):
    MembershipFactory(user=kenya_coordinator, role=Role.ANALYST)
    evidence_confirm(actor=kenya_coordinator, suggestion=_suggestion(empty_plan))
    found = _result(empty_plan, "disarmament")
    assert found["evidence"][0]["confirmed_by"] == "government"
    assert found["result"] == "partly"


def test_published_civil_society_card_confirms_and_recomputes(
    empty_plan,
    kenya_coordinator,
    card_coalition,
    card_coalition_member,
    django_capture_on_commit_callbacks,
):
    services.statement_sign(
        actor=kenya_coordinator, plan=empty_plan, criterion="budget", claim="met", text="Funded."
    )
    assert _result(empty_plan, "budget")["result"] == "partly"
    card = services.cso_card_create(
        actor=card_coalition_member, plan=empty_plan, organization=card_coalition
    )
    services.cso_card_save(
        actor=card_coalition_member, card=card, grades={"budget": ("met", "The ministry funds it.")}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.cso_card_publish(actor=card_coalition_member, card=card)
    found = next(r for r in current_card(empty_plan).results if r["code"] == "budget")
    assert (found["result"], found["self_reported"]) == ("met", False)


def test_card_page_shows_who_supplied_and_confirmed_and_marks_self_reported(
    client, empty_plan, kenya_coordinator
):
    suggestion = _suggestion(empty_plan, uploaded_by=kenya_coordinator)
    evidence_confirm(actor=kenya_coordinator, suggestion=suggestion)
    services.report_card_recompute(plan=empty_plan)
    page = client.get(reverse("report_cards:card", args=[empty_plan.pk])).text
    row = page[page.index('id="criterion-disarmament"') :]
    row = row[: row.index("</tr>")]
    assert "Self-reported" in row
    assert "Supplied by: government" in row and "confirmed by: government" in row


@pytest.mark.parametrize("role", [Role.CSO_MEMBER])
def test_civil_society_member_cannot_confirm_a_passage(empty_plan, role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        evidence_confirm(actor=person(role), suggestion=_suggestion(empty_plan))
