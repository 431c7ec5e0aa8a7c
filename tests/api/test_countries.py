"""Countries: filters, pagination, detail, and plan counts that never count others' drafts."""

from naptrack.registry.models import Country
from tests.factories.registry import ActionPlanFactory, MadeUpCountryFactory, RegionFactory


def test_country_list_item_content(anonymous):
    body = anonymous.get("countries", q="Kenya").json()
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


def test_country_without_iso2_shows_null_not_empty(anonymous):
    country = MadeUpCountryFactory(name="Nulland")
    item = anonymous.get("countries", q="Nulland").json()["items"][0]
    assert (item["iso3"], item["iso2"], item["m49"]) == (country.iso3, None, None)


def test_country_list_filters_by_region_and_subregion(anonymous):
    region = RegionFactory(name="Test region Far", level=1)
    subregion = RegionFactory(name="Test subregion Far", level=2, parent=region)
    MadeUpCountryFactory(name="Farland A", region=region, subregion=subregion)
    MadeUpCountryFactory(
        name="Farland B", region=region, subregion=RegionFactory(level=2, parent=region)
    )
    by_region = anonymous.get("countries", region=region.m49).json()
    assert [item["name"] for item in by_region["items"]] == ["Farland A", "Farland B"]
    by_subregion = anonymous.get("countries", subregion=subregion.m49).json()
    assert [item["name"] for item in by_subregion["items"]] == ["Farland A"]


def test_country_list_filters_by_un_membership(anonymous):
    MadeUpCountryFactory(name="Memberland", un_member=True)
    MadeUpCountryFactory(name="Memberland Territory", un_member=False)
    members = anonymous.get("countries", q="Memberland", un_member="true").json()["items"]
    assert [item["name"] for item in members] == ["Memberland"]
    others = anonymous.get("countries", q="Memberland", un_member="false").json()["items"]
    assert [item["name"] for item in others] == ["Memberland Territory"]


def test_has_plan_counts_only_plans_the_caller_can_see(anonymous, kenya_coordinator):
    with_plan = MadeUpCountryFactory(name="Planland Published")
    ActionPlanFactory(country=with_plan)
    drafted = MadeUpCountryFactory(name="Planland Drafted")
    ActionPlanFactory(country=drafted, publication="draft")
    has = anonymous.get("countries", q="Planland", has_plan="true").json()["items"]
    assert [(item["name"], item["plan_count"]) for item in has] == [("Planland Published", 1)]
    has_not = anonymous.get("countries", q="Planland", has_plan="false").json()["items"]
    assert [(item["name"], item["plan_count"]) for item in has_not] == [("Planland Drafted", 0)]


def test_country_list_pagination_links(anonymous):
    for n in range(5):
        MadeUpCountryFactory(name=f"Pageland {n}")
    first = anonymous.get("countries", q="Pageland", page_size="2").json()
    assert first["count"] == 5
    assert [item["name"] for item in first["items"]] == ["Pageland 0", "Pageland 1"]
    assert first["previous"] is None
    assert "page=2" in first["next"] and "q=Pageland" in first["next"]
    second = anonymous.get(first["next"].replace("http://testserver", "")).json()
    assert [item["name"] for item in second["items"]] == ["Pageland 2", "Pageland 3"]
    last = anonymous.get(second["next"].replace("http://testserver", "")).json()
    assert [item["name"] for item in last["items"]] == ["Pageland 4"]
    assert last["next"] is None and "page=2" in last["previous"]


def test_page_past_the_end_is_empty_with_a_way_back(anonymous):
    MadeUpCountryFactory(name="Shortland")
    body = anonymous.get("countries", q="Shortland", page="9").json()
    assert (body["count"], body["items"], body["next"]) == (1, [], None)
    assert "page=1" in body["previous"]


def test_country_detail_lists_public_plans_not_drafts(anonymous, kenya_draft, kenya_plan):
    body = anonymous.get("countries/ken").json()
    ids = [plan["id"] for plan in body["plans"]]
    assert body["name"] == "Kenya"
    assert kenya_plan.pk in ids and kenya_draft.pk not in ids
    assert body["plan_count"] == len(ids)
    assert all(plan["publication"] == "published" for plan in body["plans"])


def test_country_detail_shows_drafts_to_their_coordinator(kenya_coordinator, kenya_draft):
    body = kenya_coordinator.get("countries/KEN").json()
    drafts = [plan for plan in body["plans"] if plan["publication"] == "draft"]
    assert [plan["id"] for plan in drafts] == [kenya_draft.pk]


def test_unknown_country_is_not_found(anonymous):
    response = anonymous.get("countries/XXX")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
