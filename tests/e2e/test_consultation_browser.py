"""On a phone's screen, a visitor without an account finds the consultation on a draft
plan from the plan's page, comments on an action with plain forms, and the coordinator
answers the comment; the public then reads "you said, we did". The CSP reports nothing."""

import datetime

import pytest
from playwright.sync_api import expect

from naptrack.accounts.choices import Role
from naptrack.consultations import services
from naptrack.registry.models import Country
from tests.e2e.test_reporting_cycle_browser import sign_in_as
from tests.factories.people import person
from tests.factories.plans import ActionFactory, ObjectiveFactory, PlanPillarFactory
from tests.factories.registry import ActionPlanFactory

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


def test_open_comment_import_answer_and_publish_the_report(
    page, live_server, csp_violations, tmp_path
):
    """The whole journey of issue 12: the coordinator opens the consultation and names a
    facilitator; a visitor comments on a phone; the facilitator imports a KoboToolbox-like
    CSV of paper forms; the coordinator answers both inputs, closes and publishes; the
    public reads the report, with its PDF."""
    kenya = Country.objects.get(iso3="KEN")
    coordinator = person(Role.COORDINATOR, totp=True, country=kenya)
    facilitator = person()
    consultation = _open_consultation(coordinator)
    # Back to "being prepared", so the coordinator opens it on the page.
    draft = services.consultation_create(
        actor=coordinator,
        plan=consultation.plan,
        title="Tell us about the draft",
        opens_on=consultation.opens_on,
        closes_on=consultation.closes_on,
        languages=["en", "sw"],
    )
    url = live_server.url

    sign_in_as(page, live_server, coordinator)
    page.goto(url + draft.get_absolute_url())
    page.get_by_role("button", name="Open for input").click()
    expect(page.locator("#consultation-state")).to_have_text("Open for input")
    page.get_by_role("link", name="Facilitators").click()
    page.get_by_label("Email of the facilitator's account").fill(facilitator.email)
    page.get_by_role("button", name="Name as facilitator").click()
    expect(page.locator("#facilitators")).to_contain_text(facilitator.email)

    sign_in_as(page, live_server, None)
    page.set_viewport_size(PHONE)
    page.goto(url + draft.get_absolute_url())
    page.get_by_role("link", name="Comment on this action").click()
    page.get_by_label("Your comment").fill("Mediators need bus fares.")
    page.get_by_role("button", name="Publish my comment").click()
    expect(page.locator(".comment")).to_contain_text("Mediators need bus fares.")

    forms = tmp_path / "kobo.csv"
    today = datetime.date.today().isoformat()
    forms.write_text(
        "start;group_loc/district;gender;age;part;point\n"
        f"{today}T09:00:00.000+03:00;Turkana;female;24;1.1;Train mediators in Turkana too.\n"
        f"{today}T09:30:00.000+03:00;Turkana;female;63;;Hold meetings after market day.\n"
    )
    sign_in_as(page, live_server, facilitator)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url + draft.get_absolute_url())
    page.get_by_role("link", name="Import a spreadsheet or a KoboToolbox/ODK export").click()
    page.get_by_label("Spreadsheet or KoboToolbox/ODK export (.csv or .xlsx)").set_input_files(
        str(forms)
    )
    mapping = {
        "held_on": "start",
        "district": "group_loc/district",
        "sex": "gender",
        "text": "point",
        "contact_email": "",
        "language": "",
    }
    for field, column in mapping.items():
        page.locator(f'[name="map_{field}"]').fill(column)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#sessions")).to_contain_text("Turkana")

    sign_in_as(page, live_server, coordinator)
    page.goto(url + draft.get_absolute_url())
    for _ in range(3):
        page.get_by_role("link", name="Answer this comment").first.click()
        page.get_by_label("Accepted", exact=True).check()
        page.get_by_label("Where it went in the plan, or why not").fill("Added to action 1.1.")
        page.get_by_label("Action that changed because of it").select_option(
            label="1.1 Train women mediators"
        )
        page.get_by_role("button", name="Save the answer").click()
    page.get_by_role("button", name="Close: no more input").click()
    page.get_by_label("What the input changed").fill("Mediators are paid and trained in Turkana.")
    page.get_by_role("button", name="Publish the answers").click()
    expect(page.locator("#consultation-state")).to_have_text("Closed: answers published")

    sign_in_as(page, live_server, None)
    page.goto(url + draft.get_absolute_url())
    expect(page.locator("#by-place")).to_contain_text("Turkana")
    expect(page.locator("#changed-actions")).to_contain_text("1.1 Train women mediators")
    page.get_by_role("link", name="The full report").click()
    expect(page.locator("#report-inputs")).to_contain_text("Paper or field forms, Turkana")
    pdf = page.request.get(url + f"/consultations/{draft.pk}/you-said-we-did.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert csp_violations == []
