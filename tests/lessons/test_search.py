"""Published lessons are in the site's one full-text index (/search/, the search API),
ranked among documents and plans, found by any word of their title, summary or result in
any of the six languages; a submitted, rejected or withdrawn lesson never is, whoever
searches (docs/lessons.md)."""

import pytest
from django.core.management import call_command

from naptrack.lessons import services
from naptrack.library.models import SearchEntry
from naptrack.library.search import search
from tests.factories.people import person
from tests.lessons.test_lessons import submit


@pytest.fixture
def publish(moderator, django_capture_on_commit_callbacks):
    """Publish as a moderator's request would: the index follows once committed."""

    def run(lesson):
        with django_capture_on_commit_callbacks(execute=True):
            return services.lesson_publish(actor=moderator, lesson=lesson)

    return run


@pytest.fixture
def lessons(moderator, publish, django_capture_on_commit_callbacks):
    shown = publish(
        submit(person(), title="Okapi budget tagging", summary="Gender budget okapi tags.")
    )
    with django_capture_on_commit_callbacks(execute=True):
        waiting = submit(person(), title="Okapi waiting lesson", summary="Okapi not moderated.")
        rejected = submit(person(), title="Okapi rejected lesson", summary="Okapi without proof.")
        services.lesson_reject(actor=moderator, lesson=rejected, reason="No proof.")
    return shown, waiting


def search_page(client, query: str) -> str:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "author", "moderator"])
def test_search_finds_published_lessons_only(client, lessons, moderator, who):
    shown, waiting = lessons
    if who == "author":
        client.force_login(waiting.author)
    elif who == "moderator":
        client.force_login(moderator)
    page = search_page(client, "okapi")
    assert "Okapi budget tagging" in page
    assert f"/lessons/{shown.pk}/" in page
    assert "Okapi waiting lesson" not in page
    assert "Okapi rejected lesson" not in page


def test_only_published_lessons_have_an_index_entry(lessons):
    shown, _waiting = lessons
    indexed = SearchEntry.objects.filter(kind="lesson").values_list("lesson_id", flat=True)
    assert list(indexed) == [shown.pk]


def test_an_entry_smuggled_in_for_a_draft_stays_hidden(lessons):
    """The read checks the state too: an entry left behind (a crash between commit and
    refresh) cannot show a lesson that is not published."""
    from naptrack.lessons.indexing import lesson_entry

    _shown, waiting = lessons
    lesson_entry(waiting).save()
    assert [hit.title for hit in search(None, "okapi").hits] == ["Okapi budget tagging"]


def test_search_syntax_applies_to_lessons(client, lessons):
    assert "Okapi budget tagging" not in search_page(client, "okapi -budget")
    assert "Okapi budget tagging" in search_page(client, "okapi budg*")
    assert "Okapi budget tagging" not in search_page(client, "zebra")


@pytest.mark.parametrize(
    ("result", "query"),
    [
        ("Mentoring circles for mediators in Kisumu doubled attendance.", "mentoring"),
        ("Les médiatrices formées ont négocié des accords locaux.", "mediatrices negocie"),
        ("Las comisiones municipales de género se reunieron cada mes.", "genero"),
        ("Женщины-миротворцы провели переговоры в трёх общинах.", "переговоры"),
        ("شاركت الوسيطات في مفاوضات السلام المحلية", "مفاوضات"),
        ("妇女调解员参加了地方和平谈判", "和平谈判"),
    ],
    ids=["en", "fr", "es", "ru", "ar", "zh"],
)
def test_a_word_of_the_result_finds_the_lesson(client, publish, result, query):
    """Not only the title: any word of the body, accents folded as for documents."""
    lesson = publish(submit(person(), title="A lesson from the field", result=result))
    hits = search(None, query).hits
    assert [(hit.kind, hit.url) for hit in hits] == [("lesson", f"/lessons/{lesson.pk}/")]
    if query != "和平谈判":  # CJK matches the cut words, not the text snippets are made of
        assert "<mark>" in str(hits[0].snippet)
    page = search_page(client, query)
    assert f'href="/lessons/{lesson.pk}/"' in page


def test_a_withdrawn_lesson_leaves_the_search(
    client, publish, moderator, django_capture_on_commit_callbacks
):
    lesson = publish(submit(person(), title="Quokka peace circles"))
    assert "Quokka peace circles" in search_page(client, "quokka")
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_withdraw(actor=moderator, lesson=lesson, reason="Evidence retracted.")
    assert "Quokka peace circles" not in search_page(client, "quokka")
    assert not SearchEntry.objects.filter(lesson=lesson).exists()
    client.force_login(lesson.author)
    assert "Quokka peace circles" not in search_page(client, "quokka")


def test_a_rolled_back_publication_indexes_nothing(moderator, django_capture_on_commit_callbacks):
    from django.db import transaction

    lesson = submit(person(), title="Wombat rollback lesson")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.lesson_publish(actor=moderator, lesson=lesson)
            raise RuntimeError
    assert search(None, "wombat").total == 0


def test_rebuild_indexes_published_lessons(lessons):
    from io import StringIO

    SearchEntry.objects.all().delete()
    assert search(None, "okapi").total == 0
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "1 lessons" in out.getvalue()
    assert [hit.title for hit in search(None, "okapi").hits] == ["Okapi budget tagging"]


def test_search_api_returns_lessons(client, lessons):
    shown, _waiting = lessons
    body = client.get("/api/v1/search", {"q": "okapi"}).json()
    assert [(hit["kind"], hit["url"]) for hit in body["hits"]] == [
        ("lesson", f"/lessons/{shown.pk}/")
    ]
    assert {value["value"] for value in body["facets"]["document_type"]} == {"lesson"}
