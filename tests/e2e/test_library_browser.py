"""The library in a real browser: a coordinator uploads a PDF, watches the reading
progress update itself (htmx polling, within the CSP), then a visitor finds the text."""

import pytest
from playwright.sync_api import expect

from naptrack.library.models import Document
from naptrack.library.services.ingestion import document_ingest
from naptrack.registry.models import Country
from tests.factories.people import PASSWORD, coordinator_of, fresh_totp_code
from tests.factories.registry import ActionPlanFactory
from tests.library.builders import text_pdf

pytestmark = pytest.mark.e2e


def test_upload_shows_progress_then_the_text_is_searchable(
    page, live_server, csp_violations, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # Uploads wait in the database queue, as in production; the test plays the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    plan = ActionPlanFactory(country=Country.objects.get(iso3="KEN"), title="Kenya browser plan")
    user = coordinator_of("KEN")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(fresh_totp_code(user))
    page.get_by_role("button", name="Sign In").click()

    page.goto(f"{live_server.url}/plans/{plan.pk}/documents/upload/")
    page.get_by_label("Title").fill("Kenya plan text (synthetic)")
    page.get_by_role("combobox", name="Language").select_option("en")
    page.get_by_label("File").set_input_files(
        files=[{"name": "plan.pdf", "mimeType": "application/pdf",
                "buffer": text_pdf(["Zephyrine sécurité councils", "Second page"])}]
    )  # fmt: skip
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("waiting for a worker")).to_be_visible()

    document_ingest(document_id=Document.objects.get().pk)
    # No reload from the test: the status fragment polls and reloads the page itself.
    expect(page.get_by_text("2 pages read.")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("link", name="Page 2")).to_be_visible()

    page.context.clear_cookies()
    page.goto(live_server.url + "/search/?q=securite")
    expect(page.locator(".snippet mark")).to_have_text("sécurité")
    page.get_by_role("link", name="Kenya plan text (synthetic)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Page 1")
    assert csp_violations == []
