"""A visitor's journey through the public registry: home, a filtered registry list,
a country, a plan with its sources. Once with JavaScript (htmx swaps the results and
pushes the URL) and once without (plain GET forms)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def filter_to_african_plans_in_force(page):
    page.get_by_label("Region", exact=True).select_option(label="Africa")
    page.get_by_label("Current status").select_option(label="Adopted (current)")


def results(page):
    return page.locator("#results")


def test_visitor_filters_the_registry_and_reads_a_plan(page, live_server, csp_violations):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("action plans")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plans").click()
    expect(page).to_have_url(re.compile(r"/plans/$"))

    filter_to_african_plans_in_force(page)
    # htmx swaps only the results and records the filters in the address bar.
    expect(page).to_have_url(re.compile(r"region=002.*status=adopted"))
    expect(results(page).get_by_role("link", name="Kenya").first).to_be_visible()
    expect(results(page)).not_to_contain_text("Albania")

    results(page).get_by_role("link", name="Kenya").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kenya")
    expect(page.get_by_text("gap: 2019")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"Kenya NAP 3")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kenya NAP 3")
    # naps.csv gives one source for this plan; the page must link it.
    sources = page.get_by_role("link", name="tengele.com")
    expect(sources.first).to_be_visible()
    assert csp_violations == []


def test_registry_filters_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/plans/")
    filter_to_african_plans_in_force(page)
    page.get_by_role("button", name=re.compile("Apply|Filter|Show", re.I)).click()
    expect(page).to_have_url(re.compile(r"region=002.*status=adopted"))
    expect(results(page).get_by_role("link", name="Kenya").first).to_be_visible()
    expect(results(page)).not_to_contain_text("Albania")
    context.close()
