"""The interactive API docs render from vendored files under the strict CSP, offline."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_api_docs_render_and_try_a_request_without_csp_violations(
    page, live_server, csp_violations
):
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            request.url.startswith(live_server.url)
            or request.url.startswith("data:")
            or outside.append(request.url)
        ),
    )
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("NAPtrack API")

    path = page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/v1/pillars$"))
    operation = page.locator(".opblock").filter(has=path)
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".responses-wrapper .live-responses-table")).to_contain_text(
        "participation"
    )
    assert csp_violations == []
    assert outside == []
