"""One search over document pages and plan records, with one contract on both databases.

SQLite uses an FTS5 table (tokenizer unicode61, diacritics removed); PostgreSQL uses a
tsvector column built from `SearchEntry.terms`, which Python fills with words cut and
folded exactly as FTS5 cuts and folds them (tokenizer.py). The user's query is parsed
here, once, into terms and phrases, then written in each database's own syntax: the same
query finds the same entries on both, and no user input ever reaches either query
language unparsed. A search only reads: the writes keep the index (services/search_index.py).

A search counts and ranks a window of matches: all of them, or past COUNT_LIMIT the
newest COUNT_LIMIT the user may find, and then says so (SearchResults.capped).

Snippets come from the database (FTS5 snippet(), PostgreSQL ts_headline()); hits are
wrapped in two private-use characters that extraction removes from every document,
then the snippet is HTML-escaped and only those marks become <mark> elements.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naptrack.lessons.choices import LessonState
from naptrack.library import languages
from naptrack.library.choices import READABLE, DocumentKind, EntryKind
from naptrack.library.extraction import LESS_THAN, MARK_END, MARK_START
from naptrack.library.models import Document, SearchEntry, public_report_q
from naptrack.library.tokenizer import is_cjk, words
from naptrack.registry.models import ActionPlan, Country, Pillar, Region
from naptrack.registry.selectors import plans_visible_to

FTS_TABLE = "library_search_fts"
PG_CONFIG = "naptrack_search"
SNIPPET_TOKENS = 24
PAGE_SIZE = 20
# Past this many matches the total reads "more than COUNT_LIMIT", and the facet counts
# and the ranking cover the COUNT_LIMIT newest matches (highest ids) only, on both
# databases. Counting and ranking cost grows with every match (ranking reads each
# match's words), and a broad word matches most of a corpus.
COUNT_LIMIT = 1000
RECORD = "record"  # the document_type of plan records
ACTION_RECORD = "action"  # the document_type of action records
LESSON_RECORD = "lesson"  # the document_type of lessons (naptrack.lessons.indexing)
QUERY_PART = re.compile(r'(-?)"([^"]*)"?(\*?)|(\bOR\b)|(-?)([^\s"]+)')


# Query parsing -------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[tuple[Term, ...], ...] = ()  # all groups must match; any term of a group
    excluded: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups)


def parse_query(query: str) -> ParsedQuery:
    """Words must all appear; "a phrase" in order; word* as a prefix; OR between
    alternatives; -word excludes. Punctuation inside a word makes it a phrase."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for match in QUERY_PART.finditer(query):
        phrase_neg, phrase, phrase_star, or_word, word_neg, word = match.groups()
        if or_word:
            join_next = bool(groups)
            continue
        negative = bool(phrase_neg if phrase is not None else word_neg)
        raw = phrase if phrase is not None else word
        prefix = bool(phrase_star) or (word or "").endswith("*")
        cut = tuple(words(raw))
        # The index holds pairs of CJK characters: one character is looked for as the
        # first of a pair (or a character standing alone).
        prefix = prefix or (len(cut[-1:]) == 1 and len(cut[-1]) == 1 and is_cjk(cut[-1]))
        term = Term(cut, prefix=prefix)
        if not term.words:
            continue
        if negative:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))


# The two databases -----------------------------------------------------------------


class SqliteBackend:
    def match_text(self, parsed: ParsedQuery) -> str:
        def term(t: Term) -> str:
            return '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "")

        def group(g) -> str:
            return "(" + " OR ".join(term(t) for t in g) + ")"

        expression = " AND ".join(group(g) for g in parsed.groups)
        for t in parsed.excluded:
            expression = f"({expression}) NOT {term(t)}"
        return expression

    def newest(self, candidates: QuerySet, parsed: ParsedQuery, count: int) -> list[tuple]:
        """The `count` newest matches this user may find (id, then FACET_COLUMNS)."""
        newest = self.matching(candidates, parsed).order_by("-id")
        return list(newest.values_list("id", *FACET_COLUMNS)[:count])

    def matching(self, entries: QuerySet, parsed: ParsedQuery) -> QuerySet:
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        return entries.filter(id__in=RawSQL(sql, [self.match_text(parsed)]))  # noqa: S611

    def ranked_ids(self, parsed: ParsedQuery, window: "Window", start: int, stop: int):
        """FTS5 scores and sorts the index's matches above the window's floor in one
        pass; of those, the window's (the entries this user may find, after filters) are
        kept, and more are fetched when too many were out of reach. Joining the index to
        every visible entry instead costs a lookup per match, and "rowid IN (…)" on the
        FTS5 table even runs the MATCH again per entry."""
        sql = (
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid > %s "  # noqa: S608
            f"ORDER BY bm25({FTS_TABLE}), rowid LIMIT %s"
        )
        allowed = set(window.ids)
        limit = max(4 * stop, 200)
        while True:
            with connection.cursor() as cursor:
                cursor.execute(sql, [self.match_text(parsed), window.floor, limit])
                best = [row[0] for row in cursor.fetchall()]
            ranked = [pk for pk in best if pk in allowed]
            if len(ranked) >= stop or len(best) < limit:
                return ranked[start:stop]
            limit *= 4

    def hits(self, parsed: ParsedQuery, window: "Window", start: int, stop: int) -> list:
        """The (entry, raw snippet) pairs of one page of hits, best first."""
        ids = self.ranked_ids(parsed, window, start, stop)
        found = hit_entries().in_bulk(ids)
        snippets = self.snippets(parsed, ids)
        return [(found[pk], snippets.get(pk, "")) for pk in ids]

    def snippets(self, parsed: ParsedQuery, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        # FTS5 opens one cursor per value of "rowid IN (…)", and each cursor of a prefix
        # query merges every word's doclist again (13 ms for secur* on 20,000 pages). One
        # cursor over the hits' rowid range, filtered with the unary + out of FTS5's reach,
        # reads the same doclists once.
        marks = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, snippet({FTS_TABLE}, 0, %s, %s, %s, {SNIPPET_TOKENS}) "  # noqa: S608
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid BETWEEN %s AND %s "
            f"AND +rowid IN ({marks})"
        )
        params = [MARK_START, MARK_END, "…", self.match_text(parsed), min(ids), max(ids), *ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return dict(cursor.fetchall())


class PostgresBackend:
    headline_options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )

    def tsquery_text(self, parsed: ParsedQuery) -> str:
        def term(t: Term) -> str:
            quoted = [f"'{w}'" for w in t.words]
            if t.prefix:
                quoted[-1] += ":*"
            return "(" + " <-> ".join(quoted) + ")"

        def group(g) -> str:
            return "(" + " | ".join(term(t) for t in g) + ")"

        expression = " & ".join(group(g) for g in parsed.groups)
        return expression + "".join(f" & !{term(t)}" for t in parsed.excluded)

    def _tsquery(self) -> str:
        return f"to_tsquery('{PG_CONFIG}', %s)"

    def newest(self, candidates: QuerySet, parsed: ParsedQuery, count: int) -> list[tuple]:
        """The `count` newest matches this user may find (id, then FACET_COLUMNS).

        With the vectors inline the planner walks the primary key backwards and tests
        each row until it has `count` matches: for a broad word that stops after a few
        thousand rows, faster than collecting every match from the GIN index. A phrase
        is rarer than its words, and the planner, which cannot tell, walks the whole
        table (19 ms on 20,000 pages for "sexual violence"): the GIN index finds the
        entries holding all the words, and only those are checked for the phrase (9 ms).
        """
        matching = self.matching(candidates, parsed)
        if not any(len(term.words) > 1 for group in parsed.groups for term in group):
            newest = matching.order_by("-id")
            return list(newest.values_list("id", *FACET_COLUMNS)[:count])
        # "id + 0" hides the primary key's order from the planner, and sequential scans
        # are off for this query only: set_config(…, true) lasts until the transaction
        # ends, the savepoint undoes it on error, and the old value comes back after.
        newest = matching.order_by((F("id") + 0).desc())
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), "
                "set_config('enable_seqscan', 'off', true)"
            )
            previous = cursor.fetchone()[0]
            found = list(newest.values_list("id", *FACET_COLUMNS)[:count])
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])
        return found

    def matching(self, entries: QuerySet, parsed: ParsedQuery) -> QuerySet:
        table = SearchEntry._meta.db_table
        condition = RawSQL(  # noqa: S611 (constants only; the query is a parameter)
            f'"{table}"."search_vector" @@ {self._tsquery()}',
            [self.tsquery_text(parsed)],
            output_field=BooleanField(),
        )
        return entries.filter(condition)

    def hits(self, parsed: ParsedQuery, window: "Window", start: int, stop: int) -> list:
        """The (entry, raw snippet) pairs of one page of hits, best first, in one query.

        ts_rank_cd reads each candidate's whole tsvector: only the window's entries are
        ranked, found by primary key (the matching is not run again); the page's entries
        are then loaded with their document and plan, and ts_headline runs on them only.
        """
        if not window.ids:
            return []
        table = SearchEntry._meta.db_table
        tsquery = self.tsquery_text(parsed)
        rank = f"ts_rank_cd(search_vector, {self._tsquery()})"
        # The window's ids go as one array literal: adapting 1,000 Python ints one by one
        # costs more than the ranking query's planning.
        ids = "{" + ",".join(map(str, window.ids)) + "}"
        page = RawSQL(  # noqa: S611 (constants only; the query and ids are parameters)
            f"SELECT id FROM {table} WHERE id = ANY(%s::bigint[]) "  # noqa: S608
            f"ORDER BY {rank} DESC, id LIMIT %s OFFSET %s",
            [ids, tsquery, stop - start, start],
        )
        # ts_headline drops anything that looks like an HTML tag; SQLite keeps it. Hiding
        # "<" keeps the text as written on both (render_snippet restores and escapes it).
        headline = (
            f"ts_headline('{PG_CONFIG}', replace(\"{table}\".\"body\", '<', %s), "
            f"{self._tsquery()}, %s)"
        )
        entries = (
            hit_entries()
            .filter(id__in=page)
            .annotate(
                rank=RawSQL(f'ts_rank_cd("{table}"."search_vector", {self._tsquery()})', [tsquery]),  # noqa: S611
                snippet=RawSQL(headline, [LESS_THAN, tsquery, self.headline_options]),  # noqa: S611
            )
            .order_by("-rank", "id")
        )
        return [(entry, entry.snippet) for entry in entries]


@dataclass(frozen=True)
class Window:
    """The matches a search counts and ranks, newest first: the COUNT_LIMIT newest that
    the user may find (after the filters), or all of them if there are no more."""

    ids: tuple[int, ...]
    capped: bool

    @property
    def floor(self) -> int:
        """Every match the user may find above this id is in the window."""
        return self.ids[-1] - 1 if self.capped else 0


def newest_matches(engine, candidates: QuerySet, parsed: ParsedQuery) -> tuple[Window, list]:
    """The window, and the facet values of each of its entries. One match more is read
    to tell whether there are more. Newest first: an order both databases give alike
    from the primary key, so that they count and rank the same entries."""
    found = engine.newest(candidates, parsed, COUNT_LIMIT + 1)
    kept = found[:COUNT_LIMIT]
    window = Window(ids=tuple(row[0] for row in kept), capped=len(found) > COUNT_LIMIT)
    return window, [row[1:] for row in kept]


def hit_entries() -> QuerySet[SearchEntry]:
    """Entries as hits show them. The text is left out: snippets come from the database,
    and on PostgreSQL both text columns are stored out of line (and compressed)."""
    return SearchEntry.objects.select_related(
        "document", "plan__country", "plan__regional_organization"
    ).defer("body", "terms")


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


def render_snippet(raw: str) -> SafeString:
    """Escape everything, then turn only the database's hit marks into <mark>."""
    parts, inside = [], False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", raw or ""):
        if piece == MARK_START and not inside:
            parts.append("<mark>")
            inside = True
        elif piece == MARK_END and inside:
            parts.append("</mark>")
            inside = False
        elif piece not in (MARK_START, MARK_END):
            parts.append(escape(piece.replace(LESS_THAN, "<")))
    if inside:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped above)


# The service ----------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    country: str = ""  # ISO 3166 alpha-3
    region: str = ""  # UN M49 code of a region
    year: int | None = None
    document_type: str = ""  # a DocumentKind value, or "record"
    language: str = ""  # ISO 639-1
    pillar: str = ""  # a reference Pillar code


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    url: str
    snippet: SafeString
    page_number: int | None
    document: Any = None
    plan: Any = None
    language: str = ""
    year: int | None = None


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = PAGE_SIZE
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    error: str = ""
    # More than COUNT_LIMIT matches: `total` is COUNT_LIMIT and only a lower bound (say
    # "more than"); the facet counts and the ranking cover the COUNT_LIMIT newest.
    capped: bool = False

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.page_size + 1


def searchable_entries(user) -> QuerySet[SearchEntry]:
    """Entries this user may find: records of visible plans, readable pages of documents
    of visible plans, readable pages of library documents, published lessons. Drafts of
    plans stay in scope for their coordinators; documents of reports not yet public and
    lessons not published are out for everyone."""
    visible_plans = plans_visible_to(user)
    # Documents as subqueries, not joins: the database looks each entry up in two small
    # sets instead of joining three tables to every match of a broad word.
    readable = Document.objects.filter(status__in=READABLE)
    return SearchEntry.objects.filter(
        Q(kind__in=(EntryKind.PLAN, EntryKind.ACTION), plan__in=visible_plans)
        | Q(
            kind=EntryKind.PAGE,
            plan__in=visible_plans,
            document__in=readable.filter(public_report_q()),
        )
        | Q(kind=EntryKind.PAGE, document__in=readable.filter(plan__isnull=True))
        | Q(kind=EntryKind.LESSON, lesson__state=LessonState.PUBLISHED)
    )


FILTER_FIELDS = {
    "country": "plan__country__iso3",
    "region": "plan__country__region__m49",
    "year": "year",
    "document_type": "document_type",
    "language": "language",
    "pillar": "pillar__code",
}


def apply_filters(entries: QuerySet, filters: SearchFilters) -> QuerySet:
    conditions = {
        lookup: getattr(filters, name)
        for name, lookup in FILTER_FIELDS.items()
        if getattr(filters, name) not in ("", None)
    }
    return entries.filter(**conditions)


def search(user, query: str, filters: SearchFilters = SearchFilters(), *, page: int = 1,
           page_size: int = PAGE_SIZE) -> SearchResults:  # fmt: skip
    """A read: the index is kept by the writes (services/search_index.py, receivers.py)."""
    parsed = parse_query(query)
    if not parsed:
        error = _("Type at least one word to look for.") if query.strip() else ""
        return SearchResults(query=query, error=error)
    engine = backend()
    candidates = apply_filters(searchable_entries(user), filters)
    window, values = newest_matches(engine, candidates, parsed)
    total = len(window.ids)
    page = max(1, min(page, (total - 1) // page_size + 1 if total else 1))
    found = engine.hits(parsed, window, (page - 1) * page_size, page * page_size)
    return SearchResults(
        query=query,
        hits=[hit_for(entry, snippet) for entry, snippet in found],
        total=total,
        page=page,
        page_size=page_size,
        facets=facet_counts(values, filters),
        capped=window.capped,
    )


def hit_for(entry: SearchEntry, snippet: str) -> SearchHit:
    if entry.kind == EntryKind.PAGE:
        title = entry.document.title
        url = reverse("library:page", args=[entry.document_id, entry.page_number])
    elif entry.kind == EntryKind.LESSON:
        title, url = entry.title, reverse("lessons:detail", args=[entry.lesson_id])
    elif entry.kind == EntryKind.ACTION:
        title = f"{entry.title} — {entry.plan.display_title}"
        url = reverse("plans:structure", args=[entry.plan_id]) + f"#action-{entry.action_id}"
    else:
        title, url = entry.plan.display_title, entry.plan.get_absolute_url()
    return SearchHit(
        kind=entry.kind,
        title=title,
        url=url,
        snippet=render_snippet(snippet),
        page_number=entry.page_number,
        document=entry.document,
        plan=entry.plan,
        language=entry.language,
        year=entry.year,
    )


# Facets ---------------------------------------------------------------------------


def language_name(code: str) -> str:
    return languages.language_name(code)


def document_type_label(value: str) -> str:
    if value == RECORD:
        return _("Plan record")
    if value == ACTION_RECORD:
        return _("Action record")
    if value == LESSON_RECORD:
        return _("Lesson")
    return str(DocumentKind(value).label) if value in DocumentKind.values else value


FACETS = {
    # name: (value field, label field or None)
    "country": ("plan__country__iso3", "plan__country__name"),
    "region": ("plan__country__region__m49", "plan__country__region__name"),
    "year": ("year", None),
    "document_type": ("document_type", None),
    "language": ("language", None),
    # Pillars label action records (pages and plan records cover several pillars).
    "pillar": ("pillar__code", "pillar__name"),
}
FACET_LABELS = {"document_type": document_type_label, "language": language_name}
FACET_TITLES = {
    "country": gettext_lazy("Country"),
    "region": gettext_lazy("Region"),
    "year": gettext_lazy("Year"),
    "document_type": gettext_lazy("Type"),
    "language": gettext_lazy("Language"),
    "pillar": gettext_lazy("Pillar"),
}


def facets_for_display(results: SearchResults) -> list[tuple[str, str, list[FacetValue]]]:
    return [(name, FACET_TITLES[name], values) for name, values in results.facets.items() if values]


FACET_COLUMNS = ("plan_id", "pillar_id", "year", "document_type", "language")


def facet_counts(values: list[tuple], filters: SearchFilters) -> dict[str, list[FacetValue]]:
    """Every facet from the window's facet values (FACET_COLUMNS of each entry): the
    matching runs once, not once per facet. Country, region and pillar names are then
    looked up for the few plans and pillars found."""
    rows = [
        {**dict(zip(FACET_COLUMNS, combination, strict=True)), "n": n}
        for combination, n in Counter(values).items()
    ]
    _add_places(rows)
    return {name: facet(rows, name, filters) for name in FACETS}


PLACE_FIELDS = (
    "plan__country__iso3",
    "plan__country__name",
    "plan__country__region__m49",
    "plan__country__region__name",
)


def _places(plan_ids: set[int]) -> dict[int, dict]:
    """PLACE_FIELDS of the plans of countries (a regional plan has none). Written by
    hand: every search asks, and building the queryset cost twice the query."""
    if not plan_ids:
        return {}
    marks = ", ".join(["%s"] * len(plan_ids))
    sql = (
        "SELECT p.id, c.iso3, c.name, r.m49, r.name "  # noqa: S608 (table names only)
        f"FROM {ActionPlan._meta.db_table} p "
        f"JOIN {Country._meta.db_table} c ON c.id = p.country_id "
        f"JOIN {Region._meta.db_table} r ON r.id = c.region_id WHERE p.id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, sorted(plan_ids))
        return {pk: dict(zip(PLACE_FIELDS, values, strict=True)) for pk, *values in cursor}


def _add_places(rows: list[dict]) -> None:
    places = _places({row["plan_id"] for row in rows if row["plan_id"]})
    pillar_ids = {row["pillar_id"] for row in rows if row["pillar_id"]}
    pillars = {}
    if pillar_ids:
        pillars = {
            pk: {"pillar__code": code, "pillar__name": name}
            for pk, code, name in Pillar.objects.filter(pk__in=pillar_ids).values_list(
                "pk", "code", "name"
            )
        }
    nowhere = dict.fromkeys(PLACE_FIELDS)
    no_pillar = {"pillar__code": None, "pillar__name": None}
    for row in rows:
        row.update(places.get(row["plan_id"], nowhere))
        row.update(pillars.get(row["pillar_id"], no_pillar))


def facet(rows: list[dict], name: str, filters: SearchFilters) -> list[FacetValue]:
    value_field, label_field = FACETS[name]
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for row in rows:
        value = row[value_field]
        if value is None or value == "":
            continue
        value = str(value)
        counts[value] = counts.get(value, 0) + row["n"]
        if label_field:
            labels[value] = row[label_field]
    chosen = str(getattr(filters, name) or "")
    label_of = FACET_LABELS.get(name, str)
    values = [
        FacetValue(
            value=value,
            label=labels[value] if label_field else label_of(value),
            count=count,
            selected=value == chosen,
        )
        for value, count in counts.items()
    ]
    if name == "year":
        return sorted(values, key=lambda v: v.value, reverse=True)
    return sorted(values, key=lambda v: (-v.count, v.label))
