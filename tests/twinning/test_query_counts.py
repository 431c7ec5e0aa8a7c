"""Twinning's and lessons' lists run as many queries for 3 items as for 1."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.lessons import services as lesson_services
from naptrack.registry.models import Country
from naptrack.twinning import services
from tests.api.conftest import ApiClient
from tests.factories.registry import ActionPlanFactory
from tests.factories.twinning import ExchangeFactory
from tests.twinning.conftest import propose

pytestmark = pytest.mark.django_db


def _partnerships(kenya_coordinator, uganda_coordinator, kenya, size):
    uganda = Country.objects.get(iso3="UGA")
    for n in range(size):
        partnership = propose(kenya_coordinator, [kenya, uganda], title=f"Counted partnership {n}")
        ExchangeFactory(partnership=partnership)
        services.partnership_agree(actor=uganda_coordinator, partnership=partnership)


def _lessons(moderator, kenya, size):
    for n in range(size):
        lesson = lesson_services.lesson_submit(
            actor=moderator,
            title=f"Counted lesson {n}",
            summary="Tried",
            result="Worked",
            evidence_url="https://www.un.org/counted",
            countries=[kenya],
            plans=[ActionPlanFactory(country=kenya)],
        )
        lesson_services.lesson_publish(actor=moderator, lesson=lesson)


def _queries(fetch) -> int:
    with CaptureQueriesContext(connection) as context:
        response = fetch()
    assert response.status_code == 200
    assert "Counted " in response.content.decode()
    return len(context.captured_queries)


LISTS = {
    "page partnerships": lambda client: client.get("/twinning/", {"country": "KEN"}),
    "api partnerships": lambda client: ApiClient().get("partnerships", country="KEN"),
    "page lessons": lambda client: client.get("/lessons/", {"country": "KEN"}),
    "api lessons": lambda client: ApiClient().get("lessons", country="KEN"),
}


@pytest.mark.parametrize("name", LISTS)
def test_query_count_does_not_grow_with_items(
    client, kenya_coordinator, uganda_coordinator, moderator, kenya, name
):
    fetch = LISTS[name]
    _partnerships(kenya_coordinator, uganda_coordinator, kenya, 1)
    _lessons(moderator, kenya, 1)
    one = _queries(lambda: fetch(client))
    _partnerships(kenya_coordinator, uganda_coordinator, kenya, 2)
    _lessons(moderator, kenya, 2)
    assert _queries(lambda: fetch(client)) == one
