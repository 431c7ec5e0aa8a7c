"""The full-text index beside SearchEntry, in each database's own form.

Installed by migration 0002. On SQLite, Django rebuilds a table to alter it, which drops
its triggers: a later migration that alters SearchEntry must call install() again
(tests/library/test_search_schema.py fails if the triggers are missing)."""

SQLITE = [
    # `terms` is empty except for text with CJK characters, whose words (pairs of
    # characters) Python cuts (search.index_terms); snippets come from `body`, column 0.
    """CREATE VIRTUAL TABLE IF NOT EXISTS library_search_fts USING fts5(
        body, terms, content='library_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')""",
    """CREATE TRIGGER IF NOT EXISTS library_search_ai AFTER INSERT ON library_searchentry BEGIN
        INSERT INTO library_search_fts(rowid, body, terms) VALUES (new.id, new.body, new.terms);
    END""",
    """CREATE TRIGGER IF NOT EXISTS library_search_ad AFTER DELETE ON library_searchentry BEGIN
        INSERT INTO library_search_fts(library_search_fts, rowid, body, terms)
        VALUES ('delete', old.id, old.body, old.terms);
    END""",
    """CREATE TRIGGER IF NOT EXISTS library_search_au AFTER UPDATE ON library_searchentry BEGIN
        INSERT INTO library_search_fts(library_search_fts, rowid, body, terms)
        VALUES ('delete', old.id, old.body, old.terms);
        INSERT INTO library_search_fts(rowid, body, terms) VALUES (new.id, new.body, new.terms);
    END""",
    "INSERT INTO library_search_fts(library_search_fts) VALUES ('rebuild')",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS library_search_ai",
    "DROP TRIGGER IF EXISTS library_search_ad",
    "DROP TRIGGER IF EXISTS library_search_au",
    "DROP TABLE IF EXISTS library_search_fts",
]

# The tsvector stays in the table's row (storage MAIN): `body` and `terms` move out of
# line first when a row outgrows 2 kB. Stored out of line too (the default once a page's
# text fills the row), each vector costs a TOAST lookup whenever a query tests or ranks
# it, and a broad query tests most of the table: 5 times slower on 20,000 pages
# (docs/benchmarks.md). Rewriting `terms` regenerates the vector of rows already there.
POSTGRESQL_VECTOR_INLINE = [
    "ALTER TABLE library_searchentry ALTER COLUMN search_vector SET STORAGE MAIN",
]
POSTGRESQL_VECTOR_REWRITE = ["UPDATE library_searchentry SET terms = terms"]
POSTGRESQL_VECTOR_OUT_OF_LINE = [
    "ALTER TABLE library_searchentry ALTER COLUMN search_vector SET STORAGE EXTENDED",
]

# `terms` holds words already lower-cased and stripped of accents by Python (search.py);
# unaccent in the configuration is for ts_headline, which reads the original `body`.
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS naptrack_search CASCADE",
    "CREATE TEXT SEARCH CONFIGURATION naptrack_search (COPY = simple)",
    """ALTER TEXT SEARCH CONFIGURATION naptrack_search
        ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart
        WITH unaccent, simple""",
    """ALTER TABLE library_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('naptrack_search'::regconfig, terms)) STORED""",
    """CREATE INDEX IF NOT EXISTS library_searchentry_search_vector
        ON library_searchentry USING gin (search_vector)""",
    *POSTGRESQL_VECTOR_INLINE,
]
POSTGRESQL_REMOVE = [
    "ALTER TABLE library_searchentry DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS naptrack_search",
]


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRESQL)


def remove(connection) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_REMOVE)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRESQL_REMOVE)


def reindex_words(connection, entries) -> None:
    """Migration 0008: words are cut anew (CJK pairs, Arabic folded; Cyrillic and Greek
    keep their marks). SQLite gets the two-column index; every entry's `terms` is written again."""
    from naptrack.library.tokenizer import needs_own_words, words

    if connection.vendor == "sqlite":
        _run(connection, SQLITE_REMOVE)
    batch = []
    for entry in entries.only("id", "body").iterator(chunk_size=500):
        if connection.vendor == "postgresql" or needs_own_words(entry.body):
            entry.terms = " ".join(words(entry.body))
            batch.append(entry)
        if len(batch) >= 500:
            entries.model.objects.bulk_update(batch, ["terms"])
            batch = []
    entries.model.objects.bulk_update(batch, ["terms"])
    if connection.vendor == "sqlite":
        _run(connection, SQLITE)


def keep_vectors_inline(connection) -> None:
    """Migration 0005, for databases made before install() set the storage itself."""
    if connection.vendor == "postgresql":
        _run(connection, POSTGRESQL_VECTOR_INLINE + POSTGRESQL_VECTOR_REWRITE)


def let_vectors_out_of_line(connection) -> None:
    if connection.vendor == "postgresql":
        _run(connection, POSTGRESQL_VECTOR_OUT_OF_LINE)
