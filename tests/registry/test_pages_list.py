"""The registry list (/plans/): filters, sorting, pagination, htmx partial, bad input."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from naptrack.registry.choices import Budget, PlanStatus
from naptrack.registry.forms import PlanFilterForm
from naptrack.registry.models import ActionPlan, Region
from naptrack.registry.selectors import PlanFilters, plan_list
from tests.factories.registry import (
    ActionPlanFactory,
    MadeUpCountryFactory,
    RegionalOrganizationFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("registry:plan_list")


def listed_plans(response) -> list[ActionPlan]:
    """The plans in the results table, in page order."""
    body = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S).group(1)
    ids = [int(pk) for pk in re.findall(r'<a href="/plans/(\d+)/">', body)]
    by_id = plan_list(AnonymousUser()).in_bulk(ids)
    return [by_id[pk] for pk in ids]


def result_count(response) -> int:
    match = re.search(r"(\d+) plans? match", response.content.decode())
    return int(match.group(1))


def test_plan_list_shows_every_public_plan_with_all_columns(client):
    response = client.get(URL)
    html = response.content.decode()
    assert result_count(response) == 256
    for header in ("Generation", "Title", "Current status", "Adopted", "Period", "Budget"):
        assert f'<th scope="col">{header}</th>' in html
    assert '<span class="unknown">unknown</span>' in html  # budgets are unknown in the data
    assert len(listed_plans(response)) == settings.NAPTRACK_PAGE_SIZE


def test_plan_list_filters_by_region(client):
    europe = Region.objects.get(m49="150")
    plans = listed_plans(client.get(URL, {"region": "150", "sort": "-adopted"}))
    assert plans and all(p.country.region_id == europe.pk for p in plans)
    assert "Albania" in {p.country.name for p in listed_plans(client.get(URL, {"region": "150"}))}


def test_plan_list_filters_by_subregion(client):
    plans = listed_plans(client.get(URL, {"subregion": "202", "q": "Kenya"}))
    assert [p.reference_key for p in plans] == ["NAP:KEN:g1", "NAP:KEN:g2", "NAP:KEN:g3"]
    assert listed_plans(client.get(URL, {"subregion": "039", "q": "Kenya"})) == []


def test_plan_list_filters_by_derived_status(client):
    response = client.get(URL, {"status": PlanStatus.EXPIRED, "q": "Afghanistan"})
    assert [p.reference_key for p in listed_plans(response)] == ["NAP:AFG:g1"]
    superseded = listed_plans(client.get(URL, {"status": "superseded", "q": "Kenya"}))
    assert [p.generation for p in superseded] == [1, 2]
    current = listed_plans(client.get(URL, {"status": "adopted", "q": "Kenya"}))
    assert [p.generation for p in current] == [3]


def test_plan_list_pending_choice_lists_announced_drafting_and_consultation_plans(client):
    country = MadeUpCountryFactory()
    pending = {
        status: ActionPlanFactory(country=country, status=status, title=f"Pending test {status}")
        for status in (PlanStatus.ANNOUNCED, PlanStatus.DRAFTING, PlanStatus.CONSULTATION)
    }
    ActionPlanFactory(country=country, status=PlanStatus.ADOPTED, title="Pending test adopted")
    html = client.get(URL).text
    assert '<option value="pending">Pending (announced, drafting or in consultation)' in html
    listed = listed_plans(client.get(URL, {"status": "pending", "q": "Pending test"}))
    assert {p.pk for p in listed} == {p.pk for p in pending.values()}
    body = client.get("/api/v1/plans", {"status": "pending", "q": "Pending test"}).json()
    assert {p["id"] for p in body["items"]} == {p.pk for p in pending.values()}


def test_footer_links_the_api_documentation(client):
    html = client.get(URL).text
    assert 'href="/api/v1/docs">API documentation</a>' in html
    assert client.get("/api/v1/docs").status_code == 200


def test_plan_list_filters_by_adoption_year_range(client):
    plans = listed_plans(client.get(URL, {"adopted_from": 2016, "adopted_to": 2016, "q": "Kenya"}))
    assert [p.reference_key for p in plans] == ["NAP:KEN:g1"]
    since = listed_plans(client.get(URL, {"adopted_from": 2020, "q": "Kenya"}))
    assert [p.generation for p in since] == [2, 3]


def test_plan_list_filters_by_budget(client):
    funded = ActionPlanFactory(
        country=MadeUpCountryFactory(), budget=Budget.ALLOCATED, title="Funded test plan"
    )
    ActionPlanFactory(
        country=MadeUpCountryFactory(), budget=Budget.NOT_ALLOCATED, title="Unfunded test plan"
    )
    response = client.get(URL, {"budget": "allocated"})
    assert listed_plans(response) == [funded]
    assert "Allocated" in response.content.decode()


def test_plan_list_filters_by_generation_and_owner_kind(client):
    fourth = listed_plans(client.get(URL, {"generation": 4, "owner_kind": "national"}))
    assert fourth and all(p.generation == 4 and p.country_id for p in fourth)
    regional = listed_plans(client.get(URL, {"owner_kind": "regional"}))
    assert regional and all(p.regional_organization_id for p in regional)


def test_plan_list_free_text_matches_country_title_and_organization(client):
    land = MadeUpCountryFactory(name="Freetextia")
    ActionPlanFactory(country=land)
    ActionPlanFactory(
        country=MadeUpCountryFactory(), title="Plan mentioning Freetextia in its title"
    )
    organization = RegionalOrganizationFactory(short_name="FTX", name="Freetextia Union")
    ActionPlanFactory(country=None, regional_organization=organization)
    assert result_count(client.get(URL, {"q": "freetextia"})) == 3
    assert result_count(client.get(URL, {"q": "freetextia union"})) == 1


def test_plan_list_sorts_by_adoption_date(client):
    newest = listed_plans(client.get(URL, {"sort": "-adopted"}))
    dates = [p.adoption_date for p in newest]
    assert dates == sorted(dates, reverse=True)
    oldest = listed_plans(client.get(URL, {"sort": "adopted"}))
    assert [p.adoption_date for p in oldest] == sorted(p.adoption_date for p in oldest)


def test_plan_list_sorts_by_generation_descending(client):
    plans = listed_plans(client.get(URL, {"sort": "-generation", "owner_kind": "national"}))
    generations = [p.generation for p in plans]
    assert generations == sorted(generations, reverse=True)
    assert generations[0] >= 4


def test_plan_list_paginates_and_keeps_filters_in_links(client):
    first = client.get(URL, {"owner_kind": "national"})
    second = client.get(URL, {"owner_kind": "national", "page": 2})
    html = second.content.decode()
    assert "Page 2 of 5" in html  # 235 national plans, 50 a page
    assert not set(listed_plans(first)) & set(listed_plans(second))
    assert 'href="?owner_kind=national&amp;page=3"' in html
    assert 'href="?owner_kind=national&amp;page=1"' in html
    last = client.get(URL, {"owner_kind": "national", "page": 5})
    assert len(listed_plans(last)) == 235 - 4 * settings.NAPTRACK_PAGE_SIZE


def test_plan_list_page_out_of_range_shows_last_page(client):
    response = client.get(URL, {"q": "Kenya", "page": "99"})
    assert len(listed_plans(response)) == 3


def test_plan_list_htmx_request_returns_only_results_fragment(client):
    response = client.get(URL, {"q": "Kenya"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and "<form" not in html
    assert len(listed_plans(response)) == 3
    assert "HX-Request" in response["Vary"]


def test_plan_list_htmx_history_restore_gets_the_whole_page(client):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = client.get(URL, {"q": "Kenya"}, headers=headers).content.decode()
    assert "<html" in html and 'hx-get="/plans/"' in html


def test_plan_list_form_works_without_javascript(client):
    html = client.get(URL).content.decode()
    assert re.search(r'<form class="filters" method="get" action="/plans/"', html)
    assert '<label for="id_region">Region</label>' in html
    assert 'type="submit"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"generation": "abc"}, "Generation</a>: Enter a whole number."),
        ({"adopted_from": "2020", "adopted_to": "2010"}, "is before"),
        ({"region": "999"}, "Select a valid choice"),
        ({"status": "lost"}, "Select a valid choice"),
        ({"adopted_from": "1850"}, "greater than or equal to 2000"),
        ({"sort": "secret_field"}, "Select a valid choice"),
    ],
)
def test_plan_list_invalid_filter_shows_a_clear_error(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    summary = re.search(r'id="filter-errors">(.*?)</div>', response.content.decode(), re.S)
    assert summary, "no error summary"
    assert message in summary.group(1)
    assert "<tbody>" not in response.content.decode()


def test_plan_list_invalid_filter_error_reaches_htmx_fragment(client):
    response = client.get(URL, {"generation": "abc"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'role="alert"' in html and "Enter a whole number." in html


def test_plan_filter_form_to_filters_parses_every_field():
    form = PlanFilterForm(
        {
            "region": "002",
            "subregion": "202",
            "status": "expired",
            "generation": "2",
            "adopted_from": "2010",
            "adopted_to": "2020",
            "budget": "allocated",
            "owner_kind": "national",
            "q": "  Kenya  ",
            "sort": "-adopted",
        }
    )
    assert form.is_valid(), form.errors
    assert form.to_filters() == PlanFilters(
        region="002",
        subregion="202",
        status="expired",
        generation=2,
        adopted_from=2010,
        adopted_to=2020,
        budget="allocated",
        owner_kind="national",
        q="Kenya",
        sort="-adopted",
    )
    empty = PlanFilterForm({})
    assert empty.is_valid() and empty.to_filters() == PlanFilters()


def test_plan_list_shows_extension_and_adoption_precision(client):
    ActionPlanFactory(
        country=MadeUpCountryFactory(),
        title="Extended test plan",
        period_start=2010,
        period_end=2012,
        extended_to=2014,
        adoption_date=datetime.date(2010, 3, 1),
        adoption_precision="month",
    )
    html = client.get(URL, {"q": "Extended test plan"}).content.decode()
    assert "2010–2012, extended to 2014" in html
    assert "March 2010" in html
    assert "Expired" in html
