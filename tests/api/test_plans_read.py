"""Plan reads: the registry's filters, detail content, history and scope."""

import datetime

import pytest

from naptrack.core.services import activity_record
from naptrack.registry.choices import Budget, DatePrecision, Origin, PlanStatus, Publication
from naptrack.registry.models import ActionPlan, Resolution
from tests.factories.registry import (
    ActionPlanFactory,
    CitationFactory,
    MadeUpCountryFactory,
    PlanFactFactory,
    RegionalOrganizationFactory,
)


def names(body) -> list[str]:
    return [item["display_title"] for item in body["items"]]


@pytest.fixture
def filterland(db):
    """Three published plans of a made-up country, differing in every filtered field."""
    country = MadeUpCountryFactory(name="Filterland")
    return {
        "old": ActionPlanFactory(
            country=country,
            title="Filterland first",
            generation=1,
            adoption_date=datetime.date(2008, 5, 1),
            period_start=2008,
            period_end=2011,
            budget=Budget.NOT_ALLOCATED,
        ),
        "current": ActionPlanFactory(
            country=country,
            title="Filterland second",
            generation=2,
            adoption_date=datetime.date(2015, 1, 1),
            adoption_precision=DatePrecision.YEAR,
            budget=Budget.ALLOCATED,
        ),
        "pending": ActionPlanFactory(
            country=country,
            title="Filterland third",
            generation=3,
            status=PlanStatus.DRAFTING,
            adoption_date=None,
            adoption_precision="",
            period_start=None,
            period_end=None,
        ),
    }


def test_plan_list_item_content(anonymous_api, filterland):
    body = anonymous_api.get("plans", q="Filterland", sort="generation").json()
    assert body["count"] == 3
    first = body["items"][0]
    plan = filterland["old"]
    assert first == {
        "id": plan.pk,
        "url": f"http://testserver/api/v1/plans/{plan.pk}",
        "html_url": f"http://testserver/plans/{plan.pk}/",
        "display_title": "Filterland first",
        "title": "Filterland first",
        "language": None,
        "owner": {
            "kind": "country",
            "code": plan.country.iso3,
            "name": "Filterland",
            "url": f"http://testserver/api/v1/countries/{plan.country.iso3}",
        },
        "generation": 1,
        "status": "adopted",
        "current_status": "expired",
        "publication": "published",
        "origin": "platform",
        "adoption_date": "2008-05-01",
        "adoption_precision": "day",
        "period_start": 2008,
        "period_end": 2011,
        "extended_to": None,
        "in_force_end_unknown": False,
        "best_year": 2008,
        "best_year_basis": "adoption",
        "budget": "not_allocated",
        "focus": "unknown",
        "lead_agency": None,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "expired"}, ["old"]),
        ({"status": "adopted"}, ["current"]),
        ({"status": "drafting"}, ["pending"]),
        ({"generation": "2"}, ["current"]),
        ({"adopted_from": "2010"}, ["current"]),
        ({"adopted_to": "2010"}, ["old"]),
        ({"adopted_from": "2000", "adopted_to": "2020"}, ["old", "current"]),
        ({"budget": "allocated"}, ["current"]),
        ({"owner_kind": "national"}, ["old", "current", "pending"]),
        ({"owner_kind": "regional"}, []),
        ({"region": "002"}, ["old", "current", "pending"]),
        ({"subregion": "202"}, ["old", "current", "pending"]),
        ({"region": "150"}, []),
    ],
)
def test_plan_list_filters(anonymous_api, filterland, query, expected):
    body = anonymous_api.get("plans", q="Filterland", sort="generation", **query).json()
    assert [item["id"] for item in body["items"]] == [filterland[key].pk for key in expected]
    assert body["count"] == len(expected)


def test_plan_list_search_matches_title_words(anonymous_api, filterland):
    body = anonymous_api.get("plans", q="Filterland second").json()
    assert names(body) == ["Filterland second"]


def test_plan_list_sorts(anonymous_api, filterland):
    newest_first = anonymous_api.get("plans", q="Filterland", sort="-adopted").json()
    assert names(newest_first) == ["Filterland second", "Filterland first", "Filterland third"]
    by_generation = anonymous_api.get("plans", q="Filterland", sort="-generation").json()
    assert names(by_generation) == ["Filterland third", "Filterland second", "Filterland first"]


def test_plan_list_rejects_an_unknown_sort(anonymous_api):
    response = anonymous_api.get("plans", sort="price")
    assert response.status_code == 422
    assert "query.sort" in response.json()["error"]["fields"]


def test_plan_list_regional_plans_name_their_organization(anonymous_api):
    organization = RegionalOrganizationFactory(short_name="ZRO", name="Zed Regional Org")
    ActionPlanFactory(country=None, regional_organization=organization, title="Zed regional plan")
    item = anonymous_api.get("plans", q="Zed", owner_kind="regional").json()["items"][0]
    assert item["owner"]["kind"] == "regional_organization"
    assert item["owner"]["code"] == organization.slug
    assert item["owner"]["name"] == "ZRO"


def test_plan_list_pagination_caps_page_size(anonymous_api, filterland):
    body = anonymous_api.get("plans", q="Filterland", page_size="2", sort="generation").json()
    assert names(body) == ["Filterland first", "Filterland second"]
    assert body["next"].endswith("page=2") and "page_size=2" in body["next"]
    too_big = anonymous_api.get("plans", page_size="201")
    assert too_big.status_code == 422


def test_plan_list_counts_all_public_reference_plans(anonymous_api):
    body = anonymous_api.get("plans").json()
    assert body["count"] == ActionPlan.objects.public().count()
    assert len(body["items"]) == 50


def test_synthetic_plans_never_appear(anonymous_api, kenya_coordinator_api, kenya):
    ActionPlanFactory(country=kenya, title="Synthetic Kenya plan", origin=Origin.SYNTHETIC)
    for client in (anonymous_api, kenya_coordinator_api):
        assert client.get("plans", q="Synthetic").json()["count"] == 0


def test_plan_detail_content(anonymous_api, kenya):
    plan = ActionPlanFactory(
        country=kenya,
        title="Detail plan",
        lead_agency="Ministry of Public Service and Gender",
        status_note="Adopted at a public launch.",
        confidence="high",
    )
    plan.resolutions.set(Resolution.objects.filter(number__in=[1325, 1820]))
    citation = CitationFactory(
        plan=plan,
        url="https://example.org/detail",
        title="Launch",
        publisher="Government of Kenya",
        published_date=datetime.date(2016, 3, 1),
        published_precision="month",
        kind="official",
        supports="adoption, period, status",
    )
    PlanFactFactory(
        plan=plan,
        code="budget",
        value="not_allocated",
        source_url="https://example.org/analysis/kenya",
        quote="The NAP does not include an allocated budget.",
        location="p.37",
    )
    body = anonymous_api.get(f"plans/{plan.pk}").json()
    assert body["title"] == "Detail plan"
    assert body["lead_agency"] == "Ministry of Public Service and Gender"
    assert body["status_note"] == "Adopted at a public launch."
    assert body["confidence"] == "high"
    assert body["resolutions"] == [{"number": 1325, "year": 2000}, {"number": 1820, "year": 2008}]
    assert body["citations"] == [
        {
            "id": citation.pk,
            "url": "https://example.org/detail",
            "title": "Launch",
            "publisher": "Government of Kenya",
            "published_date": "2016-03",
            "kind": "official",
            "supports": "adoption, period, status",
            "weak": False,
            "accessed": None,
        }
    ]
    assert body["facts"] == [
        {
            "fact": "budget",
            "value": "not_allocated",
            "source_url": "https://example.org/analysis/kenya",
            "source_title": "Example country | 1325 National Action Plans",
            "source_publisher": "WILPF PeaceWomen",
            "source_date": None,
            "quote": "The NAP does not include an allocated budget.",
            "location": "p.37",
            "confidence": "medium",
            "coded_by": "platform",
            "coded_on": "2026-12-01",
        }
    ]
    assert body["owner"]["code"] == "KEN"
    assert body["current_status"] == "adopted"
    assert body["can_edit"] is False
    assert (body["predecessor_id"], body["successor_id"]) == (None, None)


def test_plan_detail_unknown_values_are_null(anonymous_api, kenya):
    plan = ActionPlanFactory(
        country=kenya, title="", generation=None, adoption_date=None, adoption_precision=""
    )
    body = anonymous_api.get(f"plans/{plan.pk}").json()
    assert body["title"] is None and body["display_title"].startswith("Kenya NAP")
    assert body["generation"] is None
    assert (body["adoption_date"], body["adoption_precision"]) == (None, None)
    assert (body["confidence"], body["status_note"]) == (None, None)


def test_plan_detail_says_which_date_is_best_known_and_when_the_end_is_unknown(anonymous_api):
    norway = ActionPlan.objects.get(reference_key="NAP:NOR:g1")  # period 2006-2011, no adoption
    body = anonymous_api.get(f"plans/{norway.pk}").json()
    assert (body["best_year"], body["best_year_basis"]) == (2006, "period_start")
    assert body["in_force_end_unknown"] is False
    kenya = ActionPlan.objects.get(reference_key="NAP:KEN:g3")  # adopted 2025, no period
    body = anonymous_api.get(f"plans/{kenya.pk}").json()
    assert (body["current_status"], body["in_force_end_unknown"]) == ("adopted", True)
    assert (body["best_year"], body["best_year_basis"]) == (2025, "adoption")


def test_plan_detail_lineage_hides_a_draft_successor(anonymous_api, kenya_coordinator_api, kenya):
    old = ActionPlanFactory(country=kenya, title="Lineage old")
    new = ActionPlanFactory(
        country=kenya, title="Lineage new draft", predecessor=old, publication=Publication.DRAFT
    )
    assert anonymous_api.get(f"plans/{old.pk}").json()["successor_id"] is None
    insider = kenya_coordinator_api.get(f"plans/{old.pk}").json()
    assert insider["successor_id"] == new.pk
    assert insider["can_edit"] is True
    assert kenya_coordinator_api.get(f"plans/{new.pk}").json()["predecessor_id"] == old.pk


def test_plan_detail_lineage_of_published_plans(anonymous_api, kenya):
    old = ActionPlanFactory(country=kenya, title="Public old", period_start=2016, period_end=2019)
    new = ActionPlanFactory(country=kenya, title="Public new", predecessor=old)
    assert anonymous_api.get(f"plans/{old.pk}").json()["successor_id"] == new.pk
    body = anonymous_api.get(f"plans/{new.pk}").json()
    assert body["predecessor_id"] == old.pk
    assert anonymous_api.get(f"plans/{old.pk}").json()["current_status"] == "superseded"


def test_plan_history_lists_activity_newest_first(anonymous_api, kenya_coordinator, api_kenya_plan):
    activity_record(
        actor=kenya_coordinator,
        verb="plan.updated",
        target=api_kenya_plan,
        changes={"title": {"before": "A", "after": "B"}},
        channel="api",
    )
    activity_record(actor=None, verb="plan.expired", target=api_kenya_plan)
    body = anonymous_api.get(f"plans/{api_kenya_plan.pk}/history").json()
    assert body["count"] == 2
    newest, older = body["items"]
    assert (newest["verb"], newest["actor"], newest["channel"]) == (
        "plan.expired",
        "system",
        "web",
    )
    assert older["changes"] == {"title": {"before": "A", "after": "B"}}
    assert older["actor"] == "a coordinator of Kenya"  # the role, never the email
    assert kenya_coordinator.email not in str(body)
    assert older["channel"] == "api"
    assert older["when"] <= newest["when"]


def test_draft_is_invisible_to_outsiders_in_every_read(outsider_api, api_kenya_draft):
    role, client = outsider_api
    activity_record(actor=None, verb="plan.created", target=api_kenya_draft)
    assert client.get(f"plans/{api_kenya_draft.pk}").status_code == 404, role
    history = client.get(f"plans/{api_kenya_draft.pk}/history")
    assert history.status_code == 404, role
    assert history.json()["error"]["code"] == "not_found"
    listed = client.get("plans", q="unpublished").json()
    assert (listed["count"], listed["items"]) == (0, []), role
    all_ids = {
        item["id"] for item in client.get("plans", q="Kenya", page_size="200").json()["items"]
    }
    assert api_kenya_draft.pk not in all_ids, role
    country = client.get("countries/KEN").json()
    assert api_kenya_draft.pk not in [plan["id"] for plan in country["plans"]], role
    assert country["plan_count"] == len(country["plans"]), role
    drafting = client.get("plans", q="Kenya", status="drafting").json()
    assert api_kenya_draft.pk not in [item["id"] for item in drafting["items"]], role


def test_draft_is_visible_to_its_coordinator(kenya_coordinator_api, api_kenya_draft):
    body = kenya_coordinator_api.get(f"plans/{api_kenya_draft.pk}").json()
    assert (body["publication"], body["title"]) == ("draft", "Kenya draft NAP (unpublished)")
    assert body["citations"][0]["url"] == "https://example.org/kenya-draft-source"
    assert kenya_coordinator_api.get("plans", q="unpublished").json()["count"] == 1
    assert kenya_coordinator_api.get(f"plans/{api_kenya_draft.pk}/history").status_code == 200
