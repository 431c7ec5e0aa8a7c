"""The matchmaking ranks by the documented weights and explains every suggestion."""

import pytest

from naptrack.registry.models import ActionPlan, Country
from naptrack.twinning import matching, services
from naptrack.twinning.matching import WEIGHTS, Profile, key, rank
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
        key(asking): Profile(plans=0, languages={"en"}, weak={"budget"}),
        # One plan more (3 * 0.5), same sub-region (2 * 1), shares English (2 * 1): 5.5
        key(near): Profile(plans=1, languages={"en"}),
        # Three plans more (3 * 1), meets the one criterion Tanzania does not (3 * 1/3),
        # twinned twice (1 * 1), another region: 5
        key(far): Profile(
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
    profiles = {key(near): Profile(plans=0), key(far): Profile(plans=3)}
    # Experience (weight 3, Finland full) beats the region (weight 2, Uganda full).
    assert [s.country.iso3 for s in rank(asking, [near, far], profiles, 10)] == ["FIN", "UGA"]
    monkeypatch.setitem(WEIGHTS, "region", 10)
    assert [s.country.iso3 for s in rank(asking, [near, far], profiles, 10)] == ["UGA", "FIN"]


def test_nothing_in_common_is_not_suggested(db):
    asking, far = _countries("KEN", "FIN")
    assert (
        rank(asking, [far], {key(asking): Profile(plans=5), key(far): Profile(plans=1)}, 10) == []
    )


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
    codes = {s.country.iso3 for s in matching.suggest_partners(tanzania, limit=300) if s.country}
    assert "KEN" in codes
    SuggestionOptOutFactory(country=kenya)
    codes = {s.country.iso3 for s in matching.suggest_partners(tanzania, limit=300) if s.country}
    assert "KEN" not in codes


def test_current_partners_are_not_suggested_and_twinning_counts(db, kenya):
    tanzania, uganda = Country.objects.get(iso3="TZA"), Country.objects.get(iso3="UGA")
    ActionPlanFactory(country=uganda)
    partnership = PartnershipFactory(status="agreed")
    PartnerFactory(partnership=partnership, country=kenya)
    PartnerFactory(partnership=partnership, country=uganda)
    codes = {s.country.iso3: s for s in matching.suggest_partners(kenya, limit=300) if s.country}
    assert "UGA" not in codes
    from_tanzania = {
        s.country.iso3: s for s in matching.suggest_partners(tanzania, limit=300) if s.country
    }
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
    assert (kenya_row["kind"], kenya_row["regional_organization"]) == ("country", None)
    assert {f["code"] for f in kenya_row["factors"]} == set(WEIGHTS)
    assert kenya_row["score"] == pytest.approx(sum(f["points"] for f in kenya_row["factors"]), 0.01)


def test_the_list_page_leads_to_any_countrys_suggestions(client, kenya):
    ActionPlanFactory(country=kenya)
    page = client.get("/twinning/").content.decode()
    assert '<option value="KEN">Kenya</option>' in page
    response = client.get("/twinning/suggestions/", {"iso3": "ken"})
    assert response.status_code == 302 and response["Location"] == "/twinning/suggestions/KEN/"
    assert client.get("/twinning/suggestions/", {"iso3": "XXX"}).status_code == 404


# Regional bodies ----------------------------------------------------------------------


def test_a_body_is_ranked_by_the_same_weights_and_never_by_region(db, african_union):
    (asking,) = _countries("TZA")
    profiles = {
        key(asking): Profile(plans=0, languages={"en"}, weak={"budget"}),
        # Two plans more (3 * 1), shares English (2 * 1), meets one weak criterion (3 / 3)
        key(african_union): Profile(
            plans=2, languages={"en"}, met={"budget"}, criterion_labels={"budget": "Budget"}
        ),
    }
    (suggestion,) = rank(asking, [african_union], profiles, limit=10)
    assert suggestion.partner == african_union and suggestion.country is None
    assert suggestion.kind == "regional_organization"
    assert suggestion.score == 6.0
    region = {f.code: f for f in suggestion.factors}["region"]
    assert region.value == 0 and "no member countries" in region.reason
    assert {f.code for f in suggestion.factors} == set(WEIGHTS)


def test_a_country_and_a_body_with_the_same_id_keep_their_own_profiles(db, african_union):
    """Keys carry the kind: a body's regional plans never count for a country."""
    country = Country.objects.get(pk=african_union.pk)
    assert key(country) != key(african_union)


def test_bodies_with_public_regional_plans_are_suggested_to_countries(
    db, kenya, african_union, asean
):
    tanzania = Country.objects.get(iso3="TZA")
    plan = ActionPlanFactory(country=None, regional_organization=african_union, title="AU test")
    DocumentFactory(plan=plan, language="sw")
    DocumentFactory(plan=ActionPlanFactory(country=tanzania), language="sw")
    ActionPlanFactory(
        country=None, regional_organization=asean, publication="draft", title="ASEAN draft"
    )
    public_asean = ActionPlan.objects.public().filter(regional_organization=asean).count()
    # Only public plans count: the draft adds nothing to the body's experience.
    assert matching._profiles()[key(asean)].plans == public_asean
    suggestions = matching.suggest_partners(tanzania, limit=300)
    bodies = {s.regional_organization.slug: s for s in suggestions if s.regional_organization}
    assert "african-union" in bodies
    language = {f.code: f for f in bodies["african-union"].factors}["language"]
    assert language.value == 1.0 and "sw" in language.reason


def test_a_body_gets_countries_and_bodies_suggested_but_not_its_partners(
    db, kenya, african_union, asean
):
    uganda = Country.objects.get(iso3="UGA")
    ActionPlanFactory(country=None, regional_organization=african_union)
    for _ in range(3):  # more plans than the AU: experience to pass on
        ActionPlanFactory(country=None, regional_organization=asean)
    ActionPlanFactory(country=uganda)
    ActionPlanFactory(country=kenya)
    partnership = PartnershipFactory(status="agreed")
    PartnerFactory(partnership=partnership, country=None, regional_organization=african_union)
    PartnerFactory(partnership=partnership, country=uganda)
    suggestions = matching.suggest_partners(african_union, limit=300)
    partners = {matching.key(s.partner) for s in suggestions}
    assert ("country", kenya.pk) in partners
    assert ("regional_organization", asean.pk) in partners
    assert ("country", uganda.pk) not in partners
    assert ("regional_organization", african_union.pk) not in partners
    # The body's public partnership counts as twinning experience when others ask.
    from_kenya = matching.suggest_partners(kenya, limit=300)
    au = next(s for s in from_kenya if s.regional_organization == african_union)
    assert {f.code: f for f in au.factors}["twinning"].value == 0.5


def test_the_body_page_and_api_explain_suggestions(client, kenya, african_union):
    from tests.api.conftest import ApiClient

    au_plan = ActionPlanFactory(country=None, regional_organization=african_union)
    DocumentFactory(plan=au_plan, language="sw")
    DocumentFactory(plan=ActionPlanFactory(country=kenya), language="sw")
    page = client.get("/twinning/suggestions/body/african-union/").content.decode()
    assert "Suggested partners for AU" in page
    assert "Factors and their weights" in page
    assert ">Kenya</a>" in page
    assert "Being suggested to others" not in page
    assert client.get("/twinning/suggestions/body/no-such-body/").status_code == 404
    rows = ApiClient().get("regional-organizations/african-union/partner-suggestions").json()
    kenya_row = next(row for row in rows if row["country"] == "KEN")
    assert kenya_row["kind"] == "country" and {f["code"] for f in kenya_row["factors"]} == set(
        WEIGHTS
    )
    # A body's row, as both endpoints write it.
    from naptrack.twinning.schemas import SuggestionOut

    au = next(s for s in matching.suggest_partners(kenya, limit=300) if s.partner == african_union)
    row = SuggestionOut.from_orm(au).dict()
    assert (row["kind"], row["country"], row["regional_organization"], row["name"]) == (
        "regional_organization",
        None,
        "african-union",
        "African Union",
    )
    assert ApiClient().get("regional-organizations/nowhere/partner-suggestions").status_code == 404


def test_the_list_page_leads_to_a_bodys_suggestions(client, african_union):
    ActionPlanFactory(country=None, regional_organization=african_union)
    page = client.get("/twinning/").content.decode()
    assert '<option value="african-union">African Union</option>' in page
    response = client.get("/twinning/suggestions/", {"body": "african-union"})
    assert response.status_code == 302
    assert response["Location"] == "/twinning/suggestions/body/african-union/"
    assert client.get("/twinning/suggestions/", {"body": "nowhere"}).status_code == 404
