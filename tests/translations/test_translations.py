"""Authors' translations of titles and summaries: who may write them (and who may not),
the audit trail, the per-field fallback pages show, and the API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from naptrack.core.models import Activity
from naptrack.registry.choices import PlanStatus, Publication
from naptrack.registry.models import Country
from naptrack.shadow_reports.models import ShadowReport
from naptrack.translations import services
from naptrack.translations.models import ContentTranslation
from naptrack.translations.selectors import shown
from tests.api.conftest import ApiClient, client_for
from tests.factories import people
from tests.factories.accounts import CsoFactory
from tests.factories.plans import ActionFactory
from tests.factories.registry import ActionPlanFactory
from tests.factories.reporting import OfficialReportFactory, ReportingCycleFactory
from tests.factories.shadow_reports import ShadowReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def senegal_plan(db):
    return ActionPlanFactory(
        country=Country.objects.get(iso3="SEN"),
        title="Plan d'action national synthétique de test",
        language="fr",
    )


@pytest.fixture
def senegal_coordinator(senegal_plan):
    return people.coordinator_of(senegal_plan.country)


def test_page_shows_the_original_and_names_its_language(client, senegal_plan):
    with translation.override("en"):
        page = client.get(senegal_plan.get_absolute_url()).content.decode()
    assert 'lang="fr"' in page and "Plan d&#x27;action national synthétique de test" in page
    assert "Shown in French, the language it was written in." in page


def test_page_shows_the_authors_translation_in_the_visitors_language(
    client, senegal_plan, senegal_coordinator
):
    services.translation_save(
        actor=senegal_coordinator, obj=senegal_plan, field="title", language="en",
        text="Synthetic national action plan for tests",
    )  # fmt: skip
    with translation.override("en"):
        page = client.get(senegal_plan.get_absolute_url()).content.decode()
        assert shown(senegal_plan, "title").text == "Synthetic national action plan for tests"
    assert 'lang="en"' in page and "Synthetic national action plan for tests" in page
    assert "Shown in French" not in page
    with translation.override("ar"):  # no Arabic translation: the French original
        arabic = shown(senegal_plan, "title")
    assert (arabic.text, arabic.language, arabic.translated) == (senegal_plan.title, "fr", False)


def test_saving_a_translation_is_audited_and_empty_text_removes_it(
    senegal_plan, senegal_coordinator
):
    services.translation_save(
        actor=senegal_coordinator, obj=senegal_plan, field="title", language="es", text="Plan"
    )
    services.translation_save(
        actor=senegal_coordinator, obj=senegal_plan, field="title", language="es", text=""
    )
    verbs = list(
        Activity.objects.filter(target_id=str(senegal_plan.pk), verb__startswith="translation.")
        .order_by("pk")
        .values_list("verb", "changes")
    )
    assert verbs == [
        ("translation.added", {"title:es": {"before": "", "after": "Plan"}}),
        ("translation.removed", {"title:es": {"before": "Plan", "after": ""}}),
    ]
    assert not ContentTranslation.objects.exists()


def test_translation_refuses_unknown_field_language_and_the_originals_own(
    senegal_plan, senegal_coordinator
):
    for field, language, problem in [
        ("status_note", "en", "field"),
        ("title", "de", "language"),
        ("title", "fr", "language"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.translation_save(
                actor=senegal_coordinator,
                obj=senegal_plan,
                field=field,
                language=language,
                text="x",
            )
        assert problem in error.value.message_dict
    assert not ContentTranslation.objects.exists()


def test_author_translates_through_the_page(client, senegal_plan, senegal_coordinator):
    client.force_login(senegal_coordinator)
    url = f"/translations/plan/{senegal_plan.pk}/"
    with translation.override("en"):
        form = client.get(url).content.decode()
    assert "Title in Russian" in form and 'name="title__ru"' in form
    assert 'name="title__fr"' not in form  # not into the original's own language
    response = client.post(url, {"language": "fr", "title__ru": "Синтетический план"})
    assert response.status_code == 302
    (saved,) = ContentTranslation.objects.all()
    assert (saved.field, saved.language, saved.text, saved.author) == (
        "title", "ru", "Синтетический план", senegal_coordinator
    )  # fmt: skip


def test_non_author_cannot_translate_through_the_page(client, senegal_plan, kenya_coordinator):
    client.force_login(kenya_coordinator)
    url = f"/translations/plan/{senegal_plan.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"language": "en", "title__ru": "Взлом"}).status_code == 403
    senegal_plan.refresh_from_db()
    assert senegal_plan.language == "fr" and not ContentTranslation.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, senegal_plan):
    response = client.post(f"/translations/plan/{senegal_plan.pk}/", {"title__en": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ContentTranslation.objects.exists()


def test_api_reads_and_author_writes_translations(senegal_plan, senegal_coordinator):
    path = f"/api/v1/plans/{senegal_plan.pk}/translations"
    body = {"field": "title", "language": "zh", "text": "合成测试计划"}
    written = client_for(senegal_coordinator).request("PUT", path, body)
    assert written.status_code == 200, written.json()
    body = ApiClient().get(path).json()
    assert body["language"] == "fr" and body["fields"] == ["title"]
    assert [(t["field"], t["language"], t["text"]) for t in body["translations"]] == [
        ("title", "zh", "合成测试计划")
    ]
    assert Activity.objects.filter(verb="translation.added", channel="api").count() == 1


def test_api_refuses_non_authors_and_anonymous(senegal_plan, kenya_coordinator):
    path = f"/api/v1/plans/{senegal_plan.pk}/translations"
    body = {"field": "title", "language": "en", "text": "x"}
    assert client_for(kenya_coordinator).request("PUT", path, body).status_code == 403
    assert ApiClient().request("PUT", path, body).status_code == 401
    language = f"/api/v1/plans/{senegal_plan.pk}/language"
    assert (
        client_for(kenya_coordinator).request("PUT", language, {"language": "en"}).status_code
        == 403
    )
    senegal_plan.refresh_from_db()
    assert senegal_plan.language == "fr" and not ContentTranslation.objects.exists()


def test_author_sets_the_language_through_the_api_and_it_is_audited(
    senegal_plan, senegal_coordinator
):
    path = f"/api/v1/plans/{senegal_plan.pk}/language"
    response = client_for(senegal_coordinator).request("PUT", path, {"language": "xx"})
    assert response.status_code in (400, 422)
    assert (
        client_for(senegal_coordinator).request("PUT", path, {"language": "wo"}).json()["language"]
        == "wo"
    )
    senegal_plan.refresh_from_db()
    assert senegal_plan.language == "wo"
    (row,) = Activity.objects.filter(verb="language.changed")
    assert row.changes == {"language": {"before": "fr", "after": "wo"}}


@pytest.fixture
def shadow(db):
    return ShadowReportFactory(title="Rapport alternatif synthétique", language="fr")


def test_shadow_report_authors_translate_and_others_cannot(client, shadow, senegal_coordinator):
    author = people.cso_member(shadow.author)
    outsider = people.cso_member(CsoFactory())
    url = f"/translations/shadow-report/{shadow.pk}/"
    client.force_login(outsider)  # a draft of another organization: as if missing
    assert client.post(url, {"language": "fr", "title__en": "x"}).status_code == 404
    client.force_login(senegal_coordinator)  # a coordinator may not write a CSO's report
    assert client.post(url, {"language": "fr", "title__en": "x"}).status_code == 404
    client.force_login(author)
    response = client.post(url, {"language": "fr", "findings__es": "Hallazgos sintéticos"})
    assert response.status_code == 302
    assert list(ContentTranslation.objects.values_list("field", "language")) == [("findings", "es")]
    body = client_for(outsider).get(f"/api/v1/shadow-reports/{shadow.pk}/translations")
    assert body.status_code == 404  # a draft's translations stay hidden with the draft
    mine = client_for(author).get(f"/api/v1/shadow-reports/{shadow.pk}/translations").json()
    assert [t["text"] for t in mine["translations"]] == ["Hallazgos sintéticos"]


def test_draft_plan_translations_are_hidden_from_outsiders(kenya_coordinator):
    draft = ActionPlanFactory(
        country=Country.objects.get(iso3="SEN"),
        status=PlanStatus.DRAFTING,
        publication=Publication.DRAFT,
    )
    path = f"/api/v1/plans/{draft.pk}/translations"
    assert client_for(kenya_coordinator).get(path).status_code == 404
    assert ApiClient().get(path).status_code == 404


def test_structure_page_shows_translated_actions_and_names_the_plans_language(
    client, senegal_plan, senegal_coordinator
):
    action = ActionFactory(
        objective__pillar__plan=senegal_plan, title="Former les policières", language=""
    )
    services.translation_save(
        actor=senegal_coordinator,
        obj=action,
        field="title",
        language="en",
        text="Train policewomen",
    )
    with translation.override("en"):
        page = client.get(f"/plans/{senegal_plan.pk}/structure/").content.decode()
    assert 'lang="en"' in page and "Train policewomen" in page
    assert "Former les policières" not in page
    assert "Written in French; shown in that language" in page


def test_official_report_summary_is_translated_by_the_plans_coordinators(
    client, senegal_plan, senegal_coordinator, kenya_coordinator
):
    report = OfficialReportFactory(
        cycle__plan=senegal_plan, summary="Résumé synthétique", language="fr"
    )
    url = f"/translations/official-report/{report.pk}/"
    client.force_login(kenya_coordinator)  # a draft report of another owner's plan
    assert client.post(url, {"language": "fr", "summary__en": "x"}).status_code == 404
    client.force_login(senegal_coordinator)
    assert (
        client.post(url, {"language": "fr", "summary__en": "Synthetic summary"}).status_code == 302
    )
    (saved,) = ContentTranslation.objects.all()
    assert (saved.field, saved.language, saved.text) == ("summary", "en", "Synthetic summary")
    row = Activity.objects.get(verb="translation.added")
    assert row.target_id == str(report.pk) and row.actor == senegal_coordinator


def test_search_finds_a_plan_and_an_action_by_their_translated_words(
    senegal_plan, senegal_coordinator, django_capture_on_commit_callbacks
):
    from naptrack.library.search import search

    action = ActionFactory(objective__pillar__plan=senegal_plan, title="Former les policières")
    services.translation_save(
        actor=senegal_coordinator,
        obj=senegal_plan,
        field="title",
        language="ar",
        text="خطة العمل التجريبية",
    )
    with django_capture_on_commit_callbacks(execute=True):  # action records follow
        services.translation_save(
            actor=senegal_coordinator, obj=action, field="title", language="zh", text="培训女警察"
        )
    assert senegal_plan.title in {hit.title for hit in search(None, "التجريبية").hits}
    assert any(hit.kind == "action" for hit in search(None, "女警察").hits)


def test_shadow_report_form_records_its_language(client, senegal_plan):
    author = people.cso_member(CsoFactory())
    client.force_login(author)
    fields = {
        "author": author.memberships.get().organization_id,
        "title": "Informe sombra sintético",
        "language": "es",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "publication_mode": "named",
    }
    response = client.post(f"/plans/{senegal_plan.pk}/shadow-reports/new/", fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    report = ShadowReport.objects.get(title="Informe sombra sintético")
    assert report.language == "es"
    fields["language"] = "xx"
    assert client.post(f"/plans/{senegal_plan.pk}/shadow-reports/new/", fields).status_code == 400


def test_report_compile_form_records_the_summarys_language(
    client, senegal_plan, senegal_coordinator
):
    cycle = ReportingCycleFactory(plan=senegal_plan)
    client.force_login(senegal_coordinator)
    url = reverse("reporting:report_compile", args=[senegal_plan.pk, cycle.pk])
    response = client.post(url, {"summary": "Résumé de la période", "language": "fr"})
    assert response.status_code == 302
    report = cycle.reports.get()
    assert (report.summary, report.language) == ("Résumé de la période", "fr")
    row = Activity.objects.get(verb="reporting.report.compiled")
    assert row.changes["language"] == {"before": "", "after": "fr"}
