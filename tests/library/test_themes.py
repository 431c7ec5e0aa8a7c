"""Themes across plans: prevalence by adoption year and region, generation comparisons,
CSV; drafts, synthetic plans, reports and unanalysed texts never counted for others."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.accounts.choices import Role
from naptrack.library.choices import DocumentKind
from naptrack.library.models import KeywordFamily
from naptrack.registry.choices import Origin, PlanStatus, Publication
from naptrack.registry.models import Country
from tests.factories import people
from tests.factories.library import (
    AnalysisRunFactory,
    DocumentFactory,
    KeywordFamilyFactory,
    ThemeCountFactory,
)
from tests.factories.people import person
from tests.factories.registry import ActionPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme_families(db):
    KeywordFamily.objects.all().delete()
    return {
        name: KeywordFamilyFactory(slug=name, name=name.title())
        for name in ("climate", "cyber", "trafficking")
    }


def analysed_plan(iso3, year, counts, *, families, kind=DocumentKind.PLAN, keywords=30, **plan):
    plan.setdefault("title", f"Synthetic test plan {iso3} {year}")
    plan = ActionPlanFactory(
        country=Country.objects.get(iso3=iso3), adoption_date=datetime.date(year, 1, 1), **plan
    )
    document = DocumentFactory(plan=plan, kind=kind)
    run = AnalysisRunFactory(document=document, keyword_count=keywords)
    for name, count in counts.items():
        ThemeCountFactory(run=run, family=families[name], count=count, pages=[1])
    return plan


@pytest.fixture
def plans(theme_families):
    made = {
        "kenya_1": analysed_plan(
            "KEN", 2020, {"climate": 3, "cyber": 1}, families=theme_families, generation=11
        ),
        "uganda": analysed_plan("UGA", 2021, {"climate": 2}, families=theme_families),
        "kenya_2": analysed_plan(
            "KEN", 2024, {"cyber": 4, "trafficking": 2}, families=theme_families, generation=12
        ),
        "france": analysed_plan("FRA", 2021, {}, families=theme_families),
    }
    # None of these may count for the public:
    analysed_plan(
        "KEN", 2020, {"trafficking": 9}, families=theme_families, generation=13,
        publication=Publication.DRAFT, status=PlanStatus.DRAFTING, title="Kenya draft",
    )  # fmt: skip
    analysed_plan(
        "UGA",
        2020,
        {"trafficking": 9},
        families=theme_families,
        origin=Origin.SYNTHETIC,
        generation=2,
    )
    analysed_plan(
        "FRA", 2020, {"trafficking": 9}, families=theme_families, kind=DocumentKind.OFFICIAL_REPORT
    )
    analysed_plan("FRA", 2020, {"trafficking": 9}, families=theme_families, keywords=0)
    return made


def row_of(page: str, name: str) -> str:
    start = page.index(f'<th scope="row">{name}')
    return page[start : page.index("</tr>", start)]


def test_themes_by_year_counts_published_analysed_plan_texts(client, plans):
    page = client.get("/analysis/themes/").content.decode()
    assert "among the 4 plans whose text has been read" in page
    climate = row_of(page, "Climate")
    # columns 2020 (1 plan), 2021 (2), 2024 (1), then all (4)
    assert '100% <span class="hint">1/1</span>' in climate
    assert '50% <span class="hint">1/2</span>' in climate
    assert '0% <span class="hint">0/1</span>' in climate
    assert '50% <span class="hint">2/4</span>' in climate
    trafficking = row_of(page, "Trafficking")
    assert '25% <span class="hint">1/4</span>' in trafficking  # the drafts' 9 are not here


def test_themes_by_region_puts_each_plan_in_its_un_region(client, plans):
    page = client.get("/analysis/themes/?by=region").content.decode()
    assert '<th scope="col">Africa</th>' in page and '<th scope="col">Europe</th>' in page
    climate = row_of(page, "Climate")
    assert '67% <span class="hint">2/3</span>' in climate  # Kenya's first plan, Uganda
    assert '0% <span class="hint">0/1</span>' in climate  # France


def test_themes_csv_has_one_row_per_family_and_column(client, plans):
    response = client.get("/analysis/themes/prevalence.csv?by=year")
    assert response["Content-Disposition"] == 'attachment; filename="naptrack-themes-by-year.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3 * 3  # three families, three years
    cyber_2024 = next(r for r in rows if r["family"] == "cyber" and r["value"] == "2024")
    assert cyber_2024 == {
        "compared_by": "year",
        "value": "2024",
        "label": "2024",
        "family": "cyber",
        "family_name": "Cyber",
        "kind": "theme",
        "plans_analysed": "1",
        "plans_mentioning": "1",
        "share_percent": "100.0",
    }


def test_drafts_count_only_for_their_coordinators(client, plans):
    for user in (None, people.analyst(), person(Role.COORDINATOR, totp=True,
                 country=Country.objects.get(iso3="UGA"))):  # fmt: skip
        if user:
            client.force_login(user)
        page = client.get("/analysis/themes/").content.decode()
        assert "among the 4 plans" in page
        csv_text = client.get("/analysis/themes/prevalence.csv").content.decode()
        assert (
            "Kenya draft" not in page
            and "year,2020,2020,trafficking,Trafficking,theme,1,0,0.0" in csv_text
        )
        generations = client.get("/analysis/themes/KEN/").content.decode()
        assert "Kenya draft" not in generations
    client.force_login(people.coordinator_of("KEN"))
    page = client.get("/analysis/themes/").content.decode()
    assert "among the 5 plans" in page
    assert "Kenya draft" in client.get("/analysis/themes/KEN/").content.decode()


def test_generation_comparison_shows_themes_gained_and_lost(client, plans):
    page = client.get("/analysis/themes/KEN/").content.decode()
    assert "Synthetic test plan KEN 2020" in page and "Synthetic test plan KEN 2024" in page
    rows = {name: row_of(page, name) for name in ("Climate", "Cyber", "Trafficking")}
    assert "<td>0</td><td>2</td>" in rows["Trafficking"] and "gained" in rows["Trafficking"]
    assert "<td>3</td><td>0</td>" in rows["Climate"] and "lost" in rows["Climate"]
    assert "<td>1</td><td>4</td>" in rows["Cyber"] and "more" in rows["Cyber"]
    assert page.index("Trafficking") < page.index("Climate") < page.index("Cyber")


def test_generation_comparison_says_when_a_text_is_not_analysed(client, theme_families):
    analysed_plan("UGA", 2015, {"climate": 1}, families=theme_families)
    ActionPlanFactory(
        country=Country.objects.get(iso3="UGA"),
        generation=5,
        title="Synthetic Uganda plan without text",
    )
    page = client.get("/analysis/themes/UGA/").content.decode()
    assert "Synthetic Uganda plan without text" in page
    assert "Not compared: the text of one of these plans has not been analysed" in page


def test_countries_with_two_analysed_plans_are_linked(client, plans):
    page = client.get("/analysis/themes/").content.decode()
    assert 'href="/analysis/themes/KEN/">Kenya</a>' in page
    assert "/analysis/themes/UGA/" not in page  # its second plan is synthetic


def test_unknown_country_code_is_not_found(client, db):
    assert client.get("/analysis/themes/XXX/").status_code == 404


# Query counts ----------------------------------------------------------------------------


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    ["/analysis/themes/", "/analysis/themes/?by=region", "/analysis/themes/prevalence.csv",
     "/analysis/themes/KEN/"],
)  # fmt: skip
def test_theme_pages_query_count_does_not_grow(
    client, theme_families, url, django_assert_num_queries
):
    analysed_plan("KEN", 2010, {"climate": 1}, families=theme_families, generation=11)
    one = queries_for(client, url)
    for generation, year in ((12, 2014), (13, 2018)):
        analysed_plan("KEN", year, {"climate": 2, "cyber": 1}, families=theme_families,
                      generation=generation)  # fmt: skip
    with django_assert_num_queries(one):
        response = client.get(url)
    assert "Climate" in response.content.decode()


def test_themes_csv_never_carries_a_live_formula(client, plans, theme_families):
    marker = '=HYPERLINK("http://evil.example","Cyber")'
    KeywordFamily.objects.filter(slug="cyber").update(name=marker)
    response = client.get("/analysis/themes/prevalence.csv?by=year")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    names = {row["family_name"] for row in rows if row["family"] == "cyber"}
    assert names == {"'" + marker}
