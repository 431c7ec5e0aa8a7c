"""A coordinator's whole journey in a real browser: sign in with a TOTP code, create a
draft, add its source, publish it, and see it on the public page. No JavaScript is needed
and the CSP reports nothing."""

import pytest
from playwright.sync_api import expect

from naptrack.registry.models import ActionPlan
from tests.factories.people import PASSWORD, coordinator_of, fresh_totp_code

pytestmark = pytest.mark.e2e


def test_coordinator_signs_in_creates_sources_and_publishes_a_plan(
    page, live_server, csp_violations
):
    user = coordinator_of("KEN")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    page.get_by_label("Code").fill(fresh_totp_code(user))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")

    page.get_by_role("link", name="Add a new plan").click()
    page.get_by_label("Country or regional organization").select_option(label="Kenya")
    page.get_by_label("Title").fill("Kenya NAP browser journey")
    page.get_by_label("Period start").fill("2026")
    page.get_by_label("Period end").fill("2030")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sources of")

    page.get_by_label("Address (URL)").fill("https://example.org/kenya-nap-2026.pdf")
    page.get_by_role("button", name="Add source").click()
    expect(page.get_by_role("link", name="https://example.org/kenya-nap-2026.pdf")).to_be_visible()

    page.get_by_role("navigation", name="Editing this plan").get_by_role(
        "link", name="Publish"
    ).click()
    page.get_by_label("I have checked the facts").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: everyone can now see this plan.")).to_be_visible()

    plan = ActionPlan.objects.get(title="Kenya NAP browser journey")
    assert plan.publication == "published"
    page.context.clear_cookies()
    page.goto(live_server.url + plan.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Kenya NAP browser journey")
    assert csp_violations == []
