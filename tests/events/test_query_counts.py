"""The calendar's lists run as many queries for 3 events and deadlines as for 1."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from naptrack.accounts.choices import OrganizationKind
from naptrack.registry.models import RegionalOrganization
from tests.api.conftest import ApiClient
from tests.events.conftest import submit
from tests.factories.accounts import OrganizationFactory
from tests.factories.registry import ActionPlanFactory
from tests.factories.reporting import ReportingCycleFactory

pytestmark = pytest.mark.django_db
WINDOW = {"from": "2026-01-01", "to": "2026-12-31"}


def _calendar(moderator, kenya, size: int) -> None:
    body = RegionalOrganization.objects.first()
    for n in range(size):
        plan = ActionPlanFactory(country=kenya, period_start=2024, period_end=2026)
        ReportingCycleFactory(
            plan=plan,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 3, 31),
            due_date=datetime.date(2026, 5, 1 + n),
        )
        submit(
            moderator,
            title=f"Counted event {n}",
            countries=[kenya],
            regional_organizations=[body],
            plans=[plan],
            organizer=OrganizationFactory(kind=OrganizationKind.CSO, name=f"Org {n}"),
            organizer_name="",
        )


def _queries(fetch) -> int:
    with CaptureQueriesContext(connection) as context:
        response = fetch()
    assert response.status_code == 200
    assert "Counted event 0" in response.content.decode()
    return len(context.captured_queries)


PAGES = {
    "list": lambda client: client.get(reverse("events:list"), {**WINDOW, "country": "KEN"}),
    "month": lambda client: client.get(reverse("events:month"), {"month": "2026-03"}),
    "feed": lambda client: client.get(reverse("events:feed"), {**WINDOW, "country": "KEN"}),
    "api events": lambda client: ApiClient().get("events", country="KEN", **WINDOW),
    "api calendar": lambda client: ApiClient().get("calendar", country="KEN", **WINDOW),
}


@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_entries(client, moderator, kenya, name):
    _calendar(moderator, kenya, 1)
    one = _queries(lambda: PAGES[name](client))
    _calendar(moderator, kenya, 2)
    three = _queries(lambda: PAGES[name](client))
    assert one == three
