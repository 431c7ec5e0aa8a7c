"""A coordinator publishes a plan through the pages, adds a source once it is public, and
opens its history: the source is listed (this page once failed for every cited plan),
and a visitor sees the history from publication on, without the draft's title."""

import pytest
from playwright.sync_api import expect

from naptrack.registry.models import ActionPlan
from tests.factories.people import PASSWORD, coordinator_of, fresh_totp_code

pytestmark = pytest.mark.e2e

DRAFT_TITLE = "Kenya NAP history journey (draft title)"


def sign_in(page, live_server, user):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(fresh_totp_code(user))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")


def add_source(page, url: str):
    page.get_by_label("Address (URL)").fill(url)
    page.get_by_role("button", name="Add source").click()
    expect(page.get_by_role("link", name=url)).to_be_visible()


def test_history_of_a_plan_published_and_cited_through_the_pages(page, live_server, csp_violations):
    sign_in(page, live_server, coordinator_of("KEN"))
    page.get_by_role("link", name="Add a new plan").click()
    page.get_by_label("Country or regional organization").select_option(label="Kenya")
    page.get_by_label("Title").fill(DRAFT_TITLE)
    page.get_by_role("button", name="Save draft").click()
    add_source(page, "https://example.org/kenya-history-draft.pdf")
    editing = page.get_by_role("navigation", name="Editing this plan")
    editing.get_by_role("link", name="Publish").click()
    page.get_by_label("I have checked the facts").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: everyone can now see this plan.")).to_be_visible()
    plan = ActionPlan.objects.get(title=DRAFT_TITLE)
    page.goto(live_server.url + f"/plans/{plan.pk}/sources/")
    add_source(page, "https://example.org/kenya-history-public.pdf")

    page.goto(live_server.url + plan.get_absolute_url())
    page.get_by_role("link", name="History of changes").click()
    history = page.get_by_role("table")
    expect(history).to_contain_text("added a source")
    expect(history).to_contain_text("https://example.org/kenya-history-public.pdf")
    expect(history).to_contain_text("https://example.org/kenya-history-draft.pdf")

    page.context.clear_cookies()
    page.goto(live_server.url + f"/plans/{plan.pk}/history/")
    history = page.get_by_role("table")
    expect(history).to_contain_text("published")
    expect(history).to_contain_text("https://example.org/kenya-history-public.pdf")
    expect(history).not_to_contain_text("kenya-history-draft.pdf")
    assert csp_violations == []
