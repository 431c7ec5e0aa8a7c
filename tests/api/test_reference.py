"""Reference data endpoints: regions, pillars, standard indicators, resolutions, organizations."""

from naptrack.accounts.choices import OrganizationKind
from naptrack.registry.models import StandardIndicator
from tests.factories.accounts import OrganizationFactory
from tests.factories.registry import RegionalOrganizationFactory


def test_regions_list_gives_codes_levels_and_parents(anonymous_api):
    body = anonymous_api.get("regions", page_size="200").json()
    regions = {item["m49"]: item for item in body["items"]}
    assert body["count"] == len(regions)
    assert regions["002"] == {"m49": "002", "name": "Africa", "level": 1, "parent_m49": None}
    assert regions["202"]["parent_m49"] == "002"
    assert regions["014"]["level"] == 3


def test_regions_filter_by_level(anonymous_api):
    items = anonymous_api.get("regions", level="1", page_size="200").json()["items"]
    assert {item["name"] for item in items} >= {"Africa", "Asia", "Europe"}
    assert {item["level"] for item in items} == {1}


def test_pillars_list_in_order_with_sources(anonymous_api):
    items = anonymous_api.get("pillars").json()["items"]
    assert [item["code"] for item in items] == [
        "participation",
        "protection",
        "prevention",
        "relief-and-recovery",
    ]
    assert items[0]["name"] == "Participation"
    assert all(item["source_url"].startswith("http") for item in items)


def test_standard_indicators_expose_the_verified_flag(anonymous_api):
    StandardIndicator.objects.filter(number="1a").update(verified=True)
    StandardIndicator.objects.filter(number="1b").update(verified=False)
    body = anonymous_api.get("standard-indicators", page_size="200").json()
    by_number = {item["number"]: item for item in body["items"]}
    assert body["count"] == StandardIndicator.objects.count()
    assert by_number["1a"]["verified"] is True
    assert by_number["1b"]["verified"] is False
    assert by_number["1b"]["pillar"] == StandardIndicator.objects.get(number="1b").pillar.code


def test_standard_indicators_filter_by_verified_and_pillar(anonymous_api):
    StandardIndicator.objects.filter(number="1a").update(verified=False)
    items = anonymous_api.get("standard-indicators", verified="false").json()["items"]
    assert [item["number"] for item in items] == list(
        StandardIndicator.objects.filter(verified=False).values_list("number", flat=True)
    )
    assert "1a" in [item["number"] for item in items]
    prevention = anonymous_api.get("standard-indicators", pillar="prevention").json()["items"]
    assert prevention and {item["pillar"] for item in prevention} == {"prevention"}


def test_resolutions_list_gives_1325_with_its_source(anonymous_api):
    items = anonymous_api.get("resolutions").json()["items"]
    first = items[0]
    assert (first["number"], first["year"]) == (1325, 2000)
    assert first["source_url"].startswith("http")
    assert [item["number"] for item in items] == sorted(item["number"] for item in items)


def test_organizations_list_public_fields_only(anonymous_api, kenya):
    OrganizationFactory(
        name="Zeta Women's Network", kind=OrganizationKind.CSO, country=kenya, website=""
    )
    items = anonymous_api.get("organizations", q="Zeta").json()["items"]
    assert items == [
        {
            "id": items[0]["id"],
            "name": "Zeta Women's Network",
            "kind": "cso",
            "country": "KEN",
            "regional_organization": None,
            "website": None,
        }
    ]


def test_organizations_filter_by_kind_and_country(anonymous_api, kenya):
    OrganizationFactory(
        name="Zeta Ministry", kind=OrganizationKind.GOVERNMENT_AGENCY, country=kenya
    )
    OrganizationFactory(name="Zeta Coalition", kind=OrganizationKind.COALITION)
    by_kind = anonymous_api.get("organizations", q="Zeta", kind="government_agency").json()
    assert [item["name"] for item in by_kind["items"]] == ["Zeta Ministry"]
    by_country = anonymous_api.get("organizations", q="Zeta", country="ken").json()
    assert [item["name"] for item in by_country["items"]] == ["Zeta Ministry"]


def test_regional_organizations_list_counts_visible_plans(anonymous_api):
    body = anonymous_api.get("regional-organizations", page_size="200").json()
    by_slug = {item["slug"]: item for item in body["items"]}
    assert by_slug["asean"]["short_name"] == "ASEAN"
    assert by_slug["asean"]["plan_count"] >= 1
    assert by_slug["asean"]["html_url"].endswith("/regional-organizations/asean/")


def test_regional_organization_detail_lists_its_plans(anonymous_api):
    body = anonymous_api.get("regional-organizations/asean").json()
    assert body["name"] == "Association of Southeast Asian Nations"
    assert body["plans"] and {plan["owner"]["code"] for plan in body["plans"]} == {"asean"}
    assert body["plan_count"] == len(body["plans"])


def test_regional_organization_without_plans_says_zero(anonymous_api):
    organization = RegionalOrganizationFactory()
    body = anonymous_api.get(f"regional-organizations/{organization.slug}").json()
    assert (body["plan_count"], body["plans"]) == (0, [])


def test_unknown_regional_organization_is_not_found(anonymous_api):
    response = anonymous_api.get("regional-organizations/no-such-body")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
