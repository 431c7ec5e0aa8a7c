"""The consultation API's transitions, moderation and offline input, with the same
permissions as the pages, and no identity of anonymous input in any answer."""

import pytest

from naptrack.consultations import services
from naptrack.consultations.models import Consultation, InputSession
from tests.api.conftest import ApiClient, client_for
from tests.consultations.conftest import SECRET_CONTACT, SECRET_EMAIL, SECRET_NAME, TODAY
from tests.factories.accounts import UserFactory

NEW = {
    "title": "Have your say (API)",
    "opens_on": TODAY.isoformat(),
    "closes_on": TODAY.isoformat(),
    "languages": ["en", "sw"],
    "questions": ["What is missing?"],
}


def test_coordinator_prepares_opens_closes_and_reports_through_the_api(
    kenya_coordinator, consultation_plan, consultation_structure
):
    api = client_for(kenya_coordinator)
    created = api.post("consultations", {**NEW, "plan_id": consultation_plan.pk})
    assert created.status_code == 201 and created.json()["state"] == "draft"
    pk = created.json()["id"]
    assert api.post(f"consultations/{pk}/open").json()["state"] == "open"
    assert api.post(f"consultations/{pk}/close").json()["state"] == "closed"
    reported = api.post(f"consultations/{pk}/report", {"summary": "Nothing came in."})
    assert reported.status_code == 200 and reported.json()["state"] == "reported"
    assert reported.json()["report_summary"] == "Nothing came in."


@pytest.mark.parametrize("who", ["uganda_coordinator", "invited_cso_member", "moderator"])
def test_others_may_not_prepare_or_move_a_consultation(
    who, request, kenya_coordinator, consultation_plan, consultation_structure, consultation
):
    from tests.consultations.conftest import prepare

    draft = prepare(kenya_coordinator, consultation_plan, title="Still being prepared")
    api = client_for(request.getfixturevalue(who))
    assert api.post("consultations", {**NEW, "plan_id": consultation_plan.pk}).status_code == 403
    assert api.post(f"consultations/{consultation.pk}/close").status_code == 403
    # A consultation being prepared is not theirs to see: 404, as if missing.
    assert api.post(f"consultations/{draft.pk}/open").status_code == 404
    assert Consultation.objects.count() == 2
    assert ApiClient().post(f"consultations/{consultation.pk}/close").status_code == 401


def test_moderator_hides_and_restores_a_comment_others_cannot(
    moderator, kenya_coordinator, signed_in_person, consultation
):
    comment = services.comment_post(actor=signed_in_person, consultation=consultation, text="x")
    url = f"consultations/{consultation.pk}/comments/{comment.pk}"
    assert client_for(kenya_coordinator).post(url + "/hide", {"reason": "r"}).status_code == 403
    hidden = client_for(moderator).post(url + "/hide", {"reason": "Names a person."})
    assert hidden.status_code == 200
    assert ApiClient().get(f"consultations/{consultation.pk}/comments").json()["count"] == 0
    assert client_for(moderator).post(url + "/unhide", {"reason": "Edited."}).status_code == 200


def test_facilitator_records_a_session_through_the_api(
    kenya_coordinator, consultation, consultation_structure
):
    facilitator = UserFactory()
    services.facilitator_add(actor=kenya_coordinator, consultation=consultation, user=facilitator)
    payload = {
        "kind": "meeting",
        "held_on": TODAY.isoformat(),
        "district": "Garissa",
        "language": "so",
        "counts": [{"sex": "woman", "age_band": "36_59", "count": 11}],
        "points": [
            {
                "text": "Translate the plan into Somali.",
                "action_id": consultation_structure["1.2"].pk,
            },
            {"text": "Childcare at meetings.", "contact_email": SECRET_CONTACT},
        ],
    }
    response = client_for(facilitator).post(f"consultations/{consultation.pk}/sessions", payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["district"] == "Garissa" and body["point_count"] == 2
    assert body["counts"] == [{"sex": "woman", "age_band": "36_59", "count": 11}]
    outsider = client_for(UserFactory())
    assert outsider.post(f"consultations/{consultation.pk}/sessions", payload).status_code == 403
    assert InputSession.objects.count() == 1
    detail = ApiClient().get(f"consultations/{consultation.pk}").json()
    assert detail["reach"]["participants"] == 11
    assert detail["reach"]["by_place"] == [
        {"district": "Garissa", "records": 1, "participants": 11, "points": 2}
    ]
    assert detail["tallies"]["by_channel"] == {"offline": 2}


def test_no_api_answer_names_anonymous_input(
    kenya_coordinator, moderator, consultation, consultation_structure, secret_commenter
):
    services.comment_post(
        actor=secret_commenter, consultation=consultation, text="Quiet input", identity="anonymous"
    )
    services.comment_post(
        actor=None, consultation=consultation, text="Visitor input", contact_email=SECRET_CONTACT
    )
    facilitator = UserFactory()
    services.facilitator_add(actor=kenya_coordinator, consultation=consultation, user=facilitator)
    services.session_record(
        actor=facilitator,
        consultation=consultation,
        kind="meeting",
        held_on=TODAY,
        district="Lamu",
        language="sw",
        counts={("woman", "18_35"): 3},
        points=[{"text": "Point", "contact_email": SECRET_CONTACT}],
    )
    paths = [
        f"consultations/{consultation.pk}",
        f"consultations/{consultation.pk}/comments",
        f"consultations/{consultation.pk}/sessions",
        "consultations",
    ]
    for api in (ApiClient(), client_for(kenya_coordinator), client_for(moderator)):
        for path in paths:
            text = api.get(path).content.decode()
            for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_CONTACT, facilitator.email):
                assert secret not in text, (path, secret)
