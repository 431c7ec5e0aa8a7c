"""Automated analysis: theme counts and evidence suggestions from built PDFs, keyword
families as data (starter list, services, admin) and re-analysis when they change."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from naptrack.accounts.models import User
from naptrack.core.models import Activity
from naptrack.library import analysis, keywords
from naptrack.library.choices import Criterion, FamilyKind, SuggestionState
from naptrack.library.models import (
    AnalysisRun,
    EvidenceSuggestion,
    Keyword,
    KeywordFamily,
    ThemeCount,
)
from naptrack.library.services.analysis import document_analyse, reanalyse_documents
from naptrack.library.services.evidence_review import evidence_confirm
from naptrack.library.services.keyword_families import (
    keyword_create,
    keyword_delete,
    keyword_families_load,
    keyword_family_delete,
    keyword_family_update,
)
from tests.factories import people
from tests.factories.library import KeywordFactory, KeywordFamilyFactory
from tests.library.builders import text_pdf

pytestmark = pytest.mark.django_db

ENGLISH_PAGES = [
    "Synthetic national action plan written for the tests.\n"
    "It was drafted with Civil Society Organisations in four regions.\n"
    "Civil society met the drafting team twice.",
    "Sexual violence in conflict is a crime.\n"
    "A budget of KES 2 million is allocated to the plan.\n"
    "The police and survivors of sexual violence work together.",
    "The ministry reports every year to parliament.",
]
FRENCH_PAGES = [
    "Plan d'action synthétique écrit pour les tests.\n"
    "Les violences sexuelles sont combattues. La société civile participe.",
    "Un budget de 3 millions est alloué au plan.\nLa Société Civile suit sa mise en oeuvre.",
]


@pytest.fixture
def analysis_families(db):
    """Only the test's own families, so counts and suggestions are exact."""
    KeywordFamily.objects.all().delete()
    civil = KeywordFamilyFactory(slug="civil-society", name="Civil society")
    violence = KeywordFamilyFactory(slug="sexual-violence", name="Sexual violence")
    budget = KeywordFamilyFactory(
        slug="budget", name="Budget", kind=FamilyKind.CRITERION, criterion=Criterion.BUDGET
    )
    legislature = KeywordFamilyFactory(
        slug="legislature",
        name="Legislature",
        kind=FamilyKind.CRITERION,
        criterion=Criterion.LEGISLATURE,
    )
    for family, language, term, match in [
        (civil, "en", "civil society", "word"),
        (civil, "en", "civil society organi", "prefix"),
        (civil, "fr", "societe civile", "word"),  # written without accents on purpose
        (violence, "en", "sexual violence", "word"),
        (violence, "fr", "violences sexuel", "prefix"),
        (budget, "en", "budget", "prefix"),
        (budget, "en", "allocat", "prefix"),
        (budget, "fr", "budget", "prefix"),
        (legislature, "en", "parliament", "prefix"),
    ]:
        KeywordFactory(family=family, language=language, term=term, match=match)
    return {"civil": civil, "violence": violence, "budget": budget, "legislature": legislature}


def counts_of(document) -> dict[str, tuple[int, list[int]]]:
    run = AnalysisRun.objects.get(document=document)
    return {c.family.slug: (c.count, c.pages) for c in run.theme_counts.select_related("family")}


def test_analysis_counts_english_themes_with_their_pages(ingest, analysis_families):
    document = ingest("nap.pdf", text_pdf(ENGLISH_PAGES))
    # "Civil Society Organisations" is one mention, not two: the longer keyword wins.
    assert counts_of(document) == {
        "civil-society": (2, [1]),
        "sexual-violence": (2, [2]),
        "budget": (2, [2]),
        "legislature": (1, [3]),
    }
    run = AnalysisRun.objects.get(document=document)
    assert (run.language, run.keyword_count, run.pages_analysed) == ("en", 6, 3)


def test_analysis_uses_the_documents_language_and_ignores_accents(ingest, analysis_families):
    document = ingest("pan.pdf", text_pdf(FRENCH_PAGES), language="fr")
    # French keywords only: "budget" (fr) counts, "allocat" (en) does not see "alloué".
    assert counts_of(document) == {
        "civil-society": (2, [1, 2]),
        "sexual-violence": (1, [1]),
        "budget": (1, [2]),
    }
    assert AnalysisRun.objects.get(document=document).keyword_count == 3


def test_analysis_suggests_evidence_with_exact_page_and_passage(ingest, analysis_families):
    document = ingest("nap.pdf", text_pdf(ENGLISH_PAGES))
    found = {
        (s.criterion, s.page_number, s.passage, tuple(s.terms), s.state)
        for s in EvidenceSuggestion.objects.filter(document=document)
    }
    assert found == {
        (
            "budget",
            2,
            "A budget of KES 2 million is allocated to the plan.",
            ("budget", "allocat"),
            SuggestionState.SUGGESTED,
        ),
        (
            "legislature",
            3,
            "The ministry reports every year to parliament.",
            ("parliament",),
            SuggestionState.SUGGESTED,
        ),
    }
    page_two = document.pages.get(number=2).text
    suggestion = EvidenceSuggestion.objects.get(document=document, criterion="budget")
    assert page_two[suggestion.position :].startswith(suggestion.passage)


def test_analysis_passage_keeps_a_sentence_across_lines_verbatim(ingest, analysis_families):
    page = "Every year the minister reports\nto the parliament on progress. Then comes a vote."
    document = ingest("nap.pdf", text_pdf([page]))
    suggestion = EvidenceSuggestion.objects.get(document=document)
    assert suggestion.passage == "Every year the minister reports\nto the parliament on progress."
    assert suggestion.passage in document.pages.get(number=1).text


def test_analysis_of_a_language_without_keywords_counts_nothing_and_says_so(
    client, ingest, analysis_families
):
    document = ingest("plan.pdf", text_pdf(["Ein Budget für den Plan."]), language="de")
    run = AnalysisRun.objects.get(document=document)
    assert (run.keyword_count, run.counted) == (0, False)
    assert not ThemeCount.objects.filter(run=run).exists()
    page = client.get(document.get_absolute_url()).content.decode()
    assert "There are no keywords in German yet" in page
    assert "unknown, not zero" in page


def test_analysis_is_deterministic_and_skips_unchanged_documents(ingest, analysis_families):
    document = ingest("nap.pdf", text_pdf(ENGLISH_PAGES))
    first = AnalysisRun.objects.get(document=document)
    assert document_analyse(document_id=document.pk) == first  # nothing changed
    again = document_analyse(document_id=document.pk, force=True)
    assert again.pk != first.pk and AnalysisRun.objects.filter(document=document).count() == 1
    assert counts_of(document)["civil-society"] == (2, [1])


def test_library_documents_get_themes_but_no_evidence(ingest, analysis_families, platform_admin):
    document = ingest("study.pdf", text_pdf(ENGLISH_PAGES), plan=None, actor=platform_admin)
    assert counts_of(document)["budget"] == (2, [2])
    assert not EvidenceSuggestion.objects.filter(document=document).exists()


def test_analysis_is_in_the_audit_trail(ingest, analysis_families):
    document = ingest("nap.pdf", text_pdf(ENGLISH_PAGES))
    activity = Activity.objects.get(
        verb="document.analysed",
        target_type=ContentType.objects.get_for_model(document),
        target_id=str(document.pk),
    )
    assert activity.actor is None and activity.channel == "worker"
    assert activity.changes["suggestions"] == {"added": 2, "kept": 0, "removed": 0}


def test_matcher_counts_prefixes_and_overlaps_once_per_family():
    rules = [
        analysis.rule_for(family=1, term="violen", prefix=True),
        analysis.rule_for(family=1, term="violence against women", prefix=False),
        analysis.rule_for(family=2, term="women", prefix=False),
    ]
    result = analysis.analyse([(4, "Violence against women; violent men. WOMEN.")], rules)
    assert result.counts[1].count == 2 and result.counts[1].pages == [4]
    assert result.counts[2].count == 2


# Re-analysis when keywords change --------------------------------------------------


def test_keyword_edit_reanalyses_and_keeps_reviewed_evidence(
    ingest, analysis_families, kenya_coordinator
):
    document = ingest("nap.pdf", text_pdf(ENGLISH_PAGES))
    budget = EvidenceSuggestion.objects.get(document=document, criterion="budget")
    evidence_confirm(actor=kenya_coordinator, suggestion=budget, note="Clear")
    admin = people.platform_admin()
    for keyword in Keyword.objects.filter(family=analysis_families["budget"]):
        keyword_delete(actor=admin, keyword=keyword)
    keyword_create(actor=admin, family=analysis_families["civil"], language="en", term="police")

    assert counts_of(document)["civil-society"] == (3, [1, 2])  # police now counts
    assert "budget" not in counts_of(document)
    kept = EvidenceSuggestion.objects.get(pk=budget.pk)
    assert (kept.state, kept.run, kept.note) == (SuggestionState.CONFIRMED, None, "Clear")
    # The unreviewed legislature suggestion is still found, so it stays as it was.
    assert EvidenceSuggestion.objects.filter(document=document, criterion="legislature").exists()


def test_keyword_removal_drops_unreviewed_suggestions(ingest, analysis_families):
    document = ingest("nap.pdf", text_pdf(ENGLISH_PAGES))
    admin = people.platform_admin()
    keyword_family_delete(actor=admin, family=analysis_families["legislature"])
    assert list(
        EvidenceSuggestion.objects.filter(document=document).values_list("criterion", flat=True)
    ) == ["budget"]


def test_reanalyse_documents_queues_only_stale_documents(ingest, analysis_families):
    english = ingest("nap.pdf", text_pdf(ENGLISH_PAGES))
    ingest("pan.pdf", text_pdf(FRENCH_PAGES), language="fr")
    assert reanalyse_documents() == 0
    Keyword.objects.create(family=analysis_families["civil"], language="en", term="drafting team")
    assert reanalyse_documents() == 1  # the English document only
    assert counts_of(english)["civil-society"] == (3, [1])
    assert reanalyse_documents(force=True) == 2


def test_keyword_services_are_for_platform_admins_only(analysis_families, kenya_coordinator):
    analyst = people.analyst()
    for actor in (kenya_coordinator, analyst):
        with pytest.raises(PermissionDenied):
            keyword_create(actor=actor, family=analysis_families["civil"], language="en", term="x")
        with pytest.raises(PermissionDenied):
            keyword_family_update(actor=actor, family=analysis_families["civil"], name="Renamed")
    assert not Keyword.objects.filter(term="x").exists()
    assert KeywordFamily.objects.get(pk=analysis_families["civil"].pk).name == "Civil society"


def test_keyword_services_name_bad_input(analysis_families):
    admin = people.platform_admin()
    with pytest.raises(ValidationError) as error:
        keyword_create(actor=admin, family=analysis_families["civil"], language="xx", term="a")
    assert "“xx” is not an ISO 639-1 language code." in error.value.message_dict["language"]
    with pytest.raises(ValidationError) as error:
        keyword_create(actor=admin, family=analysis_families["civil"], language="en", term="—")
    assert error.value.message_dict["term"] == ["A keyword needs at least one letter or digit."]
    with pytest.raises(ValidationError) as error:
        keyword_family_update(actor=admin, family=analysis_families["civil"], criterion="budget")
    assert "A criterion family names its criterion; a theme names none." in str(error.value)


# The admin ------------------------------------------------------------------------------


@pytest.fixture
def staff_platform_admin_client(client, db):
    user = people.platform_admin()
    User.objects.filter(pk=user.pk).update(is_staff=True)
    client.force_login(user)
    return client


def inline_data(family, rows, extra=3) -> dict:
    data = {
        "keywords-TOTAL_FORMS": str(len(rows) + extra),
        "keywords-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "keywords-MIN_NUM_FORMS": "0",
        "keywords-MAX_NUM_FORMS": "1000",
    }
    blank = {"language": "", "term": "", "match": "word"}  # as the browser sends extra rows
    for index, row in enumerate([*rows, *[blank] * extra]):
        for key, value in row.items():
            data[f"keywords-{index}-{key}"] = value
        data[f"keywords-{index}-family"] = str(family.pk)
    return data


def test_admin_keyword_edit_goes_through_services_and_reanalyses(
    staff_platform_admin_client, ingest, analysis_families
):
    document = ingest("nap.pdf", text_pdf(ENGLISH_PAGES))
    family = analysis_families["violence"]
    keywords_ = list(family.keywords.order_by("pk"))
    rows = [
        {"id": str(k.pk), "language": k.language, "term": k.term, "match": k.match}
        for k in keywords_
    ]
    rows[0]["DELETE"] = "on"  # "sexual violence" (en) goes
    rows.append({"language": "en", "term": "Survivors", "match": "word"})
    data = {
        "name": "Sexual violence",
        "slug": family.slug,
        "kind": "theme",
        "criterion": "",
        "description": "Edited in the admin",
        **inline_data(family, rows, extra=2),
    }
    url = reverse("admin:library_keywordfamily_change", args=[family.pk])
    response = staff_platform_admin_client.post(url, data)
    assert response.status_code == 302, re.findall(
        r"errorlist[^<]*<li>[^<]*", response.content.decode()
    )
    assert set(family.keywords.values_list("language", "term")) == {
        ("fr", "violences sexuel"),
        ("en", "Survivors"),
    }
    assert counts_of(document)["sexual-violence"] == (1, [2])  # "survivors" on page 2
    verbs = set(Activity.objects.filter(channel="admin").values_list("verb", flat=True))
    assert verbs == {"keyword_family.updated", "keyword.deleted", "keyword.created"}


def test_admin_refuses_a_bad_language_beside_the_field(
    staff_platform_admin_client, analysis_families
):
    family = analysis_families["civil"]
    data = {
        "name": family.name,
        "slug": family.slug,
        "kind": "theme",
        "criterion": "",
        "description": "",
        **inline_data(family, [{"language": "zz", "term": "words", "match": "word"}]),
    }
    response = staff_platform_admin_client.post(
        reverse("admin:library_keywordfamily_change", args=[family.pk]), data
    )
    assert "“zz” is not an ISO 639-1 language code." in response.content.decode()
    assert not Keyword.objects.filter(term="words").exists()


def test_admin_keyword_families_are_closed_to_other_staff(client, analysis_families):
    staff = people.moderator()
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    client.force_login(staff)
    url = reverse("admin:library_keywordfamily_change", args=[analysis_families["civil"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Vandalised"}).status_code == 403
    assert KeywordFamily.objects.get(pk=analysis_families["civil"].pk).name == "Civil society"


# The starter list -----------------------------------------------------------------------


def test_starter_list_covers_every_criterion_in_the_six_un_languages():
    specs = keywords.parse()
    criteria = {spec.criterion for spec in specs if spec.kind == FamilyKind.CRITERION}
    assert criteria == set(Criterion.values)
    for spec in specs:
        languages = {language for language, _t, _m in spec.keywords}
        assert languages == {"ar", "zh", "en", "fr", "ru", "es"}, spec.slug
    themes = {spec.slug for spec in specs if spec.kind == FamilyKind.THEME}
    assert {
        "sexual-violence",
        "trafficking",
        "climate",
        "cyber",
        "lgbtqi",
        "men-and-boys",
    } <= themes
    text = keywords.STARTER_LIST.read_text()
    assert text.startswith("# NAPtrack editorial starter list")


def test_starter_list_is_seeded_by_the_migration_and_loads_idempotently():
    specs = keywords.parse()
    assert KeywordFamily.objects.count() == len(specs)
    assert Keyword.objects.count() == sum(len(spec.keywords) for spec in specs)
    assert keyword_families_load() == (0, 0)
    KeywordFamily.objects.get(slug="climate").delete()
    assert keyword_families_load()[0] == 1


def test_starter_list_finds_themes_in_a_spanish_plan(ingest):
    page = (
        "Plan sintético para las pruebas. La violencia sexual y la trata de personas "
        "afectan a las mujeres desplazadas. El presupuesto asignado es de 5 millones."
    )
    document = ingest("pan.pdf", text_pdf([page[:80], page[80:]]), language="es")
    found = counts_of(document)
    assert {"sexual-violence", "trafficking", "refugees-displaced"} <= set(found)
    criteria = set(
        EvidenceSuggestion.objects.filter(document=document).values_list("criterion", flat=True)
    )
    assert "budget" in criteria


def test_keyword_file_problems_name_line_and_column(tmp_path):
    bad = tmp_path / "families.csv"
    bad.write_text(
        "# comment\n"
        "family,kind,criterion,name,description,language,term,match\n"
        "x,theme,,X,,en,words,word\n"
        "x,theme,,,,english,more,word\n"
        "y,criterion,nonsense,Y,,en,z,word\n"
        "x,theme,,,,en,other,sometimes\n",
        encoding="utf-8",
    )
    with pytest.raises(keywords.KeywordFileError) as error:
        keywords.parse(bad)
    assert error.value.problems == [
        "families.csv, line 4, column language: “english” is not an ISO 639-1 code.",
        "families.csv, line 5, column criterion: “nonsense” is not a criterion code.",
        "families.csv, line 6, column match: “sometimes” is not word or prefix.",
    ]


# Commands -------------------------------------------------------------------------------


def test_analyse_documents_command_catches_up(ingest, analysis_families):
    from io import StringIO

    from django.core.management import call_command

    document = ingest("nap.pdf", text_pdf(ENGLISH_PAGES))
    Keyword.objects.create(
        family=analysis_families["civil"], language="en", term="police"
    )  # no service
    out = StringIO()
    call_command("analyse_documents", stdout=out)
    assert out.getvalue().strip() == "Analysed 1 documents."
    assert counts_of(document)["civil-society"] == (3, [1, 2])
    call_command("analyse_documents", stdout=out)
    assert out.getvalue().strip().endswith("Analysed 0 documents.")


def test_load_keyword_families_command_names_problems(tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "families.csv"
    bad.write_text("family,kind\n", encoding="utf-8")
    with pytest.raises(CommandError, match="the columns must be family, kind, criterion"):
        call_command("load_keyword_families", file=str(bad))
