"""In a real browser: a member of the signing ministry answers a checklist item for a
contract, with a link as evidence; a CSO member challenges the answer under a
pseudonym; a moderator publishes the challenge; a visitor finds the contract through
the register's filters and reads the answer and the challenge, under the pseudonym
only. The CSP reports nothing."""

import pytest
from playwright.sync_api import expect

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.contractors.models import ChecklistItem, ChecklistVersion
from naptrack.contractors.seed import checklist_v1_ensure
from naptrack.registry.models import Country
from tests.factories.accounts import AgencyFactory, OrganizationFactory
from tests.factories.contractors import ContractFactory, ContractorFactory
from tests.factories.people import PASSWORD, fresh_totp_code, person

pytestmark = pytest.mark.e2e

CSO_NAME = "Dadaab Women Monitors (browser)"
PSEUDONYM = "Camp Watchers"


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


def test_authority_answers_cso_challenges_moderator_publishes_public_sees(
    page, live_server, csp_violations
):
    checklist_v1_ensure(ChecklistVersion, ChecklistItem)  # emptied by earlier browser tests
    kenya = Country.objects.get(iso3="KEN")
    defence = AgencyFactory(name="Ministry of Defence (browser)", country=kenya)
    contract = ContractFactory(
        contractor=ContractorFactory(name="Savanna Guarding (synthetic test company)"),
        authority_body=defence,
        title="Refugee camp perimeter guarding (test)",
    )
    ministry_member = person(Role.AGENCY_REPORTER, organization=defence)
    cso = OrganizationFactory(name=CSO_NAME, kind=OrganizationKind.CSO, country=kenya)
    cso_member = person(Role.CSO_MEMBER, organization=cso)
    moderator = person(Role.MODERATOR, totp=True)

    # The authority answers "staff vetting" with a link.
    _sign_in(page, live_server, ministry_member)
    page.goto(live_server.url + contract.get_absolute_url())
    vetting = page.locator("form.answer-form").filter(has_text="Staff are vetted")
    vetting.get_by_label("Yes").check()
    vetting.get_by_label("Explanation").fill("Clause 14 requires vetting before deployment.")
    vetting.get_by_role("button").click()
    expect(page.get_by_text("Answer saved.")).to_be_visible()
    answer = page.locator("article.answer").filter(has_text="Staff are vetted")
    answer.get_by_label("Evidence: what it shows").fill("Contract clause 14")
    answer.get_by_label("Link").fill("https://example.org/contract-clause-14")
    answer.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_text("Evidence added.")).to_be_visible()

    # Civil society challenges it under a pseudonym.
    _sign_in(page, live_server, cso_member)
    page.goto(live_server.url + contract.get_absolute_url())
    answer = page.locator("article.answer").filter(has_text="Staff are vetted")
    answer.get_by_text("Challenge this answer").click()
    answer.get_by_label("No", exact=True).check()
    answer.get_by_label("Why").fill("Guards hired in March were deployed without vetting.")
    answer.get_by_label("Under a pseudonym").check()
    answer.get_by_label("Pseudonym", exact=True).fill(PSEUDONYM)
    answer.get_by_label("What the evidence shows").fill("Published testimony")
    answer.get_by_label("Evidence link").fill("https://example.org/testimony")
    answer.get_by_role("button", name="Send the challenge for moderation").click()
    expect(page.get_by_text("the moderators will read it")).to_be_visible()

    # Nothing public yet.
    page.context.clear_cookies()
    page.goto(live_server.url + contract.get_absolute_url())
    expect(page.get_by_text("deployed without vetting")).to_have_count(0)

    # A moderator publishes.
    _sign_in(page, live_server, moderator, totp=True)
    page.goto(live_server.url + "/contractors/moderation/")
    expect(page.get_by_text(CSO_NAME)).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Nothing awaits moderation.")).to_be_visible()

    # The public finds it with the filters and sees the pseudonym, never the CSO.
    page.context.clear_cookies()
    page.goto(live_server.url + "/contractors/")
    page.get_by_label("Checklist item").select_option("staff_vetting")
    page.get_by_label("Answer to the item").select_option("yes")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Refugee camp perimeter guarding (test)").click()
    expect(page.get_by_text(f"Challenged by {PSEUDONYM}: the answer should be No.")).to_be_visible()
    expect(page.get_by_text("deployed without vetting")).to_be_visible()
    expect(page.get_by_role("link", name="Contract clause 14")).to_be_visible()
    assert CSO_NAME not in page.content()
    assert csp_violations == []
