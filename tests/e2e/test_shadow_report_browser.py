"""A coalition writes a shadow report in a real browser and invites a partner CSO to
co-author it; a member of the partner accepts on its Invitations page; the coalition
publishes under both names, the country's coordinator replies, and the public sees both
next to the official report in the side-by-side view. The CSP reports nothing."""

import datetime

import pytest
from playwright.sync_api import expect

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.registry.models import Country
from naptrack.reporting import services as reporting
from naptrack.shadow_reports.models import ShadowReport
from tests.factories.accounts import AgencyFactory, OrganizationFactory
from tests.factories.people import PASSWORD, fresh_totp_code, person
from tests.factories.plans import (
    ActionFactory,
    ObjectiveFactory,
    PlanPillarFactory,
    ResponsibilityFactory,
)
from tests.factories.registry import ActionPlanFactory

pytestmark = pytest.mark.e2e


def _plan_with_official_report(coordinator):
    """Kenya's plan with one action, officially "on track" in the published 2025 report."""
    kenya = Country.objects.get(iso3="KEN")
    plan = ActionPlanFactory(country=kenya, title="Kenya plan (browser test)", period_start=2025)
    defence = AgencyFactory(name="Ministry of Defence (browser test)", country=kenya)
    objective = ObjectiveFactory(pillar=PlanPillarFactory(plan=plan, name="Participation"))
    action = ActionFactory(objective=objective, code="1.1", title="Train women mediators")
    ResponsibilityFactory(action=action, agency=defence, role="lead")
    cycle = reporting.cycle_create(
        actor=coordinator,
        plan=plan,
        label="2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=datetime.date(2026, 1, 31),
    )
    cycle = reporting.cycle_open(actor=coordinator, cycle=cycle)
    reporter = person(Role.AGENCY_REPORTER, organization=defence)
    update = cycle.updates.get()
    update = reporting.update_save(
        actor=reporter, update=update, expected_version=update.version, status="on_track"
    )
    reporting.update_approve(
        actor=coordinator, update=reporting.update_submit(actor=reporter, update=update)
    )
    report = reporting.report_compile(actor=coordinator, cycle=cycle, summary="2025 in brief.")
    reporting.report_publish(actor=coordinator, report=report)
    return plan, cycle, action


def _sign_in(page, live_server, user, *, totp=False):
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if totp:
        page.get_by_label("Code").fill(fresh_totp_code(user))
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")


def test_coalition_publishes_coordinator_replies_side_by_side_shows_both(
    page, live_server, csp_violations
):
    kenya = Country.objects.get(iso3="KEN")
    coordinator = person(Role.COORDINATOR, totp=True, country=kenya)
    plan, cycle, action = _plan_with_official_report(coordinator)
    coalition = OrganizationFactory(
        name="Kenya 1325 Coalition (browser)", kind=OrganizationKind.COALITION, country=kenya
    )
    partner = OrganizationFactory(
        name="Turkana Women Voices", kind=OrganizationKind.CSO, country=kenya
    )
    member = person(Role.CSO_MEMBER, organization=coalition)
    partner_member = person(Role.CSO_MEMBER, organization=partner)

    # The coalition writes its report.
    _sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/plans/{plan.pk}/shadow-reports/")
    page.get_by_role("link", name="Write a shadow report").click()
    page.get_by_label("Written by").select_option(label=coalition.name)
    page.get_by_label("Co-authors (for a coalition writing together)").select_option(
        label=partner.name
    )
    page.get_by_label("Title").fill("The mediators we did not meet")
    page.get_by_label("Reporting cycle assessed").select_option(
        label="Kenya plan (browser test) — 2025"
    )
    page.get_by_label("Overall findings").fill("Training happened in the capital only.")
    page.get_by_role("button", name="Create the draft").click()
    expect(page.get_by_text("Draft created.")).to_be_visible()

    assessed = page.locator(f"#action-{action.pk}")
    assessed.get_by_label("Do you agree with the official status?").select_option(
        label="Disagrees with the official status"
    )
    assessed.get_by_label("Status as you see it").select_option(label="Delayed")
    assessed.get_by_label("What you found").fill("No mediator trained in Turkana.")
    assessed.get_by_role("button", name="Save the assessment of 1.1").click()
    expect(page.get_by_text("Assessment of 1.1 saved.")).to_be_visible()
    assessed = page.locator(f"#action-{action.pk}")
    assessed.get_by_label("What it shows").fill("Interviews in Lodwar")
    assessed.get_by_label("Link").fill("https://example.org/lodwar-interviews")
    assessed.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_text("Evidence added.")).to_be_visible()

    page.get_by_role("link", name="View the report").click()
    co_authors = page.locator(".co-authors")
    expect(co_authors).to_contain_text(f"{partner.name}: Invited, not answered yet")

    # The partner reads the draft from its invitations and accepts to co-author it.
    _sign_in(page, live_server, partner_member)
    page.get_by_role("link", name="1 invitation to co-author a shadow report awaits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitations to co-author")
    page.get_by_role("link", name="The mediators we did not meet").click()
    expect(page.get_by_text(f"{partner.name} is invited to co-author this report")).to_be_visible()
    expect(page.get_by_text("Training happened in the capital only.")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the draft and its assessments")).to_have_count(0)
    page.go_back()
    row = page.get_by_role("row", name="The mediators we did not meet")
    row.get_by_role("button", name="Accept").click()  # htmx swaps the row in place
    expect(page.get_by_text(f"You accepted: {partner.name} co-authors")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/shadow-reports/invitations/")

    # The coalition sees the answer and publishes under both names.
    _sign_in(page, live_server, member)
    page.goto(live_server.url + ShadowReport.objects.get().get_absolute_url())
    expect(page.locator(".co-authors")).to_contain_text(f"{partner.name}: Accepted")
    page.get_by_role("button", name="Mark as ready to publish").click()
    expect(page.get_by_text("Ready to publish: the text is locked.")).to_be_visible()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Published.", exact=True)).to_be_visible()
    report = ShadowReport.objects.get(title="The mediators we did not meet")
    assert report.state == "published"

    # The coordinator answers.
    _sign_in(page, live_server, coordinator, totp=True)
    page.goto(live_server.url + report.get_absolute_url())
    page.get_by_label("Your reply").fill("Turkana training is scheduled for March.")
    page.get_by_role("button", name="Publish the reply").click()
    expect(page.get_by_text("Your reply is published with the report.")).to_be_visible()

    # The public sees the report, the reply, and the divergence.
    page.context.clear_cookies()
    page.goto(live_server.url + report.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("The mediators we did not meet")
    expect(page.locator(".report-meta .byline")).to_have_text(f"{coalition.name}, {partner.name}")
    expect(page.get_by_text("Turkana training is scheduled for March.")).to_be_visible()
    expect(page.get_by_role("link", name="Interviews in Lodwar")).to_be_visible()
    page.get_by_role("link", name="Official and shadow side by side").first.click()
    expect(page.get_by_label("Reporting cycle")).to_have_value(str(cycle.pk))
    row = page.locator("tbody#action-11")
    expect(row).to_have_class("action diverges")
    expect(row.get_by_role("cell", name="On track")).to_be_visible()
    expect(row.get_by_role("link", name="The mediators we did not meet")).to_be_visible()
    expect(row.get_by_text("Diverges")).to_be_visible()
    pillars = page.get_by_role("table", name="Divergences by pillar")
    # Assessments, agree, diverge, not comparable.
    cells = pillars.get_by_role("row", name="Participation").get_by_role("cell")
    expect(cells).to_have_text(["1", "0", "1 divergent", "0"])
    assert csp_violations == []
