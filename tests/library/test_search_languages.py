"""Search in the six UN languages, on both databases: a page written in each language is
found by a word in it (and not by a word it lacks), and a plan record too. Run this file
on PostgreSQL as well (see docs/library.md). The texts are made up for these tests."""

import pytest

from naptrack.library.search import search
from naptrack.library.services.search_index import search_index_refresh_plans
from naptrack.library.tokenizer import words
from naptrack.registry.models import Country
from tests.factories.registry import ActionPlanFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "ar": "تلتزم الحكومة بحماية النساء من العنف الجنسيّ في مناطق النزاع.",
    "zh": "政府承诺保护冲突地区的妇女免受性暴力侵害。",
    "en": "The government commits to protecting women from sexual violence in conflict areas.",
    "fr": "Le gouvernement s'engage à protéger les femmes contre les violences sexuelles.",
    "ru": "Правительство обязуется защищать женщин от сексуального насилия в зонах конфликтов.",
    "es": "El gobierno se compromete a proteger a las mujeres de la violencia sexual.",
}
# A word of each page as a reader would type it, and one the page does not hold.
FOUND_BY = {
    "ar": ["العنف", "الجنسي", "النساء", "الحكومة"],
    "zh": ["性暴力", "妇女", "冲突地区", "暴力"],
    "en": ["violence", "Government", "protect*"],
    "fr": ["femmes", "sexuelles", "violences", "gouvernement"],
    "ru": ["насилия", "женщин", "конфликтов", "Правительство"],
    "es": ["violencia", "mujeres", "gobierno"],
}
NOT_IN = {
    "ar": "السلام",
    "zh": "和平",
    "en": "peace",
    "fr": "paix",
    "ru": "мир",
    "es": "paz",
}


@pytest.fixture
def language_pages(ingest):
    return {
        language: ingest(f"{language}.txt", text.encode(), language=language)
        for language, text in PAGES.items()
    }


def titles(query: str) -> set[str]:
    """The titles of the hits, leaving out the reference plans' records."""
    return {hit.title for hit in search(None, query).hits if hit.kind == "page"}


def plan_titles(query: str) -> set[str]:
    return {hit.title for hit in search(None, query).hits}


@pytest.mark.parametrize("language", list(PAGES))
def test_page_in_each_language_is_found_by_its_words(language_pages, language):
    for word in FOUND_BY[language]:
        assert titles(word) == {f"{language}.txt"}, word
    assert f"{language}.txt" not in titles(NOT_IN[language])


def test_arabic_is_found_with_or_without_marks_and_hamza(language_pages):
    assert titles("العنفُ الجنسيّ") == {"ar.txt"}
    assert titles("بحمايه") == {"ar.txt"}  # ة typed as ه
    assert titles('"العنف الجنسي"') == {"ar.txt"}


def test_chinese_phrase_needs_its_characters_in_order(language_pages):
    assert titles("力暴性") == set()
    assert titles("保护冲突") == {"zh.txt"}
    assert titles("性") == {"zh.txt"}  # one character: the first of a pair


def test_russian_keeps_the_short_i(ingest):
    ingest("ru2.txt", "Мы говорим о войной и мире.".encode(), language="ru")
    assert titles("войной") == {"ru2.txt"}
    assert titles("воинои") == set()


@pytest.mark.parametrize(
    ("language", "title", "word"),
    [
        ("ar", "خطة العمل الوطنية الاصطناعية للاختبار", "الوطنية"),
        ("zh", "测试用合成国家行动计划", "行动计划"),
        ("fr", "Plan d'action national synthétique d'essai", "synthetique"),
        ("ru", "Синтетический тестовый национальный план действий", "национальный"),
        ("es", "Plan de acción nacional sintético de prueba", "accion"),
        ("en", "Synthetic national action plan for testing", "testing"),
    ],
)
def test_plan_record_in_each_language_is_found(language, title, word):
    ActionPlanFactory(country=Country.objects.get(iso3="KEN"), title=title, language=language)
    search_index_refresh_plans()  # what the receivers do after a plan's recorded change
    assert title in plan_titles(word)


def test_words_cut_chinese_into_pairs_and_fold_arabic():
    assert words("性暴力 1325号决议") == ["性暴", "暴力", "1325", "号决", "决议"]
    assert words("أمن المرأة") == ["امن", "المراه"]
    assert words("Ёлка й") == ["ёлка", "й"]
