"""Countries: filters, pagination, detail, and plan counts that never count others' drafts."""

from naptrack.registry.models import Country
from tests.factories.registry import ActionPlanFactory, MadeUpCountryFactory, RegionFactory


def test_country_list_item_content(anonymous_api):
    body = anonymous_api.get("countries", q="Kenya").json()
    assert body["count"] == 1
    kenya = body["items"][0]
    assert kenya["iso3"] == "KEN" and kenya["iso2"] == "KE" and kenya["m49"] == "404"
    assert kenya["region"] == {"m49": "002", "name": "Africa"}
    assert kenya["subregion"]["m49"] == "202"
    assert kenya["intermediate_region"] == {"m49": "014", "name": "Eastern Africa"}
    assert kenya["un_member"] is True
    assert kenya["source"]
    assert kenya["plan_count"] == Country.objects.get(iso3="KEN").plans.public().count()
    assert kenya["url"] == "http://testserver/api/v1/countries/KEN"
    assert kenya["html_url"] == "http://testserver/countries/KEN/"


def test_country_without_iso2_shows_null_not_empty(anonymous_api):
    country = MadeUpCountryFactory(name="Nulland")
    item = anonymous_api.get("countries", q="Nulland").json()["items"][0]
    assert (item["iso3"], item["iso2"], item["m49"]) == (country.iso3, None, None)


def test_country_list_filters_by_region_and_subregion(anonymous_api):
    region = RegionFactory(name="Test region Far", level=1)
    subregion = RegionFactory(name="Test subregion Far", level=2, parent=region)
    MadeUpCountryFactory(name="Farland A", region=region, subregion=subregion)
    MadeUpCountryFactory(
        name="Farland B", region=region, subregion=RegionFactory(level=2, parent=region)
    )
    by_region = anonymous_api.get("countries", region=region.m49).json()
    assert [item["name"] for item in by_region["items"]] == ["Farland A", "Farland B"]
    by_subregion = anonymous_api.get("countries", subregion=subregion.m49).json()
    assert [item["name"] for item in by_subregion["items"]] == ["Farland A"]


def test_country_list_filters_by_un_membership(anonymous_api):
    MadeUpCountryFactory(name="Memberland", un_member=True)
    MadeUpCountryFactory(name="Memberland Territory", un_member=False)
    members = anonymous_api.get("countries", q="Memberland", un_member="true").json()["items"]
    assert [item["name"] for item in members] == ["Memberland"]
    others = anonymous_api.get("countries", q="Memberland", un_member="false").json()["items"]
    assert [item["name"] for item in others] == ["Memberland Territory"]


def test_has_plan_counts_only_plans_the_caller_can_see(anonymous_api, kenya_coordinator_api):
    with_plan = MadeUpCountryFactory(name="Planland Published")
    ActionPlanFactory(country=with_plan)
    drafted = MadeUpCountryFactory(name="Planland Drafted")
    ActionPlanFactory(country=drafted, publication="draft")
    has = anonymous_api.get("countries", q="Planland", has_plan="true").json()["items"]
    assert [(item["name"], item["plan_count"]) for item in has] == [("Planland Published", 1)]
    has_not = anonymous_api.get("countries", q="Planland", has_plan="false").json()["items"]
    assert [(item["name"], item["plan_count"]) for item in has_not] == [("Planland Drafted", 0)]


def test_country_list_pagination_links(anonymous_api):
    for n in range(5):
        MadeUpCountryFactory(name=f"Pageland {n}")
    first = anonymous_api.get("countries", q="Pageland", page_size="2").json()
    assert first["count"] == 5
    assert [item["name"] for item in first["items"]] == ["Pageland 0", "Pageland 1"]
    assert first["previous"] is None
    assert "page=2" in first["next"] and "q=Pageland" in first["next"]
    second = anonymous_api.get(first["next"].replace("http://testserver", "")).json()
    assert [item["name"] for item in second["items"]] == ["Pageland 2", "Pageland 3"]
    last = anonymous_api.get(second["next"].replace("http://testserver", "")).json()
    assert [item["name"] for item in last["items"]] == ["Pageland 4"]
    assert last["next"] is None and "page=2" in last["previous"]


def test_page_past_the_end_is_empty_with_a_way_back(anonymous_api):
    MadeUpCountryFactory(name="Shortland")
    body = anonymous_api.get("countries", q="Shortland", page="9").json()
    assert (body["count"], body["items"], body["next"]) == (1, [], None)
    assert "page=1" in body["previous"]


def test_country_detail_lists_public_plans_not_drafts(
    anonymous_api, api_kenya_draft, api_kenya_plan
):
    body = anonymous_api.get("countries/ken").json()
    ids = [plan["id"] for plan in body["plans"]]
    assert body["name"] == "Kenya"
    assert api_kenya_plan.pk in ids and api_kenya_draft.pk not in ids
    assert body["plan_count"] == len(ids)
    assert all(plan["publication"] == "published" for plan in body["plans"])


def test_country_detail_shows_drafts_to_their_coordinator(kenya_coordinator_api, api_kenya_draft):
    body = kenya_coordinator_api.get("countries/KEN").json()
    drafts = [plan for plan in body["plans"] if plan["publication"] == "draft"]
    assert [plan["id"] for plan in drafts] == [api_kenya_draft.pk]


def test_unknown_country_is_not_found(anonymous_api):
    response = anonymous_api.get("countries/XXX")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
