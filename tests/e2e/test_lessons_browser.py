"""A Ugandan ministry's reporter shares a lesson on the ministry's behalf, linked to an
action of Uganda's plan and to its review in the library; visitors see nothing of it, not
even in the search, until a moderator publishes it; then a visitor finds it through the
site search and sees it as "tried elsewhere" on Uganda's plan structure and on Kenya's
plan, which shares its pillar. The CSP reports nothing."""

import pytest
from playwright.sync_api import expect

from naptrack.registry.models import Country, Pillar
from tests.e2e.test_reporting_cycle_browser import sign_in_as
from tests.factories.accounts import AgencyFactory
from tests.factories.library import DocumentFactory
from tests.factories.people import moderator, reporter_for
from tests.factories.plans import ActionFactory, ObjectiveFactory, PlanPillarFactory
from tests.factories.registry import ActionPlanFactory

pytestmark = pytest.mark.e2e
TITLE = "Women mediators in district peace committees"
# The visitor searches for "disputes", a word of the lesson's result only.
RESULT = "Peace committees in four districts now seat women mediators, who settled land disputes."


def _plan_on_participation(iso3: str, title: str, action: str):
    """A published plan whose structure has a participation pillar and one action."""
    plan = ActionPlanFactory(
        country=Country.objects.get(iso3=iso3), generation=9, title=title, period_end=2030
    )
    pillar = PlanPillarFactory(
        plan=plan, name="Participation", pillar=Pillar.objects.get(code="participation")
    )
    objective = ObjectiveFactory(pillar=pillar, code="1", title="Women in peace processes")
    return plan, ActionFactory(objective=objective, code="1.1", title=action)


def _search(page, url: str, words: str) -> None:
    page.goto(f"{url}/search/")
    page.get_by_label("Words to find").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()


def test_share_moderate_search_and_tried_elsewhere(page, live_server, csp_violations):
    uganda_plan, action = _plan_on_participation(
        "UGA", "Uganda NAP (lessons journey)", "Train women mediators in the districts"
    )
    kenya_plan, _ = _plan_on_participation("KEN", "Kenya NAP (lessons journey)", "Fund networks")
    review = DocumentFactory(plan=uganda_plan, title="Uganda NAP mid-term review (journey)")
    ministry = AgencyFactory(name="Ministry of Gender (journey)", country=uganda_plan.country)
    url = live_server.url

    # The ministry's reporter shares the lesson through the form.
    sign_in_as(page, live_server, reporter_for(ministry))
    page.goto(f"{url}/lessons/")
    page.get_by_role("link", name="Share a lesson").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("What was tried, where and by whom").fill(
        "The ministry trained women from district peace committees in Gulu and Kitgum "
        "as mediators, with a local women's network."
    )
    page.get_by_label("Result").fill(RESULT)
    page.get_by_label("Evidence").fill("https://www.mglsd.go.ug/lessons-journey")
    page.get_by_label("Shared on behalf of").select_option(label=ministry.name)
    page.get_by_role("checkbox", name="Women's participation").check()
    page.get_by_label("Pillars").select_option(label="Participation")
    page.get_by_label("Countries").select_option(label="Uganda")
    page.get_by_label("Plans:", exact=True).select_option(label="Uganda NAP (lessons journey)")
    page.get_by_label("Plan actions").select_option(label=str(action))
    page.get_by_label("Library documents").select_option(label=review.title)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".state")).to_contain_text("Waiting for moderation")
    lesson_url = page.url

    # While it waits, a visitor finds it nowhere.
    sign_in_as(page, live_server, None)
    assert page.goto(lesson_url).status == 404
    page.goto(f"{url}/lessons/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    _search(page, url, "disputes")
    expect(page.get_by_role("heading", name="0 results")).to_be_visible()
    page.goto(f"{url}{uganda_plan.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Tried elsewhere")).to_have_count(0)

    # A moderator publishes it from the queue.
    sign_in_as(page, live_server, moderator())
    page.goto(f"{url}/lessons/moderation/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    # A visitor finds it through the site search, a word of its result away.
    sign_in_as(page, live_server, None)
    _search(page, url, "disputes")
    hit = page.locator(".hit", has=page.get_by_role("link", name=TITLE))
    expect(hit).to_contain_text("Lesson")
    hit.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".facts")).to_contain_text(review.title)
    expect(page.locator(".facts")).to_contain_text(f"({ministry.name})")

    # From the lesson to the action of Uganda's plan, where it is "tried elsewhere".
    page.get_by_role("link", name=str(action)).click()
    tried = page.get_by_role("region", name="Tried elsewhere")
    expect(tried.get_by_role("link", name=TITLE)).to_be_visible()
    expect(tried).to_contain_text("(Uganda)")

    # Kenya's plan shares the participation pillar: its readers see Uganda's lesson too.
    page.goto(f"{url}{kenya_plan.get_absolute_url()}")
    page.get_by_role("region", name="Tried elsewhere").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    # The waiting lesson answered 404 to the visitor, as it must; nothing else may fail.
    assert [e for e in csp_violations if "status of 404" not in e] == []
