"""The matchmaking ranks by the documented weights and explains every suggestion."""

import pytest

from naptrack.registry.models import ActionPlan, Country
from naptrack.twinning import matching, services
from naptrack.twinning.matching import WEIGHTS, Profile, rank
from tests.factories.library import DocumentFactory
from tests.factories.registry import ActionPlanFactory
from tests.factories.report_cards import ReportCardFactory
from tests.factories.twinning import PartnerFactory, PartnershipFactory, SuggestionOptOutFactory


def _countries(*codes):
    by_code = {
        c.iso3: c
        for c in Country.objects.filter(iso3__in=codes).select_related(
            "region", "subregion", "intermediate_region"
        )
    }
    return [by_code[code] for code in codes]


def test_rank_follows_the_weights_and_explains_each_factor(db):
    asking, near, far = _countries("TZA", "UGA", "FIN")
    profiles = {
        asking.pk: Profile(plans=0, languages={"en"}, weak={"budget"}),
        # One plan more (3 * 0.5), same sub-region (2 * 1), shares English (2 * 1): 5.5
        near.pk: Profile(plans=1, languages={"en"}),
        # Three plans more (3 * 1), meets the one criterion Tanzania does not (3 * 1/3),
        # twinned twice (1 * 1), another region: 5
        far.pk: Profile(
            plans=3, met={"budget"}, criterion_labels={"budget": "Budget"}, twinnings=2
        ),
    }
    suggestions = rank(asking, [near, far], profiles, limit=10)
    assert [s.country.iso3 for s in suggestions] == ["UGA", "FIN"]
    assert [s.score for s in suggestions] == [5.5, 5.0]
    finland = {f.code: f for f in suggestions[1].factors}
    assert finland["strengths"].contribution == pytest.approx(WEIGHTS["strengths"] / 3, 0.01)
    assert "Budget" in finland["strengths"].reason
    assert finland["region"].value == 0
    uganda = {f.code: f for f in suggestions[0].factors}
    assert uganda["region"].value == 1.0 and uganda["region"].reason == "Both in Eastern Africa."
    assert uganda["language"].reason.endswith("en.")
    assert uganda["experience"].value == 0.5


def test_a_heavier_weight_changes_the_order(db, monkeypatch):
    asking, near, far = _countries("TZA", "UGA", "FIN")
    profiles = {near.pk: Profile(plans=0), far.pk: Profile(plans=3)}
    # Experience (weight 3, Finland full) beats the region (weight 2, Uganda full).
    assert [s.country.iso3 for s in rank(asking, [near, far], profiles, 10)] == ["FIN", "UGA"]
    monkeypatch.setitem(WEIGHTS, "region", 10)
    assert [s.country.iso3 for s in rank(asking, [near, far], profiles, 10)] == ["UGA", "FIN"]


def test_nothing_in_common_is_not_suggested(db):
    asking, far = _countries("KEN", "FIN")
    assert rank(asking, [far], {asking.pk: Profile(plans=5), far.pk: Profile(plans=1)}, 10) == []


def test_suggestions_read_the_public_data(db, kenya):
    tanzania = Country.objects.get(iso3="TZA")
    kenya_plans = ActionPlan.objects.public().filter(country=kenya).count()
    plan = ActionPlanFactory(country=kenya, title="Matching test plan")
    DocumentFactory(plan=plan, language="sw")
    DocumentFactory(plan=ActionPlanFactory(country=tanzania), language="sw")
    results = [{"code": "budget", "label": "Budget", "kind": "design", "result": "met"}]
    ReportCardFactory(plan=plan, results=results)
    suggestion = next(
        s for s in matching.suggest_partners(tanzania, limit=300) if s.country == kenya
    )
    factors = {f.code: f for f in suggestion.factors}
    assert factors["experience"].value == min(kenya_plans + 1 - 1, 2) / 2
    assert factors["language"].value == 1.0 and "sw" in factors["language"].reason
    assert factors["region"].value == 1.0


def test_a_country_that_declined_is_never_suggested(db, kenya):
    tanzania = Country.objects.get(iso3="TZA")
    ActionPlanFactory(country=kenya)
    codes = {s.country.iso3 for s in matching.suggest_partners(tanzania, limit=300)}
    assert "KEN" in codes
    SuggestionOptOutFactory(country=kenya)
    codes = {s.country.iso3 for s in matching.suggest_partners(tanzania, limit=300)}
    assert "KEN" not in codes


def test_current_partners_are_not_suggested_and_twinning_counts(db, kenya):
    tanzania, uganda = Country.objects.get(iso3="TZA"), Country.objects.get(iso3="UGA")
    ActionPlanFactory(country=uganda)
    partnership = PartnershipFactory(status="agreed")
    PartnerFactory(partnership=partnership, country=kenya)
    PartnerFactory(partnership=partnership, country=uganda)
    codes = {s.country.iso3: s for s in matching.suggest_partners(kenya, limit=300)}
    assert "UGA" not in codes
    from_tanzania = {s.country.iso3: s for s in matching.suggest_partners(tanzania, limit=300)}
    twinning = {f.code: f for f in from_tanzania["UGA"].factors}["twinning"]
    assert twinning.value == 0.5


def test_only_the_countrys_coordinator_declines(db, kenya, tanzania_coordinator, member):
    from django.core.exceptions import PermissionDenied

    for actor in (tanzania_coordinator, member):
        with pytest.raises(PermissionDenied):
            services.suggestions_decline(actor=actor, country=kenya)


def test_the_page_shows_weights_and_reasons(client, kenya_coordinator, kenya):
    tanzania = Country.objects.get(iso3="TZA")
    ActionPlanFactory(country=kenya)
    page = client.get(f"/twinning/suggestions/{tanzania.iso3}/").content.decode()
    assert "Factors and their weights" in page
    assert f"<td>{WEIGHTS['experience']}</td>" in page
    assert "Both in Eastern Africa." in page
    client.force_login(kenya_coordinator)
    response = client.post(f"/twinning/suggestions/{kenya.iso3}/decline/")
    assert response.status_code == 302
    assert kenya.twinning_opt_out.declined_by == kenya_coordinator
    client.logout()
    page = client.get(f"/twinning/suggestions/{tanzania.iso3}/").content.decode()
    assert ">Kenya</a>" not in page


def test_the_api_explains_each_suggestion(db, kenya):
    from tests.api.conftest import ApiClient

    ActionPlanFactory(country=kenya)
    body = ApiClient().get("countries/TZA/partner-suggestions").json()
    kenya_row = next(row for row in body if row["country"] == "KEN")
    assert {f["code"] for f in kenya_row["factors"]} == set(WEIGHTS)
    assert kenya_row["score"] == pytest.approx(sum(f["points"] for f in kenya_row["factors"]), 0.01)


def test_the_list_page_leads_to_any_countrys_suggestions(client, kenya):
    ActionPlanFactory(country=kenya)
    page = client.get("/twinning/").content.decode()
    assert '<option value="KEN">Kenya</option>' in page
    response = client.get("/twinning/suggestions/", {"iso3": "ken"})
    assert response.status_code == 302 and response["Location"] == "/twinning/suggestions/KEN/"
    assert client.get("/twinning/suggestions/", {"iso3": "XXX"}).status_code == 404
