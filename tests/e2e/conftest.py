"""Browser tests: Playwright drives Debian's chromium against Django's live server.

Run with `make test-e2e`. They use transactional databases (the live server runs in
another thread), which are emptied after each test, so each test reloads the reference data.
"""

import os

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("NAPTRACK_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    from naptrack.registry.models import Country

    if not Country.objects.exists():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture
def csp_violations(page):
    """Console errors, which include Content-Security-Policy violations."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
