"""The whole reporting cycle in a real browser, without JavaScript help: a coordinator
builds a small plan and opens a cycle; an agency reporter submits; the coordinator
returns one item; the reporter fixes it; the coordinator approves and publishes; a
visitor reads the published report, and the plan's implementation dashboard where the
installation has one. The CSP reports nothing on the way."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from naptrack.accounts.choices import Role
from naptrack.registry.models import Country
from naptrack.reporting.models import OfficialReport
from tests.factories.accounts import AgencyFactory
from tests.factories.people import coordinator_of, person
from tests.factories.registry import ActionPlanFactory
from tests.plans.conftest import build_workbook

pytestmark = pytest.mark.e2e

ACTIONS = [
    ["Participation", "1.1", "Women in peace talks", "1.1.1", "Train mediators", None,
     2025, 2026, "Ministry of Defence", None],
    ["Participation", "1.1", None, "1.1.2", "Fund women's networks", None,
     2025, 2026, "Ministry of Defence", None],
]  # fmt: skip
INDICATORS = [
    ["1.1.1", "1.1.1.a", "Women mediators trained", "women", 0, "2024-01-01", "Ministry",
     "yes", "no", "no", None, None, 50],
]  # fmt: skip


def sign_in_as(page, live_server, user) -> None:
    """Second-factor sign-in has its own journey test; here a session cookie does."""
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_reporting_cycle_from_opening_to_published_report(
    page, live_server, csp_violations, tmp_path
):
    kenya = Country.objects.get(iso3="KEN")
    plan = ActionPlanFactory(country=kenya, title="Kenya NAP reporting journey")
    defence = AgencyFactory(name="Ministry of Defence", country=kenya)
    coordinator = coordinator_of("KEN")
    reporter = person(Role.AGENCY_REPORTER, organization=defence)
    workbook = tmp_path / "structure.xlsx"
    workbook.write_bytes(build_workbook(ACTIONS, INDICATORS, [], periods=("2025",)))
    url = live_server.url

    # The coordinator builds the plan's structure and opens the 2025 cycle.
    sign_in_as(page, live_server, coordinator)
    page.goto(f"{url}/plans/{plan.pk}/structure/upload/")
    page.get_by_label("Workbook (.xlsx)").set_input_files(str(workbook))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Saved as version 1")).to_be_visible()
    page.goto(f"{url}/plans/{plan.pk}/reporting/")
    page.get_by_label("Label").fill("2025")
    page.get_by_label("Period starts").fill("2025-01-01")
    page.get_by_label("Period ends").fill("2025-12-31")
    page.get_by_label("Report due").fill("2026-01-31")
    page.get_by_role("button", name="Add cycle").click()
    expect(page.get_by_text("Cycle 2025 added.")).to_be_visible()
    page.get_by_role("link", name="2025", exact=True).click()
    page.get_by_role("button", name="Open the cycle").click()
    expect(page.get_by_text("Cycle opened: the agencies can report now.")).to_be_visible()

    # The agency's reporter fills and submits both actions.
    sign_in_as(page, live_server, reporter)
    page.goto(f"{url}/reporting/")
    page.get_by_role("link", name="1.1.1 Train mediators").click()
    page.get_by_label("Status").select_option(label="On track")
    page.get_by_label("What happened in this period").fill("Trained 20 women mediators.")
    page.get_by_label("Value (women)").fill("20")
    page.get_by_label("Women and girls").fill("20")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    page.goto(f"{url}/reporting/")
    page.get_by_role("link", name="1.1.2 Fund women's networks").click()
    page.get_by_label("Status").select_option(label="Delayed")
    page.get_by_label("What happened in this period").fill("Funds arrived late.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()

    # The coordinator approves one and returns the other with a comment on its narrative.
    sign_in_as(page, live_server, coordinator)
    cycle_url = f"{url}/plans/{plan.pk}/reporting/"
    page.goto(cycle_url)
    page.get_by_role("link", name="2025", exact=True).click()
    cycle_page = page.url
    page.get_by_role("link", name="Review 1.1.1 Ministry of Defence").click()
    expect(page.get_by_text("Trained 20 women mediators.")).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved: 1.1.1")).to_be_visible()
    page.get_by_role("link", name="Review 1.1.2 Ministry of Defence").click()
    page.get_by_label("Comment on: Narrative").fill("Say how late, and what it delayed.")
    page.get_by_role("button", name="Return for changes").click()
    expect(page.get_by_text("Returned to the agency: 1.1.2")).to_be_visible()

    # The reporter sees the comment next to the narrative, fixes it and submits again.
    sign_in_as(page, live_server, reporter)
    page.goto(f"{url}/reporting/")
    page.get_by_role("link", name="1.1.2 Fund women's networks").click()
    expect(page.get_by_role("note")).to_contain_text("Say how late, and what it delayed.")
    page.get_by_label("What happened in this period").fill(
        "Funds arrived four months late; two network grants moved to 2026."
    )
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    expect(page.get_by_role("note")).to_have_count(0)

    # The coordinator approves it, compiles and publishes the official report.
    sign_in_as(page, live_server, coordinator)
    page.goto(cycle_page)
    page.get_by_role("link", name="Review 1.1.2 Ministry of Defence").click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_label("Summary").fill("Training on track; network funding delayed.")
    page.get_by_role("button", name="Compile the draft report").click()
    expect(page.get_by_text("Draft report v1 compiled.")).to_be_visible()
    page.get_by_role("link", name="Publish report v1…").click()
    expect(page.get_by_text("Publishing cannot be undone.")).to_be_visible()
    page.get_by_role("button", name="Yes, publish it").click()
    expect(page.get_by_text("Published: everyone can now read this report.")).to_be_visible()
    assert OfficialReport.objects.get(cycle__plan=plan).state == "published"

    # A visitor reads it.
    sign_in_as(page, live_server, None)
    page.goto(f"{url}/plans/{plan.pk}/reports/")
    page.get_by_role("link", name="version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Official report 2025, version 1")
    expect(page.get_by_text("Training on track; network funding delayed.")).to_be_visible()
    expect(page.get_by_text("two network grants moved to 2026")).to_be_visible()
    expect(page.get_by_text("Trained 20 women mediators.")).to_be_visible()
    dashboard = dashboard_url(plan)
    if dashboard:  # the implementation dashboard, where the installation has it
        response = page.goto(url + dashboard)
        assert response.status == 200
        expect(page.get_by_text(plan.title).first).to_be_visible()
    assert csp_violations == []


def dashboard_url(plan) -> str | None:
    try:
        return reverse("reporting_outputs:dashboard", args=[plan.pk])
    except NoReverseMatch:
        return None
