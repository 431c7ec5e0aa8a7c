"""The analysis page: charts as JSON data blocks, tables, CSV of each table, the country set."""

import json
import re

import altair as alt
import pytest
from altair.utils.schemapi import validate_jsonschema
from django.urls import reverse

from naptrack.analysis.charts import FIGURES
from tests.analysis import helpers
from tests.factories.registry import ActionPlanFactory, CitationFactory, CountryFactory

pytestmark = pytest.mark.django_db
ALL_SET = "all countries and territories (includes Kosovo and the State of Palestine)"
CAPTIONS = {
    "first-plans": "Countries with a first national plan, by year",
    "plans-by-region": "National plans by region and current status",
    "country-status": "Every country and its current status",
    "budget": "National plans in force with an allocated budget",
}


def specs(html: str) -> dict[str, dict]:
    blocks = re.findall(
        r'<script id="(chart-[\w-]+-spec)" type="application/json">(.*?)</script>', html, re.S
    )
    return {name: json.loads(body) for name, body in blocks}


def test_overview_shows_four_tables_with_captions_and_the_set(client):
    html = client.get(reverse("analysis:overview")).content.decode()
    tables = helpers.html_tables(html)
    for caption in CAPTIONS.values():
        assert caption in tables
    assert f"Every chart on this page counts <strong>{ALL_SET}</strong>" in html
    assert html.count("Counted: ") == 4
    first = tables[CAPTIONS["first-plans"]]
    assert first[0] == [
        "Year",
        "Countries adopting their first plan",
        "Cumulative total",
        "Dated by adoption",
        "Dated by period start",
        "Dated by a later plan (at the latest)",
    ]
    assert first[-1] == ["Year unknown", "0", "112", "", "", ""]
    assert "else the start of its period (4)" in html


def test_overview_un_set_says_so_and_changes_the_numbers(client):
    html = client.get(reverse("analysis:overview"), {"set": "un"}).content.decode()
    assert "Every chart on this page counts <strong>UN member states (193)</strong>" in html
    assert ALL_SET not in html
    first = helpers.html_tables(html)[CAPTIONS["first-plans"]]
    assert first[-1] == ["Year unknown", "0", "110", "", "", ""]
    assert 'value="un" checked' in html
    for slug in FIGURES:
        assert f'href="/analysis/{slug}.csv?set=un"' in html


def test_overview_rejects_an_unknown_set_naming_the_parameter(client):
    response = client.get(reverse("analysis:overview"), {"set": "g20"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "set: Select a valid choice. g20 is not one of the available choices." in html
    assert "chart-first-plans-spec" not in html


def test_overview_embeds_vega_lite_specs_as_json_data_blocks(client):
    html = client.get(reverse("analysis:overview")).content.decode()
    blocks = specs(html)
    assert set(blocks) == {f"chart-{slug}-spec" for slug in FIGURES}
    for slug in FIGURES:
        assert f'data-vega-spec="chart-{slug}-spec"' in html
        assert blocks[f"chart-{slug}-spec"]["$schema"].startswith(
            "https://vega.github.io/schema/vega-lite/"
        )
    years = blocks["chart-first-plans-spec"]
    values = json.dumps(years)
    assert '"cumulative": 112' in values  # every country has a dated fact: all on the curve
    atlas = json.dumps(blocks["chart-country-status-spec"])
    assert "/static/vendor/world-atlas/countries-110m.json" in atlas
    assert '"m49": "404"' in atlas and '"country": "Kenya"' in atlas


def test_overview_has_no_inline_executable_script(client):
    html = client.get(reverse("analysis:overview")).content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " style=" not in html
    assert "/static/js/charts.js" in html and "/static/vendor/vega-embed/vega-embed.min.js" in html


@pytest.mark.parametrize("slug", list(FIGURES))
@pytest.mark.parametrize("country_set", ["all", "un"])
def test_chart_csv_is_exactly_the_table(client, slug, country_set):
    html = client.get(reverse("analysis:overview"), {"set": country_set}).content.decode()
    table = helpers.html_tables(html)[CAPTIONS[slug]]
    response = client.get(reverse("analysis:chart_csv", args=[slug]), {"set": country_set})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"naptrack-{slug}-{country_set}.csv" in response["Content-Disposition"]
    assert helpers.csv_rows(response.content) == table


def test_chart_csv_of_country_status_lists_kosovo_without_code(client):
    rows = helpers.csv_rows(client.get("/analysis/country-status.csv").content)
    assert rows[0] == ["Country", "ISO 3166 alpha-3", "UN M49 code", "Status"]
    assert ["Kosovo", "XKX", "none", "Had plans, none in force (lapsed)"] in rows
    assert len(rows) == 1 + 248
    un_rows = helpers.csv_rows(client.get("/analysis/country-status.csv?set=un").content)
    assert len(un_rows) == 1 + 193 and not any(r[1] == "XKX" for r in un_rows)


def test_chart_csv_of_budget_shows_unknown(client):
    rows = helpers.csv_rows(client.get("/analysis/budget.csv").content)
    assert rows[0] == ["Budget", "Plans in force", "Share (%)"]
    assert rows[1][:1] + rows[1][2:] == ["Allocated", "0.0"]
    assert rows[3][0] == "Unknown" and rows[3][2] == "100.0" and int(rows[3][1]) > 0


def test_chart_csv_unknown_chart_is_404_and_bad_set_is_400(client):
    assert client.get("/analysis/nonsense.csv").status_code == 404
    response = client.get("/analysis/budget.csv", {"set": "g20"})
    assert response.status_code == 400
    assert response.content.decode().startswith("set: Select a valid choice.")


def in_force_countries(response) -> int:
    summary = helpers.html_tables(response.content.decode())[
        "Number of countries by current status"
    ]
    return int(dict(summary[1:])["Has a plan in force"])


@pytest.mark.parametrize("plans", [1, 3])
@pytest.mark.parametrize(("country_set", "queries"), [("all", 5), ("un", 6)])
def test_overview_query_count_does_not_grow_with_plans(
    client, django_assert_num_queries, plans, country_set, queries
):
    page = reverse("analysis:overview") + f"?set={country_set}"
    before = in_force_countries(client.get(page))
    for generation in range(1, plans + 1):
        plan = ActionPlanFactory(country=CountryFactory(un_member=True), generation=generation)
        CitationFactory(plan=plan)
    # One aggregate query per figure, two for the map (countries, then their plans: the
    # home page's selector), plus the number of UN member states for set=un.
    with django_assert_num_queries(queries):
        response = client.get(page)
    assert in_force_countries(response) == before + plans


@pytest.mark.parametrize("country_set", ["all", "un"])
def test_every_chart_spec_is_valid_vega_lite(client, country_set):
    html = client.get(reverse("analysis:overview"), {"set": country_set}).content.decode()
    schema = alt.load_schema()  # the Vega-Lite schema of the installed Altair
    for name, spec in specs(html).items():
        validate_jsonschema(spec, schema)  # raises, naming the offending part, when invalid
        assert spec["description"] or spec.get("title"), name


def home_count(html: str, heading_id: str) -> int:
    return int(re.search(rf'id="{heading_id}".*?\((\d+)\)', html, re.S).group(1))


def test_home_and_analysis_figures_agree(client):
    # A country lapsed in a way the home page used to miss: undated first plan, dated second.
    land = CountryFactory(name="Agreeland", un_member=True)
    first = ActionPlanFactory(
        country=land, generation=1, adoption_date=None, adoption_precision="", period_start=None
    )
    ActionPlanFactory(
        country=land, generation=2, predecessor=first, period_start=2013, period_end=2017
    )
    home = client.get("/").content.decode()
    analysis = helpers.html_tables(client.get(reverse("analysis:overview")).content.decode())
    summary = dict(analysis["Number of countries by current status"][1:])
    in_force = int(summary["Has a plan in force"])
    end_unknown = int(summary["In force, end unknown (no end year recorded)"])
    assert home_count(home, "in-force-heading") == in_force + end_unknown
    assert home_count(home, "lapsed-heading") == int(summary["Had plans, none in force (lapsed)"])
    assert f"{end_unknown} of these {in_force + end_unknown} count only" in home
    assert "Agreeland" in home.split('id="lapsed-countries"')[1]


def test_charts_read_right_to_left_in_arabic_and_stay_valid(client):
    """In Arabic the horizontal axes run from the right, vertical axes and titles stand on
    the right; in English nothing is turned."""
    schema = alt.load_schema()
    english = specs(client.get(reverse("analysis:overview")).content.decode())
    arabic = specs(client.get("/ar" + reverse("analysis:overview")).content.decode())
    assert arabic.keys() == english.keys() and arabic
    for name, spec in arabic.items():
        validate_jsonschema(spec, schema)
        layers = spec.get("layer", [spec])
        x_fields = [
            layer["encoding"]["x"]
            for layer in layers
            if "field" in layer.get("encoding", {}).get("x", {})
        ]
        assert all(x["scale"]["reverse"] is True for x in x_fields), name
        y_fields = [
            layer["encoding"]["y"]
            for layer in layers
            if "field" in layer.get("encoding", {}).get("y", {})
        ]
        assert all(y["axis"]["orient"] == "right" for y in y_fields), name
    region = english["chart-plans-by-region-spec"]
    assert "reverse" not in region["encoding"]["x"].get("scale", {})
