"""The full-text index beside SearchEntry exists and follows every write to the table."""

import pytest
from django.db import connection

from naptrack.library.models import SearchEntry
from naptrack.library.search import PostgresBackend, SqliteBackend, parse_query
from naptrack.library.tokenizer import words
from tests.factories.library import SearchEntryFactory

pytestmark = pytest.mark.django_db


def index_objects() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'library_search%'")
        else:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'library_searchentry' AND column_name = 'search_vector' "
                "UNION SELECT indexname FROM pg_indexes WHERE indexname LIKE 'library_search%'"
            )
        return {row[0] for row in cursor.fetchall()}


def test_search_index_objects_exist():
    expected = (
        {"library_search_fts", "library_search_ai", "library_search_ad", "library_search_au"}
        if connection.vendor == "sqlite"
        else {"search_vector", "library_searchentry_search_vector"}
    )
    assert expected <= index_objects()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage")
def test_postgresql_keeps_the_vector_in_the_row():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'library_searchentry'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)


def test_postgresql_searches_the_stored_vector_never_one_made_per_query():
    from django.test.utils import CaptureQueriesContext

    from naptrack.library.search import search

    SearchEntryFactory(body="Ondulating harmonies")
    with CaptureQueriesContext(connection) as captured:
        search(None, "ondulating")
    searching = [q["sql"] for q in captured if "ondulating" in q["sql"]]
    assert searching  # counts, ranking and snippets
    assert not any("to_tsvector" in sql for sql in searching)
    if connection.vendor == "postgresql":  # matched once, ranked by primary key
        assert sum('"search_vector" @@' in sql for sql in searching) == 1
        assert any("ts_rank_cd(search_vector" in sql for sql in searching)


def test_search_index_follows_inserts_updates_and_deletes():
    from naptrack.library.search import backend
    from naptrack.library.tokenizer import index_terms

    def matches(word):
        return set(backend().matching(SearchEntry.objects.all(), parse_query(word)))

    entry = SearchEntryFactory(body="Ondulating harmonies")
    assert matches("ondulating") == {entry}
    entry.body = "Crystalline harmonies"
    entry.terms = index_terms(entry.body)
    entry.save()
    assert matches("ondulating") == set() and matches("crystalline") == {entry}
    entry.delete()
    assert matches("crystalline") == set()


def test_words_are_cut_and_folded_like_fts5():
    assert words("L’égalité, ŒUVRE & peace-building: s/2010 x² ﬁnance") == [
        "l",
        "egalite",
        "œuvre",
        "peace",
        "building",
        "s",
        "2010",
        "x2",
        "finance",
    ]


def test_query_parser_reads_phrases_prefixes_or_and_exclusions():
    parsed = parse_query('"Peace talks" secur* women OR femmes -draft')
    assert [[(t.words, t.prefix) for t in group] for group in parsed.groups] == [
        [(("peace", "talks"), False)],
        [(("secur",), True)],
        [(("women",), False), (("femmes",), False)],
    ]
    assert [(t.words, t.prefix) for t in parsed.excluded] == [(("draft",), False)]


def test_query_is_written_in_each_database_syntax_from_words_only():
    parsed = parse_query('"peace talks" secur* a OR b -c col:x NEAR(')
    assert SqliteBackend().match_text(parsed) == (
        '(("peace talks") AND ("secur"*) AND ("a" OR "b") AND ("col x") AND ("near")) NOT "c"'
    )
    assert PostgresBackend().tsquery_text(parsed) == (
        "(('peace' <-> 'talks')) & (('secur':*)) & (('a') | ('b')) & (('col' <-> 'x')) "
        "& (('near')) & !('c')"
    )
