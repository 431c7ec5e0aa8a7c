"""The starter list's keyword families in the six UN languages: every family has words
in each, and made-up passages in each language are tagged with the theme they speak of,
and not with one they do not (the list as the migrations seed it into the database)."""

import pytest

from naptrack.library import analysis, keywords
from naptrack.library.models import KeywordFamily
from naptrack.library.services.analysis import keyword_rules

pytestmark = pytest.mark.django_db

SIX = {"ar", "zh", "en", "fr", "ru", "es"}


def themes_of(language: str, text: str) -> set[str]:
    rules, _digest = keyword_rules(language)
    result = analysis.analyse([(1, text)], rules)
    slugs = dict(KeywordFamily.objects.values_list("pk", "slug"))
    return {slugs[family] for family in result.counts}


def test_every_family_has_keywords_in_the_six_languages():
    for family in keywords.parse():
        languages = {language for language, _term, _match in family.keywords}
        assert SIX <= languages, family.slug


def test_the_database_holds_the_starter_list_in_the_six_languages():
    for family in KeywordFamily.objects.prefetch_related("keywords"):
        assert SIX <= {k.language for k in family.keywords.all()}, family.slug


@pytest.mark.parametrize(
    ("language", "text", "theme"),
    [
        (
            "fr",
            "Les violences sexuelles commises pendant le conflit seront poursuivies.",
            "sexual-violence",
        ),
        (
            "fr",
            "Les réfugiées et les personnes déplacées reçoivent une aide.",
            "refugees-displaced",
        ),
        ("ar", "تلتزم الحكومة بمكافحة العنف الجنسي المرتبط بالنزاعات.", "sexual-violence"),
        ("ar", "تشارك منظمات المجتمع المدني في متابعة الخطة.", "civil-society"),
        ("ar", "دعم مشاركة المرأة في مفاوضات السلام وعملية السلام.", "mediation-peace-processes"),
        ("zh", "政府将加强对冲突中性暴力幸存者的保护。", "sexual-violence"),
        ("zh", "鼓励妇女参与和平进程和调解工作。", "mediation-peace-processes"),
        ("zh", "国家行动计划的预算由财政部拨款。", "criterion-budget"),
        (
            "ru",
            "Правительство противодействует сексуальному насилию в условиях конфликта.",
            "sexual-violence",
        ),
        (
            "ru",
            "Женщины участвуют в мирных переговорах и миротворческих операциях.",
            "peacekeeping",
        ),
        (
            "es",
            "El gobierno combate la violencia sexual y la trata de personas.",
            "sexual-violence",
        ),
        ("en", "Survivors of sexual violence receive support.", "sexual-violence"),
    ],
)
def test_passage_is_tagged_with_its_theme(language, text, theme):
    assert theme in themes_of(language, text)


@pytest.mark.parametrize(
    ("language", "text", "not_theme"),
    [
        ("zh", "气候变化影响农村妇女的生计。", "sexual-violence"),
        ("ar", "يؤثر تغير المناخ على سبل عيش النساء الريفيات.", "sexual-violence"),
        ("fr", "Le changement climatique touche les femmes rurales.", "sexual-violence"),
        ("ru", "Изменение климата затрагивает сельских женщин.", "sexual-violence"),
    ],
)
def test_passage_is_not_tagged_with_a_theme_it_does_not_speak_of(language, text, not_theme):
    found = themes_of(language, text)
    assert not_theme not in found
    assert "climate" in found


def test_keywords_of_another_language_do_not_tag_a_passage():
    assert "sexual-violence" not in themes_of("en", "政府将加强对冲突中性暴力幸存者的保护。")
