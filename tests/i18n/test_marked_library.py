"""Every string of the library, search and analysis pages goes through gettext: crawled in
the pseudo-locale, their <main> holds nothing but wrapped strings and data."""

# The library tests' fixtures are imported by name, which pytest finds and ruff sees as
# redefined when a test asks for them.
# ruff: noqa: F811

from django.urls import reverse
from django.utils.translation import override

from naptrack.library.languages import language_choices, language_name
from tests.i18n.marked import unmarked_pages
from tests.library.builders import table_pdf, text_pdf
from tests.library.conftest import ingest, library_kenya_plan  # noqa: F401

# No word shorter than three letters: the data filter leaves those alone (they would match
# inside the words it checks).
PAGES = [
    "Synthetic national action plan written for the tests.\n"
    "The plan was drafted with Civil Society Organisations from four regions.",
    "Sexual violence during conflict remains criminal.\nKES 2 million funds this budget.",
]
# The test's documents: search snippets and page text show pieces of them, cut anywhere.
# Named by pycountry's own catalogues (library/languages.py), not by gettext.
LANGUAGE_NAMES = [name for _code, name in language_choices()]
DATA = [
    *(line for page in PAGES for line in page.splitlines()),
    *" ".join(PAGES).split(),
    *LANGUAGE_NAMES,
]


def test_public_pages_are_all_marked(client, ingest, library_kenya_plan):
    document = ingest("nap.pdf", text_pdf(PAGES))
    urls = [
        reverse("library:index"),
        reverse("library:search") + "?q=violence",
        reverse("library:search") + "?q=nothing-matches-this",
        reverse("library:plan_documents", args=[library_kenya_plan.pk]),
        reverse("library:document", args=[document.pk]),
        reverse("library:page", args=[document.pk, 1]),
        reverse("library:themes"),
        reverse("library:theme_generations", args=["KEN"]),
    ]
    assert unmarked_pages(client, urls, data=DATA) == {}


def test_coordinator_pages_are_all_marked(client, ingest, library_kenya_plan, kenya_coordinator):
    document = ingest("matrix.pdf", table_pdf([["Action", "Indicator"], ["Train", "Number"]]))
    client.force_login(kenya_coordinator)
    urls = [
        reverse("library:plan_upload", args=[library_kenya_plan.pk]),
        reverse("library:structure", args=[document.pk]),
        reverse("library:plan_evidence", args=[library_kenya_plan.pk]),
    ]
    assert (
        unmarked_pages(client, urls, data=[*DATA, "Action", "Indicator", "Train", "Number"]) == {}
    )


def test_admin_upload_is_all_marked(client, platform_admin):
    client.force_login(platform_admin)
    assert unmarked_pages(client, [reverse("library:library_upload")], data=LANGUAGE_NAMES) == {}


def test_language_names_follow_the_active_language():
    assert language_name("de", "fr") == "Allemand"
    assert language_name("de", "es") == "Alemán"
    assert language_name("de", "ru") == "немецкий"
    assert language_name("de", "ar") == "الألمانية"
    assert language_name("de", "zh-hans") == "德语"
    assert language_name("de", "en") == "German"
    assert language_name("xx", "fr") == "xx"  # unknown: the code itself


def test_language_choices_are_named_and_sorted_in_the_active_language():
    with override("fr"):
        names = [name for _code, name in language_choices()]
    assert "Allemand" in names
    assert names == sorted(names, key=str.casefold)
