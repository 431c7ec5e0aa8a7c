"""On a phone's screen, a visitor without an account finds the consultation on a draft
plan from the plan's page, comments on an action with plain forms, and the coordinator
answers the comment; the public then reads "you said, we did". The CSP reports nothing."""

import datetime

import pytest
from playwright.sync_api import expect

from naptrack.accounts.choices import Role
from naptrack.consultations import services
from naptrack.registry.models import Country
from tests.accounts.people import person
from tests.e2e.test_reporting_cycle_browser import sign_in_as
from tests.factories import ActionFactory, ActionPlanFactory, ObjectiveFactory, PlanPillarFactory

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}


def _open_consultation(coordinator):
    plan = ActionPlanFactory(
        country=Country.objects.get(iso3="KEN"),
        title="Kenya draft NAP (browser consultation)",
        status="drafting",
        adoption_date=None,
        adoption_precision="",
    )
    objective = ObjectiveFactory(pillar=PlanPillarFactory(plan=plan), code="1", title="Voice")
    ActionFactory(objective=objective, code="1.1", title="Train women mediators")
    today = datetime.date.today()
    draft = services.consultation_create(
        actor=coordinator,
        plan=plan,
        title="Have your say on the draft",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=14),
        languages=["en", "sw"],
        questions=["What is missing?"],
    )
    return services.consultation_open(actor=coordinator, consultation=draft)


def test_visitor_comments_on_a_phone_and_the_coordinator_answers(page, live_server, csp_violations):
    coordinator = person(Role.COORDINATOR, totp=True, country=Country.objects.get(iso3="KEN"))
    consultation = _open_consultation(coordinator)
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + consultation.plan.get_absolute_url())
    page.get_by_role("link", name="Consultations").click()
    page.get_by_role("link", name="Have your say on the draft").click()
    page.get_by_role("link", name="Comment on this action").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Train women mediators")
    page.get_by_label("Your comment").fill("Pay the mediators in rural counties.")
    page.get_by_role("button", name="Publish my comment").click()
    expect(page.locator(".comment")).to_contain_text("Anonymous participant")
    expect(page.locator(".comment")).to_contain_text("Pay the mediators in rural counties.")

    sign_in_as(page, live_server, coordinator)
    page.goto(live_server.url + consultation.get_absolute_url())
    page.get_by_role("link", name="Answer this comment").click()
    page.get_by_label("Partly accepted").check()
    page.get_by_label("Where it went in the plan, or why not").fill("Paid in two counties first.")
    page.get_by_role("button", name="Save the answer").click()

    sign_in_as(page, live_server, None)
    page.goto(live_server.url + consultation.get_absolute_url())
    expect(page.locator(".answer")).to_contain_text("We did: Partly accepted")
    expect(page.locator("#unanswered")).to_have_text("0")
    assert csp_violations == []
