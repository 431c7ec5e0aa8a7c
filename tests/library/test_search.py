"""The search service: the same answers on SQLite (FTS5) and PostgreSQL.

Run this file on both databases (see docs/library.md); every assertion here is written
once and must hold on each. The corpus is made-up text around the invented word
"zephyrine", so the reference plans in the test database never match by accident."""

import pytest

from naptrack.accounts.choices import Role
from naptrack.library import search as search_module
from naptrack.library.choices import IngestionStatus
from naptrack.library.search import SearchFilters, search
from naptrack.library.services.search_index import search_index_refresh_plans
from naptrack.registry.models import Country
from naptrack.registry.services import plan_update
from tests.factories import people
from tests.factories.people import person
from tests.factories.registry import ActionPlanFactory

pytestmark = pytest.mark.django_db

KENYA_PAGES = [
    "Zephyrine councils ensure sécurité for every village.",
    "Peace talks include zephyrine mediators. <script>alert(1)</script> "
    "& <mark>forged</mark> here.",
    "Talks about peace were postponed; zephyrine mediation continues.",
]


@pytest.fixture
def corpus(ingest, library_kenya_plan, library_kenya_draft, platform_admin):
    uganda_plan = ActionPlanFactory(
        country=Country.objects.get(iso3="UGA"), title="Synthetic Uganda test plan"
    )
    documents = {
        "kenya": ingest("kenya.txt", "\f".join(KENYA_PAGES).encode(), year=2021),
        "uganda": ingest(
            "uganda.txt",
            b"Zephyrine mediation in Gulu.",
            plan=uganda_plan,
            actor=people.coordinator_of(uganda_plan.country),
            kind="official_report",
            year=2019,
        ),
        "library": ingest(
            "étude.txt",
            "La sécurité zéphyrine des femmes.".encode(),
            plan=None,
            actor=platform_admin,
            language="fr",
            kind="other",
            year=2020,
        ),
        "draft": ingest(
            "draft.txt", b"Zephyrine draft secret quokkaberry.", plan=library_kenya_draft
        ),
    }
    search_index_refresh_plans()  # factories record no change for the receivers to follow
    return documents


def found(results) -> set[tuple[str, int | None]]:
    """(document title or plan title, page) of every hit."""
    return {(hit.title, hit.page_number) for hit in results.hits}


def test_search_ignores_accents_in_query_and_text(corpus):
    for query in ("securite", "SÉCURITÉ", "sécurite"):
        results = search(None, query)
        assert found(results) == {("kenya.txt", 1), ("étude.txt", 1)}, query


def test_search_finds_accented_word_from_plain_query(corpus):
    assert found(search(None, "zephyrine femmes")) == {("étude.txt", 1)}


def test_search_phrase_requires_words_in_order(corpus):
    assert found(search(None, '"peace talks"')) == {("kenya.txt", 2)}
    assert found(search(None, "peace talks")) == {("kenya.txt", 2), ("kenya.txt", 3)}


def test_search_prefix_matches_word_starts(corpus):
    results = search(None, "mediat*")
    assert found(results) == {("kenya.txt", 2), ("kenya.txt", 3), ("uganda.txt", 1)}


def test_search_or_and_exclusion(corpus):
    assert found(search(None, "gulu OR village")) == {("kenya.txt", 1), ("uganda.txt", 1)}
    assert found(search(None, "zephyrine -mediation")) == {
        ("kenya.txt", 1),
        ("kenya.txt", 2),
        ("étude.txt", 1),
    }


def test_search_hit_shows_document_page_link_and_highlight(corpus):
    results = search(None, "securite village")
    (hit,) = results.hits
    assert hit.kind == "page"
    assert hit.document == corpus["kenya"]
    assert hit.page_number == 1
    assert hit.url == f"/documents/{corpus['kenya'].pk}/pages/1/"
    assert "<mark>sécurité</mark>" in hit.snippet
    assert "<mark>village</mark>" in hit.snippet


def test_search_snippet_is_escaped_except_its_own_marks(corpus):
    (hit,) = search(None, "peace talks include").hits
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&lt;mark&gt;forged&lt;/mark&gt;" in hit.snippet
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>") >= 3


def test_search_finds_plan_records_as_they_are_now(
    corpus, library_kenya_plan, kenya_coordinator, django_capture_on_commit_callbacks
):
    results = search(None, "Synthetic Kenya test plan")
    assert ("Synthetic Kenya test plan", None) in found(results)
    record = next(hit for hit in results.hits if hit.kind == "plan")
    assert record.url == library_kenya_plan.get_absolute_url() and record.plan == library_kenya_plan
    with django_capture_on_commit_callbacks(execute=True):
        plan_update(
            actor=kenya_coordinator,
            plan=library_kenya_plan,
            title="Synthetic Kenya renamed xylophonic plan",
        )
    assert found(search(None, "xylophonic")) == {("Synthetic Kenya renamed xylophonic plan", None)}
    assert not search(None, "Synthetic Kenya test plan").hits


def test_search_facets_count_the_matches(corpus):
    facets = search(None, "zephyrine").facets
    counts = {name: {v.value: v.count for v in values} for name, values in facets.items()}
    assert counts["country"] == {"KEN": 3, "UGA": 1}
    assert counts["region"] == {"002": 4}
    assert counts["language"] == {"en": 4, "fr": 1}
    assert counts["document_type"] == {"plan": 3, "official_report": 1, "other": 1}
    assert counts["year"] == {"2021": 3, "2020": 1, "2019": 1}
    assert counts["pillar"] == {}
    labels = {v.value: v.label for v in facets["language"]}
    assert labels == {"en": "English", "fr": "French"}
    assert [v.value for v in facets["year"]] == ["2021", "2020", "2019"]


def test_search_filters_narrow_hits_and_mark_the_chosen_facet(corpus):
    results = search(None, "zephyrine", SearchFilters(country="UGA"))
    assert found(results) == {("uganda.txt", 1)}
    assert [(v.value, v.selected) for v in results.facets["country"]] == [("UGA", True)]
    assert found(search(None, "zephyrine", SearchFilters(language="fr"))) == {("étude.txt", 1)}
    assert found(search(None, "zephyrine", SearchFilters(year=2019))) == {("uganda.txt", 1)}
    only_reports = SearchFilters(document_type="official_report")
    assert found(search(None, "zephyrine", only_reports)) == {("uganda.txt", 1)}


def outsiders():
    kenya = Country.objects.get(iso3="KEN")
    return {
        "anonymous": None,
        "analyst": people.analyst(),
        "uganda_coordinator": person(
            Role.COORDINATOR, totp=True, country=Country.objects.get(iso3="UGA")
        ),
        "platform_admin": people.platform_admin(),
        "kenya_cso": person(Role.CSO_MEMBER, country=kenya),
    }


def test_search_never_shows_a_draft_plans_documents_outside_its_scope(corpus, kenya_coordinator):
    for name, user in outsiders().items():
        results = search(user, "quokkaberry")
        assert results.hits == [] and results.total == 0, name
        record = search(user, "Synthetic Kenya draft plan")
        assert ("Synthetic Kenya draft plan", None) not in found(record), name
        facets = search(user, "zephyrine").facets
        assert {v.value: v.count for v in facets["country"]}["KEN"] == 3, name
    mine = search(kenya_coordinator, "quokkaberry")
    assert found(mine) == {("draft.txt", 1)}
    assert ("Synthetic Kenya draft plan", None) in found(
        search(kenya_coordinator, "Synthetic Kenya draft plan")
    )
    facets = search(kenya_coordinator, "zephyrine").facets
    assert {v.value: v.count for v in facets["country"]}["KEN"] == 4


def test_search_skips_documents_being_read_again(corpus):
    kenya = corpus["kenya"]
    kenya.status = IngestionStatus.RUNNING
    kenya.save()
    assert found(search(None, "zephyrine")) == {("uganda.txt", 1), ("étude.txt", 1)}


def test_search_without_words_explains_itself(corpus):
    assert search(None, "").error == "" and search(None, "").hits == []
    results = search(None, "-zephyrine")
    assert results.hits == [] and "at least one word" in results.error
    assert search(None, '"" * : ( -').error


@pytest.mark.parametrize(
    "query",
    [
        'zephyrine"',
        '"unclosed phrase',
        "NOT AND OR",
        "a:b",
        "col:zephyrine",
        "(x",
        "^zeph",
        "'; DROP",
    ],
)
def test_search_survives_query_syntax_of_either_database(corpus, query):
    results = search(None, query)
    assert results.total == len(results.hits)


def test_search_pages_through_results(corpus):
    pages = [search(None, "zephyrine", page=n, page_size=2) for n in (1, 2, 3)]
    assert [p.total for p in pages] == [5, 5, 5]
    assert [len(p.hits) for p in pages] == [2, 2, 1]
    assert pages[0].has_next and not pages[0].has_previous
    assert pages[2].has_previous and not pages[2].has_next
    seen = [found(p) for p in pages]
    assert len(seen[0] | seen[1] | seen[2]) == 5


# Past COUNT_LIMIT matches ----------------------------------------------------------------
# The corpus's "zephyrine" pages, oldest first: kenya.txt 1-3 (KEN, plan, 2021, en),
# uganda.txt (UGA, official report, 2019), étude.txt (library, other, 2020, fr), and last
# the draft plan's page, which only the Kenya coordinator may find.


def counts(results) -> dict[str, dict[str, int]]:
    return {name: {v.value: v.count for v in values} for name, values in results.facets.items()}


def test_search_under_the_count_limit_is_exact(corpus, monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 5)
    results = search(None, "zephyrine")
    assert results.total == 5 and not results.capped
    assert counts(results)["country"] == {"KEN": 3, "UGA": 1}


def test_search_past_the_count_limit_counts_and_ranks_the_newest_visible_matches(
    corpus, monkeypatch
):
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 3)
    results = search(None, "zephyrine")
    assert results.capped and results.total == 3  # shown as "more than 3"
    assert found(results) == {("kenya.txt", 3), ("uganda.txt", 1), ("étude.txt", 1)}
    assert counts(results) == {
        "country": {"KEN": 1, "UGA": 1},
        "region": {"002": 2},
        "year": {"2021": 1, "2020": 1, "2019": 1},
        "document_type": {"plan": 1, "official_report": 1, "other": 1},
        "language": {"en": 2, "fr": 1},
        "pillar": {},
    }
    last = search(None, "zephyrine", page=2, page_size=2)
    assert len(last.hits) == 1 and not last.has_next
    assert search(None, "zephyrine", page=9, page_size=2).page == 2


def test_search_past_the_count_limit_never_counts_what_the_user_may_not_see(
    corpus, monkeypatch, kenya_coordinator
):
    """The draft's page is the newest match: it must neither fill the window of those
    who may not find it nor be left out of the window of those who may."""
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 1)
    for name, user in outsiders().items():
        results = search(user, "zephyrine")
        assert found(results) == {("étude.txt", 1)}, name
        assert counts(results)["country"] == {}, name
    mine = search(kenya_coordinator, "zephyrine")
    assert mine.capped and found(mine) == {("draft.txt", 1)}
    assert counts(mine)["country"] == {"KEN": 1}


def test_search_past_the_count_limit_applies_filters_before_the_window(corpus, monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 2)
    kenya = search(None, "zephyrine", SearchFilters(country="KEN"))
    assert kenya.capped and found(kenya) == {("kenya.txt", 2), ("kenya.txt", 3)}
    uganda = search(None, "zephyrine", SearchFilters(country="UGA"))
    assert not uganda.capped and uganda.total == 1


def test_search_ranks_past_many_hits_out_of_reach(library_kenya_draft, library_kenya_plan):
    """The best hits may all be drafts the visitor cannot see: the search must look
    further down the ranking, and still rank what it finds."""
    from tests.factories.library import DocumentFactory, SearchEntryFactory

    hidden = DocumentFactory(plan=library_kenya_draft)
    for number in range(260):  # ranked first: the word three times on a short page
        SearchEntryFactory(document=hidden, page_number=number + 1, body="quince quince quince")
    shown = DocumentFactory(plan=library_kenya_plan, title="Visible plan text")
    SearchEntryFactory(document=shown, page_number=7, body="quince " + "filler " * 40)
    SearchEntryFactory(document=shown, page_number=3, body="quince quince " + "filler " * 10)
    results = search(None, "quince")
    assert results.total == 2
    assert [(hit.title, hit.page_number) for hit in results.hits] == [
        ("Visible plan text", 3),
        ("Visible plan text", 7),
    ]
    second = search(None, "quince", page=2, page_size=1)
    assert [(hit.page_number) for hit in second.hits] == [7]
