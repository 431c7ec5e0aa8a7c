"""What one search costs the database: a fixed number of queries, whatever it finds, all
of them reads; and what keeping the plan records costs: no plan loaded when they are up
to date."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.library.choices import EntryKind
from naptrack.library.models import SearchEntry
from naptrack.library.search import search
from naptrack.library.services.search_index import (
    search_index_plans_stale,
    search_index_refresh_plans,
)
from naptrack.registry.choices import Origin
from naptrack.registry.models import ActionPlan
from naptrack.registry.services import plan_update
from tests.factories.library import DocumentFactory, SearchEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def query_pages(library_kenya_plan):
    document = DocumentFactory(plan=library_kenya_plan, title="Synthetic query-count text")
    for number in range(30):
        SearchEntryFactory(
            document=document, page_number=number + 1, body="quince talks on quince peace"
        )
    search_index_refresh_plans()  # factories record no change for the receivers to follow
    return document


def queries_of(query: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        results = search(None, query)
    assert results.hits
    return [q["sql"] for q in captured.captured_queries]


# The window, the page of hits (PostgreSQL: one query; SQLite: ranking, entries,
# snippets) and the facets' places. A phrase on PostgreSQL adds a savepoint and the
# planner setting around the window (4).
QUERIES = {"postgresql": 3, "sqlite": 5}
PHRASE_EXTRA = {"postgresql": 4, "sqlite": 0}


@pytest.mark.parametrize("query", ["quince", "quince OR peace", "quin*", "quince -nothing"])
def test_search_costs_a_fixed_number_of_queries(query_pages, query):
    assert len(queries_of(query)) == QUERIES[connection.vendor]


def test_phrase_search_costs_a_fixed_number_of_queries(query_pages):
    expected = QUERIES[connection.vendor] + PHRASE_EXTRA[connection.vendor]
    assert len(queries_of('"quince talks"')) == expected


def test_a_search_only_reads_even_when_plan_records_are_stale(query_pages, library_kenya_plan):
    library_kenya_plan.title = "Synthetic Kenya plan, renamed"
    library_kenya_plan.save()
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in queries_of("quince"))
    assert search_index_plans_stale()


def test_up_to_date_plan_records_cost_one_query_and_no_plan(query_pages, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        assert search_index_refresh_plans() == 0
    assert captured.captured_queries[0]["sql"].startswith("SELECT 1 FROM")


def test_a_recorded_plan_change_refreshes_the_records_once_committed(
    query_pages, library_kenya_plan, kenya_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_update(
            actor=kenya_coordinator, plan=library_kenya_plan, title="Synthetic Kenya, renamed"
        )
    assert search_index_plans_stale()  # not before the writer's transaction commits
    for callback in callbacks:
        callback()
    assert not search_index_plans_stale()
    assert SearchEntry.objects.get(kind=EntryKind.PLAN, plan=library_kenya_plan).title == (
        "Synthetic Kenya, renamed"
    )


def test_a_plan_without_a_record_is_stale_unless_synthetic(query_pages, library_kenya_plan):
    SearchEntry.objects.filter(kind=EntryKind.PLAN, plan=library_kenya_plan).delete()
    assert search_index_plans_stale()
    ActionPlan.objects.filter(pk=library_kenya_plan.pk).update(origin=Origin.SYNTHETIC)
    assert not search_index_plans_stale()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_phrase_search_gives_the_planner_setting_back(query_pages):
    def seqscan() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            return cursor.fetchone()[0]

    before = seqscan()
    assert search(None, '"quince talks"').total == 30
    assert seqscan() == before
