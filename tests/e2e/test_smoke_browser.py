import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_home_page_renders_without_console_errors(page, live_server, csp_violations):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("action plans")
    assert csp_violations == []
