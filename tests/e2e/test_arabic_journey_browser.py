"""An Arabic-speaking visitor's journey: the browser asks for Arabic, the site answers
under /ar/ with `<html lang="ar" dir="rtl">`, and every page on the way lays out right to
left without scrolling sideways. Screenshots land in docs/screenshots/ar/.

Translators fill the catalogues in parallel, so nothing here reads translated text: only
addresses, attributes and computed layout."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.layout import DESKTOP, overflow, save_screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def arabic_page(browser):
    context = browser.new_context(locale="ar", viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


def check_arabic_page(page, name: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    assert overflow(page) == [], f"{name} scrolls sideways"
    save_screenshot(page, f"ar/{name}.png")


def follow(page, selector: str, url_pattern: str) -> None:
    """Click the first link matching the selector, as a visitor would."""
    page.locator(selector).first.click()
    expect(page).to_have_url(re.compile(url_pattern))


def test_arabic_visitor_reads_the_site_right_to_left(arabic_page, live_server, csp_violations):
    page = arabic_page
    # The browser's Accept-Language alone sends a first visit to the Arabic pages.
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/ar/$"))
    check_arabic_page(page, "home")

    follow(page, 'nav a[href="/ar/plans/"]', r"/ar/plans/$")
    check_arabic_page(page, "plans")

    # A country's plan (a regional organization's has no country page).
    country_row = '#results tr:has(a[href^="/ar/countries/"])'
    follow(page, f'{country_row} a[href^="/ar/plans/"]', r"/ar/plans/\d+/$")
    check_arabic_page(page, "plan")

    follow(page, 'main a[href^="/ar/countries/"]', r"/ar/countries/[A-Z]{3}/$")
    check_arabic_page(page, "country")

    for name, path in [
        ("analysis", "/ar/analysis/"),
        ("library", "/ar/library/"),
        ("calendar", "/ar/calendar/"),
        ("consultations", "/ar/consultations/"),
        ("twinning", "/ar/twinning/"),
        ("contractors", "/ar/contractors/"),
    ]:
        link = page.locator(f'a[href="{path}"]')
        if link.count():
            follow(page, f'a[href="{path}"]', re.escape(path) + "$")
        else:  # not every page is in the main menu
            page.goto(live_server.url + path)
        check_arabic_page(page, name)
    assert csp_violations == []
