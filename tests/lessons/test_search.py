"""Published lessons are found by the site search (/search/), beside documents
and plans; a submitted or rejected lesson never is, whoever searches."""

import pytest

from naptrack.lessons import services
from tests.factories.people import person
from tests.lessons.test_lessons import submit


@pytest.fixture
def lessons(moderator):
    shown = submit(person(), title="Okapi budget tagging", summary="Gender budget okapi tags.")
    services.lesson_publish(actor=moderator, lesson=shown)
    waiting = submit(person(), title="Okapi waiting lesson", summary="Okapi not yet moderated.")
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


def test_search_syntax_applies_to_lessons(client, lessons):
    assert "Okapi budget tagging" not in search_page(client, "okapi -budget")
    assert "Okapi budget tagging" in search_page(client, "okapi budg*")
    assert "Okapi budget tagging" not in search_page(client, "zebra")
