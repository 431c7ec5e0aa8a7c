"""Lessons: submitted by signed-in people, hidden until a moderator publishes them,
searchable and filterable, on pages and in the API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.core.models import Activity
from naptrack.lessons import services
from naptrack.lessons.models import Lesson
from naptrack.registry.choices import Publication
from naptrack.registry.models import Pillar
from tests.api.conftest import ApiClient, client_for
from tests.factories.accounts import AgencyFactory
from tests.factories.library import DocumentFactory
from tests.factories.people import cso_member, person, reporter_for
from tests.factories.registry import ActionPlanFactory

SECRET = "Okapi lesson waiting"


@pytest.fixture
def other(db):
    return person()


def submit(actor, **fields):
    values = {
        "title": SECRET,
        "summary": "County action plans in Kenya brought women's groups into monitoring.",
        "result": "Four counties now report every year.",
        "evidence_url": "https://africa.unwomen.org/en/lesson-test",
        "themes": ["localization", "monitoring"],
    }
    return services.lesson_submit(actor=actor, **{**values, **fields})


@pytest.fixture
def lesson(lesson_author, kenya):
    return submit(lesson_author, countries=[kenya])


def test_submit_records_an_audit_row(lesson, lesson_author):
    row = Activity.objects.get(verb="lesson.submitted", target_id=str(lesson.pk))
    assert row.actor == lesson_author and lesson.state == "submitted"


def test_anonymous_cannot_submit(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        submit(AnonymousUser())


def test_evidence_is_required(lesson_author):
    with pytest.raises(ValidationError) as error:
        submit(lesson_author, evidence_url="")
    assert "Give the evidence" in str(error.value)


def test_unknown_theme_is_refused(lesson_author):
    with pytest.raises(ValidationError) as error:
        submit(lesson_author, themes=["astrology"])
    assert "themes" in error.value.message_dict


def test_a_draft_plan_cannot_be_linked(lesson_author, kenya):
    draft = ActionPlanFactory(country=kenya, publication=Publication.DRAFT)
    with pytest.raises(ValidationError) as error:
        submit(lesson_author, plans=[draft])
    assert "plans" in error.value.message_dict


def test_a_private_document_cannot_be_the_evidence(lesson_author, kenya):
    draft = ActionPlanFactory(country=kenya, publication=Publication.DRAFT)
    with pytest.raises(ValidationError) as error:
        submit(lesson_author, evidence_document=DocumentFactory(plan=draft))
    assert "evidence_document" in error.value.message_dict


@pytest.mark.parametrize("who", [None, "other"])
def test_an_unmoderated_lesson_is_hidden(request, client, who, lesson):
    user = request.getfixturevalue(who) if who else None
    if user:
        client.force_login(user)
    assert client.get(f"/lessons/{lesson.pk}/").status_code == 404
    assert SECRET not in client.get("/lessons/").content.decode()
    api = client_for(user) if user else ApiClient()
    assert api.get(f"lessons/{lesson.pk}").status_code == 404
    assert SECRET not in str(api.get("lessons").json())


def test_the_author_sees_their_submission(client, lesson, lesson_author):
    client.force_login(lesson_author)
    assert SECRET in client.get(f"/lessons/{lesson.pk}/").content.decode()


def test_only_moderators_publish(lesson, lesson_author, other):
    for actor in (lesson_author, other):
        with pytest.raises(PermissionDenied):
            services.lesson_publish(actor=actor, lesson=lesson)


def test_published_lessons_are_public_and_filterable(client, lesson, moderator, kenya):
    services.lesson_publish(actor=moderator, lesson=lesson)
    assert SECRET in client.get("/lessons/?q=okapi").content.decode()
    assert SECRET in client.get("/lessons/?country=KEN&theme=localization").content.decode()
    assert SECRET not in client.get("/lessons/?theme=climate").content.decode()
    assert SECRET not in client.get("/lessons/?country=UGA").content.decode()
    body = ApiClient().get("lessons", theme="monitoring").json()
    assert [item["title"] for item in body["items"]] == [SECRET]
    assert body["items"][0]["countries"] == ["KEN"]


def test_reject_needs_a_reason_the_author_reads(client, lesson, moderator, lesson_author):
    with pytest.raises(ValidationError):
        services.lesson_reject(actor=moderator, lesson=lesson, reason=" ")
    services.lesson_reject(actor=moderator, lesson=lesson, reason="No evidence of the result.")
    client.force_login(lesson_author)
    assert "No evidence of the result." in client.get(f"/lessons/{lesson.pk}/").content.decode()


def test_submit_and_moderate_through_the_api(lesson_author, moderator):
    pillar = Pillar.objects.order_by("position").first()
    created = client_for(lesson_author).post(
        "lessons",
        {
            "title": "API lesson",
            "summary": "Tried",
            "result": "Worked",
            "evidence_url": "https://www.un.org/lesson-api",
            "themes": ["budget"],
            "pillars": [pillar.code],
            "countries": ["ken"],
        },
    )
    assert created.status_code == 201, created.json()
    lesson_id = created.json()["id"]
    assert client_for(lesson_author).post(f"lessons/{lesson_id}/publish").status_code == 403
    published = client_for(moderator).post(f"lessons/{lesson_id}/publish")
    assert published.json()["state"] == "published"
    assert Activity.objects.filter(verb="lesson.published", channel="api").exists()


def test_the_submit_page_works_without_javascript(client, lesson_author, kenya):
    client.force_login(lesson_author)
    response = client.post(
        "/lessons/new/",
        {
            "title": "Page lesson",
            "summary": "Tried",
            "result": "Worked",
            "evidence_url": "https://www.un.org/lesson-page",
            "themes": ["climate"],
            "countries": [kenya.pk],
        },
    )
    assert response.status_code == 302
    missing = client.post("/lessons/new/", {"title": "No evidence", "summary": "a", "result": "b"})
    assert missing.status_code == 400
    assert "Give the evidence" in missing.content.decode()


def _page_lesson(**fields):
    return {
        "title": "Lesson on behalf",
        "summary": "Tried",
        "result": "Worked",
        "evidence_url": "https://www.un.org/lesson-behalf",
        **fields,
    }


def test_a_member_shares_a_lesson_on_behalf_of_their_organization(client, kenya):
    ministry = AgencyFactory(name="Ministry of Public Service and Gender", country=kenya)
    reporter = reporter_for(ministry)
    client.force_login(reporter)
    form = client.get("/lessons/new/").content.decode()
    assert "Shared on behalf of" in form
    assert "Ministry of Public Service and Gender" in form
    response = client.post("/lessons/new/", _page_lesson(organization=ministry.pk))
    assert response.status_code == 302
    lesson = Lesson.objects.get(title="Lesson on behalf")
    assert lesson.organization == ministry
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "(Ministry of Public Service and Gender)" in page


def test_a_lesson_cannot_be_shared_on_behalf_of_someone_elses_organization(client, kenya):
    ministry = AgencyFactory(name="Ministry of Public Service and Gender", country=kenya)
    outsider = cso_member()
    client.force_login(outsider)
    form = client.get("/lessons/new/").content.decode()
    assert "Ministry of Public Service and Gender" not in form
    response = client.post("/lessons/new/", _page_lesson(organization=ministry.pk))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Lesson.objects.filter(title="Lesson on behalf").exists()


def test_someone_without_an_organization_shares_in_their_own_name(client, lesson_author):
    client.force_login(lesson_author)
    assert "Shared on behalf of" not in client.get("/lessons/new/").content.decode()
    assert client.post("/lessons/new/", _page_lesson()).status_code == 302
    assert Lesson.objects.get(title="Lesson on behalf").organization is None


def test_the_api_shares_a_lesson_on_behalf_of_the_signers_organization_only(kenya):
    ministry = AgencyFactory(name="Ministry of Public Service and Gender", country=kenya)
    other = AgencyFactory(name="Ministry nobody here belongs to", country=kenya)
    reporter = reporter_for(ministry)
    lesson = {"title": "API lesson on behalf", "summary": "Tried", "result": "Worked"}
    lesson["evidence_url"] = "https://www.un.org/lesson-api-behalf"
    refused = client_for(reporter).post("lessons", {**lesson, "organization_id": other.pk})
    missing = client_for(reporter).post("lessons", {**lesson, "organization_id": 999999})
    assert refused.status_code == missing.status_code == 422
    assert refused.json() == missing.json()  # nothing tells which organizations exist
    assert not Lesson.objects.filter(title="API lesson on behalf").exists()
    created = client_for(reporter).post("lessons", {**lesson, "organization_id": ministry.pk})
    assert created.status_code == 201, created.json()
    assert created.json()["organization"] == "Ministry of Public Service and Gender"
