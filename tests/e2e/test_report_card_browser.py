"""Report cards in a real browser. A plan has a published official report, a coalition's
shadow report that disagrees with it and the coordinator's reply. The coordinator signs a
statement; the coalition writes and publishes its own card; the public then sees the
computed card and the coalition's card side by side, both saying that official and shadow
reports disagree, follows the evidence to the side-by-side view, and finds the plan in the
ranking. Plain forms only; the CSP reports nothing."""

import datetime

import pytest
from playwright.sync_api import expect

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.registry.models import Country
from naptrack.report_cards.services import report_card_recompute
from naptrack.reporting import services as reporting
from naptrack.shadow_reports import services as shadow
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
AGREEMENT = "Agreement between official and shadow reports"


def _plan(coordinator, coalition, member):
    """One action, "on track" officially, "delayed" for the coalition; the reply exists."""
    kenya = Country.objects.get(iso3="KEN")
    plan = ActionPlanFactory(
        country=kenya, title="Kenya card plan (browser test)", period_start=2025, period_end=2026
    )
    defence = AgencyFactory(name="Ministry of Defence (card browser test)", country=kenya)
    objective = ObjectiveFactory(pillar=PlanPillarFactory(plan=plan, name="Participation"))
    action = ActionFactory(objective=objective, code="1.1", title="Train women mediators")
    ResponsibilityFactory(action=action, agency=defence, role="lead")
    cycle = reporting.cycle_create(
        actor=coordinator,
        plan=plan,
        label="2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=datetime.date.today() + datetime.timedelta(days=30),
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
    found = shadow.shadow_report_create(
        actor=member,
        plan=plan,
        author=coalition,
        cycle=cycle,
        title="The mediators we did not meet",
        findings="Training happened in the capital only.",
    )
    shadow.assessment_save(
        actor=member,
        report=found,
        action=action,
        agrees_with_official="no",
        own_status="delayed",
        narrative="No mediator trained in Turkana.",
    )
    found = shadow.shadow_report_submit(actor=member, report=found)
    found = shadow.shadow_report_publish(actor=member, report=found)
    shadow.reply_publish(actor=coordinator, report=found, text="Turkana comes in March.")
    report_card_recompute(plan=plan)  # what the periodic command does
    return plan


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


def test_computed_and_coalition_cards_both_show_the_disagreement(page, live_server, csp_violations):
    kenya = Country.objects.get(iso3="KEN")
    coordinator = person(Role.COORDINATOR, totp=True, country=kenya)
    coalition = OrganizationFactory(
        name="Kenya 1325 Coalition (card browser)", kind=OrganizationKind.COALITION, country=kenya
    )
    member = person(Role.CSO_MEMBER, organization=coalition)
    plan = _plan(coordinator, coalition, member)
    card_url = f"{live_server.url}/plans/{plan.pk}/report-card/"

    # The coordinator signs a statement: it counts, marked self-reported.
    _sign_in(page, live_server, coordinator, totp=True)
    page.goto(card_url)
    page.get_by_label("Criterion").select_option(label="Periodic reports to the legislature")
    page.get_by_label("Your statement", exact=True).select_option(label="Met")
    page.get_by_label("What shows it").fill("Tabled in parliament every March.")
    page.get_by_role("button", name="Sign the statement").click()
    expect(page.get_by_text("Statement signed.")).to_be_visible()
    legislature = page.locator("#criterion-legislature")
    expect(legislature.locator(".result")).to_have_text("Partly met")
    expect(legislature.locator(".tag.self-reported")).to_have_text("self-reported")

    # The coalition writes its own card, without any script.
    _sign_in(page, live_server, member)
    page.goto(card_url)
    page.get_by_role("link", name="Write your organization's report card").click()
    page.get_by_label("Write as").select_option(label=coalition.name)
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_text("Draft created.")).to_be_visible()
    page.get_by_label("Summary").fill("The official report overstates progress.")
    page.get_by_label(f"Your result: {AGREEMENT}").select_option(label="Not met")
    page.get_by_label(f"Your reason: {AGREEMENT}").fill(
        "Our shadow report found no mediator trained in Turkana; the reply only promises March."
    )
    page.get_by_label("Your result: Actions completed or on track").select_option(label="Not met")
    page.get_by_label("Your reason: Actions completed or on track").fill("1.1 is delayed.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    page.get_by_role("button", name="Publish the card").click()
    expect(page.get_by_text("Published.", exact=True)).to_be_visible()

    # The public: the computed card and the coalition's, side by side.
    page.context.clear_cookies()
    page.goto(card_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report card: Kenya card plan (browser test)"
    )
    agreement = page.locator("#criterion-agreement")
    cells = agreement.get_by_role("cell")
    expect(cells.nth(0)).to_have_text("Not met")  # computed: 0 of 1 agree
    expect(cells.nth(1)).to_contain_text("0 of 1 comparable shadow assessments agree")
    expect(cells.nth(2)).to_contain_text("Not met")  # the coalition's
    expect(cells.nth(2)).to_contain_text("no mediator trained in Turkana")
    expect(
        page.get_by_role("columnheader", name=f"{coalition.name}'s result").first
    ).to_be_visible()
    # Design: 3 of 12 known, too few to grade. Implementation: on time, complete, on
    # track, but disagreeing with the shadow report: 3 of 4 known criteria, a B.
    expect(page.locator("#design-grade")).to_contain_text("Insufficient information")
    expect(page.locator("#implementation-grade .grade-letter")).to_have_text("Grade B")
    badge = page.get_by_role("img", name="Report card: design ?, implementation B")
    expect(badge).to_be_visible()
    assert badge.evaluate("image => image.naturalWidth") == 260

    # The evidence leads to the side-by-side view with the shadow report and the reply.
    agreement.get_by_role("link", name="Official and shadow reports side by side, 2025").click()
    expect(page.get_by_role("link", name="The mediators we did not meet").first).to_be_visible()

    # The coalition's card on its own page. The ranking does not rank the plan on its one
    # cycle, not yet due, and says why.
    page.goto(card_url)
    page.get_by_role("link", name=f"By {coalition.name}").click()
    expect(page.get_by_text("The official report overstates progress.")).to_be_visible()
    page.goto(f"{live_server.url}/report-cards/?q=card+plan&dimension=implementation")
    expect(page.get_by_role("link", name="Kenya card plan (browser test)")).to_have_count(0)
    reason = "1: its published reports are only of unfinished reporting cycles"
    expect(page.get_by_text(reason)).to_be_visible()
    page.get_by_role("link", name="How grades are computed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How report cards are computed")
    assert csp_violations == []
