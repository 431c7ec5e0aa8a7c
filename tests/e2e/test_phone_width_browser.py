"""Issue #14, "Rough edges": no page scrolls sideways on a 360 px phone, in English and in
Arabic. One Kenyan plan carries a structure, a published official report, a published
shadow report and a report card, so every page has its wide parts (tables, long titles)
filled; the reporter's pages are seen signed in. The English run also refreshes the
desktop and phone screenshots in docs/screenshots/."""

import datetime

import pytest
from django.test import Client

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.registry.models import Country
from naptrack.reporting import services as reporting
from naptrack.shadow_reports import services as shadow
from tests.e2e.layout import DESKTOP, PHONE, overflow, save_screenshot
from tests.factories.accounts import AgencyFactory, OrganizationFactory
from tests.factories.people import person
from tests.factories.plans import (
    ActionFactory,
    ObjectiveFactory,
    PlanPillarFactory,
    ResponsibilityFactory,
)
from tests.factories.registry import ActionPlanFactory
from tests.factories.shadow_reports import ShadowReportFactory

pytestmark = pytest.mark.e2e

# Long unbroken words are what push a phone page sideways; the data carry some.
LONG_TITLE = "Kenya plan (phone-width test) https://www.example.org/a-very-long-unbroken-address"


def _kenya_plan_with_reports():
    kenya = Country.objects.get(iso3="KEN")
    coordinator = person(Role.COORDINATOR, totp=True, country=kenya)
    plan = ActionPlanFactory(country=kenya, title=LONG_TITLE, period_start=2025)
    defence = AgencyFactory(name="Ministry of Defence (phone test)", country=kenya)
    objective = ObjectiveFactory(pillar=PlanPillarFactory(plan=plan, name="Participation"))
    action = ActionFactory(
        objective=objective, code="1.1", title="Train women mediators in every county"
    )
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
    report = reporting.report_publish(actor=coordinator, report=report)

    coalition = OrganizationFactory(
        name="Kenya 1325 Coalition (phone test)", kind=OrganizationKind.COALITION, country=kenya
    )
    member = person(Role.CSO_MEMBER, organization=coalition)
    draft = ShadowReportFactory(
        plan=plan, author=coalition, cycle=cycle, period_start=None, period_end=None
    )
    shadow_report = shadow.shadow_report_publish(
        actor=member, report=shadow.shadow_report_submit(actor=member, report=draft)
    )
    return plan, cycle, shadow_report, reporter


def _pages(plan, cycle, shadow_report) -> list[tuple[str, str, bool]]:
    """(name, path, needs the reporter signed in)."""
    return [
        ("home", "/", False),
        ("plans", "/plans/", False),
        ("plan", f"/plans/{plan.pk}/", False),
        ("structure", f"/plans/{plan.pk}/structure/", False),
        ("side-by-side", f"/plans/{plan.pk}/side-by-side/", False),
        ("analysis", "/analysis/", False),
        ("country", "/countries/KEN/", False),
        ("report", f"/plans/{plan.pk}/reports/{cycle.pk}/", False),
        ("dashboard", f"/plans/{plan.pk}/dashboard/", False),
        ("shadow-report", shadow_report.get_absolute_url(), False),
        ("report-card", f"/plans/{plan.pk}/report-card/", False),
        ("library", "/library/", False),
        ("calendar", "/calendar/", False),
        ("consultations", "/consultations/", False),
        ("twinning", "/twinning/", False),
        ("contractors", "/contractors/", False),
        ("my-reporting", "/reporting/", True),
    ]


def _sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _in_language(path: str, language: str) -> str:
    return path if language == "en" else f"/{language}{path}"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, language):
    plan, cycle, shadow_report, reporter = _kenya_plan_with_reports()
    context = browser.new_context(viewport=PHONE, locale=language)
    page = context.new_page()
    overflowing = {}
    signed_in = False
    for name, path, needs_reporter in _pages(plan, cycle, shadow_report):
        if needs_reporter and not signed_in:
            _sign_in(context, live_server, reporter)
            signed_in = True
        response = page.goto(live_server.url + _in_language(path, language))
        assert response.status == 200, f"{name}: {response.status}"
        assert page.evaluate("document.documentElement.lang") == language
        if wide := overflow(page):
            overflowing[name] = wide
        if language == "en":
            save_screenshot(page, f"phone/{name}.png")
    context.close()
    report = "\n".join(f"{name}: {', '.join(wide)}" for name, wide in overflowing.items())
    assert overflowing == {}, report


MAIN_PAGES = ["home", "plans", "plan", "structure", "country", "report", "analysis"]


def test_desktop_screenshots_of_the_main_pages(browser, live_server):
    """Desktop counterparts of the phone screenshots; the desktop must not overflow either."""
    plan, cycle, shadow_report, _ = _kenya_plan_with_reports()
    context = browser.new_context(viewport=DESKTOP, locale="en")
    page = context.new_page()
    for name, path, _signed in _pages(plan, cycle, shadow_report):
        if name not in MAIN_PAGES:
            continue
        page.goto(live_server.url + path)
        assert overflow(page) == [], name
        save_screenshot(page, f"desktop/{name}.png")
    context.close()
