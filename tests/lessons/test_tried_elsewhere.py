"""'Tried elsewhere': the plan page and its structure page show published lessons linked
to the plan or from other countries on its pillars, in a flat number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.lessons import services
from naptrack.registry.models import Country
from tests.factories.people import person
from tests.factories.registry import ActionPlanFactory
from tests.lessons.test_lessons import submit
from tests.lessons.test_links import action_of


@pytest.fixture
def kenya_action(kenya):
    return action_of(ActionPlanFactory(country=kenya))


def published(moderator, title, **links):
    lesson = submit(person(), title=title, **links)
    return services.lesson_publish(actor=moderator, lesson=lesson)


def pages(action):
    return [f"/plans/{action.plan_id}/", f"/plans/{action.plan_id}/structure/"]


def test_plan_pages_show_linked_and_other_countries_lessons(client, moderator, kenya_action, kenya):
    pillar = kenya_action.objective.pillar.pillar
    uganda = Country.objects.get(iso3="UGA")
    published(moderator, "Linked quota lesson", actions=[kenya_action])
    published(moderator, "Uganda pillar lesson", pillars=[pillar], countries=[uganda])
    published(moderator, "Kenya own pillar lesson", pillars=[pillar], countries=[kenya])
    submit(person(), title="Unmoderated pillar lesson", pillars=[pillar], countries=[uganda])
    for url in pages(kenya_action):
        page = client.get(url).content.decode()
        assert "Tried elsewhere" in page
        assert "Linked quota lesson" in page
        assert "Uganda pillar lesson" in page
        assert "Kenya own pillar lesson" not in page
        assert "Unmoderated pillar lesson" not in page


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_tried_elsewhere_query_count_is_flat(client, moderator, kenya_action):
    uganda = Country.objects.get(iso3="UGA")
    published(moderator, "Lesson 1", actions=[kenya_action], countries=[uganda])
    one = [count_queries(client, url) for url in pages(kenya_action)]
    for n in (2, 3):
        published(moderator, f"Lesson {n}", actions=[kenya_action], countries=[uganda])
    three = [count_queries(client, url) for url in pages(kenya_action)]
    assert one == three
