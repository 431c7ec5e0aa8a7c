"""A coordinator builds a structure in a real browser: uploads a workbook, moves a
target through the htmx form, and the public change log shows the shift. Run with
`.venv/bin/pytest -m e2e tests/plans`."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from naptrack.registry.models import Country
from tests.e2e.conftest import (  # noqa: F401 (fixtures)
    browser_type_launch_args,
    csp_violations,
    reference_data,
)
from tests.factories.accounts import AgencyFactory
from tests.factories.registry import ActionPlanFactory
from tests.plans.conftest import build_workbook

pytestmark = pytest.mark.e2e


def test_coordinator_uploads_then_moves_a_target_and_the_public_sees_it(
    page,
    live_server,
    csp_violations,  # noqa: F811 (the fixture imported above)
    tmp_path,
):
    from tests.factories.people import coordinator_of

    kenya = Country.objects.get(iso3="KEN")
    plan = ActionPlanFactory(country=kenya, title="Kenya NAP structure journey")
    for name in ["Ministry of Defence", "Ministry of Gender", "National Police Service"]:
        AgencyFactory(name=name, country=kenya)
    client = Client()
    client.force_login(coordinator_of("KEN"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    workbook = tmp_path / "structure.xlsx"
    workbook.write_bytes(build_workbook())

    page.goto(f"{live_server.url}/plans/{plan.pk}/structure/upload/")
    page.get_by_label("Workbook (.xlsx)").set_input_files(str(workbook))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Saved as version 1")).to_be_visible()

    page.goto(f"{live_server.url}/plans/{plan.pk}/structure/")
    desk = page.locator("article", has_text="Open gender desks")
    desk.get_by_role("link", name="change 2.1.1.a 2025").click()
    desk.get_by_label("Value").fill("25")
    desk.get_by_role("button", name="Save").click()
    expect(desk.get_by_text("2025: 25")).to_be_visible()
    assert page.url.endswith("/structure/")  # swapped in place, no page load

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/plans/{plan.pk}/structure/changes/")
    expect(page.get_by_text("Target for 2.1.1.a 2025 changed 40 → 25")).to_be_visible()
    assert csp_violations == []
