"""Every string of the reporting pages goes through gettext: crawled in the pseudo-locale,
their <main> holds nothing but wrapped strings and data."""

# The reporting tests' fixtures are imported by name, which pytest finds and ruff sees as
# redefined when a test asks for them.
# ruff: noqa: F811

import pytest
from django.urls import reverse

from tests.i18n.marked import unmarked_pages
from tests.reporting import outputs_fixtures
from tests.reporting.conftest import (  # noqa: F401
    agency_a,
    agency_b,
    reporter_a,
    reporter_b,
    reporting_cycle,
    reporting_plan,
    reporting_structure,
    update_a,
    update_b,
)

# Stored inside the report's snapshot (JSON), where database_vocabulary() does not look.
NARRATIVES = ["Trained 20 women mediators.", "Desks opened in 40% of stations."]


@pytest.fixture
def published_report(request):
    return outputs_fixtures.published_report(request)


def test_coordinator_pages_are_all_marked(
    client, published_report, kenya_coordinator, reporting_plan, update_a
):
    client.force_login(kenya_coordinator)
    cycle = published_report.cycle
    urls = [
        reverse("reporting:plan", args=[reporting_plan.pk]),
        reverse("reporting:cycle", args=[reporting_plan.pk, cycle.pk]),
        reverse("reporting:reports", args=[reporting_plan.pk]),
        reverse("reporting:report", args=[reporting_plan.pk, cycle.pk, 1]),
        reverse("reporting:update", args=[update_a.pk]),
        reverse("reporting:review", args=[reporting_plan.pk, cycle.pk, update_a.pk]),
        reverse("reporting_outputs:standard", args=[reporting_plan.pk, cycle.pk, 1]),
        reverse("reporting_outputs:dashboard", args=[reporting_plan.pk]),
        reverse("reporting_outputs:compilation_index"),
        reverse("reporting_outputs:compilation", args=[2025]),
    ]
    assert unmarked_pages(client, urls, data=NARRATIVES) == {}


def test_reporter_pages_are_all_marked(client, published_report, reporter_a):
    client.force_login(reporter_a)
    assert unmarked_pages(client, [reverse("reporting:mine")], data=NARRATIVES) == {}
