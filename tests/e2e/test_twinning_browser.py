"""Kenya's coordinator proposes a partnership with Uganda; nobody else sees it until
Uganda's coordinator agrees; then the public reads it, Kenya logs a workshop, and a
visitor reads Tanzania's suggested partners with the reasons. The CSP reports nothing."""

import pytest
from playwright.sync_api import expect

from naptrack.accounts.choices import Role
from naptrack.registry.models import Country
from tests.e2e.test_reporting_cycle_browser import sign_in_as
from tests.factories.people import person

pytestmark = pytest.mark.e2e
TITLE = "Kenya–Uganda monitoring twinning"


def test_propose_agree_publish_log_and_suggest(page, live_server, csp_violations):
    kenya_coordinator = person(Role.COORDINATOR, totp=True, country=Country.objects.get(iso3="KEN"))
    uganda_coordinator = person(
        Role.COORDINATOR, totp=True, country=Country.objects.get(iso3="UGA")
    )
    url = live_server.url

    # Kenya proposes.
    sign_in_as(page, live_server, kenya_coordinator)
    page.goto(f"{url}/twinning/propose/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Aims").fill("Uganda learns how Kenya monitors its plan.")
    page.get_by_label("Partner countries (yours included)").select_option(label=["Kenya", "Uganda"])
    page.get_by_role("button", name="Propose").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".state")).to_contain_text("Proposed")
    partnership_url = page.url

    # The public does not see it yet.
    sign_in_as(page, live_server, None)
    assert page.goto(partnership_url).status == 404
    page.goto(f"{url}/twinning/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    # Uganda agrees.
    sign_in_as(page, live_server, uganda_coordinator)
    page.goto(partnership_url)
    page.get_by_role("button", name="Agree").click()
    expect(page.locator(".state")).to_contain_text("Agreed")

    # The public sees it.
    sign_in_as(page, live_server, None)
    page.goto(f"{url}/twinning/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator(".state")).to_contain_text("Agreed")

    # Kenya logs a workshop; the public reads its outcome.
    sign_in_as(page, live_server, kenya_coordinator)
    page.goto(partnership_url)
    page.get_by_label("Kind").select_option("workshop")
    page.get_by_label("Title").fill("Indicator workshop in Kampala")
    page.get_by_label("Date").fill("2026-02-10")
    page.get_by_label("Outcomes").fill("Uganda adopts two of Kenya's indicators.")
    page.get_by_role("button", name="Add to the log").click()
    sign_in_as(page, live_server, None)
    page.goto(partnership_url)
    expect(page.locator(".exchanges")).to_contain_text("Uganda adopts two of Kenya's indicators.")

    # A visitor reads Tanzania's suggestions, each with its factors and weights.
    page.goto(f"{url}/twinning/suggestions/TZA/")
    expect(page.locator(".weights")).to_contain_text("Plan experience")
    first = page.locator(".suggestion").first
    expect(first.locator("caption")).to_contain_text("Why")
    expect(first).to_contain_text("Region")
    expect(page.locator(".suggestions")).to_contain_text("Both in Eastern Africa.")
    # The hidden proposal answers 404, as it must; no other console error is allowed.
    assert [e for e in csp_violations if "status of 404" not in e] == []
