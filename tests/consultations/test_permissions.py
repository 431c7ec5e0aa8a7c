"""Every role that must not see or change something tries, on the pages and in the API:
the public, a signed-in person with no role, a member of an uninvited CSO, another
country's coordinator and a moderator (who moderates, and nothing else)."""

import pytest
from django.urls import reverse

from naptrack.consultations import services
from naptrack.consultations.models import Consultation
from tests.api.conftest import ApiClient, client_for
from tests.consultations.conftest import prepare
from tests.factories.people import signed_in

OUTSIDERS = ["anonymous", "member", "other_cso_member", "uganda_coordinator", "moderator"]


def _user(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


def _api(user) -> ApiClient:
    return ApiClient() if user is None else client_for(user)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_consultation_being_prepared_is_hidden(request, client, role, draft_consultation):
    user = _user(request, role)
    signed_in(client, user)
    assert (
        client.get(reverse("consultations:detail", args=[draft_consultation.pk])).status_code == 404
    )
    assert (
        draft_consultation.title not in client.get(reverse("consultations:list")).content.decode()
    )
    api = _api(user)
    assert api.get(f"consultations/{draft_consultation.pk}").status_code == 404
    assert api.get(f"consultations/{draft_consultation.pk}/comments").status_code == 404
    assert api.get("consultations").json()["count"] == 0


@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize("step", ["edit", "open"])
def test_outsiders_cannot_change_or_open_a_prepared_one(
    request, client, role, step, draft_consultation
):
    signed_in(client, _user(request, role))
    response = client.post(reverse(f"consultations:{step}", args=[draft_consultation.pk]))
    assert response.status_code in (302, 404)  # sign-in first, or hidden
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
    draft_consultation.refresh_from_db()
    assert draft_consultation.state == "draft"


@pytest.mark.parametrize("role", ["member", "other_cso_member", "uganda_coordinator", "moderator"])
def test_outsiders_cannot_close_report_prepare_or_answer(
    request, client, role, consultation_plan, consultation
):
    user = _user(request, role)
    comment = services.comment_post(actor=None, consultation=consultation, text="Point")
    signed_in(client, user)
    assert client.post(reverse("consultations:close", args=[consultation.pk])).status_code == 403
    report = client.post(reverse("consultations:report", args=[consultation.pk]), {"summary": "s"})
    assert report.status_code == 403
    assert (
        client.get(reverse("consultations:create", args=[consultation_plan.pk])).status_code == 403
    )
    answer_url = reverse("consultations:answer", args=[consultation.pk, comment.pk])
    answer = client.post(answer_url, {"outcome": "accepted", "text": "Yes"})
    assert answer.status_code == 403
    api_answer = _api(user).request(
        "PUT",
        f"consultations/{consultation.pk}/comments/{comment.pk}/answer",
        {"outcome": "accepted", "text": "Yes"},
    )
    assert api_answer.status_code == 403
    consultation.refresh_from_db()
    assert consultation.state == "open" and not hasattr(comment, "answer")
    assert Consultation.objects.count() == 1


def test_anonymous_api_writes_need_a_token(anonymous_api, consultation):
    response = anonymous_api.post(f"consultations/{consultation.pk}/comments", {"text": "Hi"})
    assert response.status_code == 401
    assert not consultation.comments.exists()


@pytest.mark.parametrize("role", ["anonymous", "member", "other_cso_member", "kenya_coordinator"])
def test_only_moderators_hide(request, client, role, consultation):
    comment = services.comment_post(actor=None, consultation=consultation, text="Point")
    signed_in(client, _user(request, role))
    response = client.post(
        reverse("consultations:hide", args=[consultation.pk, comment.pk]), {"reason": "No"}
    )
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
    comment.refresh_from_db()
    assert comment.state == "visible"


@pytest.mark.parametrize("role", ["anonymous", "member", "other_cso_member", "kenya_coordinator"])
def test_a_hidden_comment_vanishes_for_all_but_moderators(
    request, client, role, moderator, consultation
):
    comment = services.comment_post(actor=None, consultation=consultation, text="HIDDEN-MARKER-7")
    services.comment_hide(actor=moderator, comment=comment, reason="Names a survivor")
    user = _user(request, role)
    signed_in(client, user)
    assert (
        "HIDDEN-MARKER-7"
        not in client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    )
    api = _api(user)
    body = api.get(f"consultations/{consultation.pk}/comments").json()
    assert body["count"] == 0 and "HIDDEN-MARKER-7" not in str(body)
    assert api.get(f"consultations/{consultation.pk}").json()["tallies"]["total"] == 0
    support = api.post(f"consultations/{consultation.pk}/comments/{comment.pk}/support")
    assert support.status_code in (401, 404)
    answer_page = client.get(reverse("consultations:answer", args=[consultation.pk, comment.pk]))
    assert answer_page.status_code in (302, 404)


@pytest.mark.parametrize("role", ["anonymous", "member", "other_cso_member", "uganda_coordinator"])
def test_invited_consultation_refuses_the_uninvited(
    request, client, role, kenya_coordinator, consultation_plan, consultation_structure, invited_org
):
    draft = prepare(
        kenya_coordinator,
        consultation_plan,
        participation="invited",
        invited_organizations=[invited_org],
    )
    consultation = services.consultation_open(actor=kenya_coordinator, consultation=draft)
    user = _user(request, role)
    signed_in(client, user)
    url = reverse("consultations:comment", args=[consultation.pk])
    assert client.post(url, {"text": "Let me in", "identity": "anonymous"}).status_code == 403
    if user is not None:
        api = _api(user).post(f"consultations/{consultation.pk}/comments", {"text": "Let me in"})
        assert api.status_code == 403
    assert not consultation.comments.exists()


def test_invited_member_takes_part(
    client,
    kenya_coordinator,
    consultation_plan,
    consultation_structure,
    invited_org,
    invited_cso_member,
):
    draft = prepare(
        kenya_coordinator,
        consultation_plan,
        participation="invited",
        invited_organizations=[invited_org],
    )
    consultation = services.consultation_open(actor=kenya_coordinator, consultation=draft)
    url = reverse("consultations:comment", args=[consultation.pk])
    response = signed_in(client, invited_cso_member).post(
        url, {"text": "From Turkana", "identity": "anonymous"}
    )
    assert response.status_code == 302
    assert consultation.comments.get().text == "From Turkana"


def test_a_consultation_on_a_plan_made_private_again_disappears(
    client, consultation_plan, consultation
):
    consultation_plan.publication = "draft"
    consultation_plan.save()
    assert client.get(reverse("consultations:detail", args=[consultation.pk])).status_code == 404
    assert ApiClient().get(f"consultations/{consultation.pk}").status_code == 404
