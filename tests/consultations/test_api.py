"""The consultation API: public reads, comments and support with a token, answers by the
plan owner's coordinators, and errors that name the problem."""

from naptrack.consultations import services
from tests.api.conftest import ApiClient, client_for, error_of


def test_list_and_detail_read_like_the_page(anonymous_api, consultation, consultation_plan):
    listed = anonymous_api.get("consultations", plan_id=consultation_plan.pk).json()
    assert [c["title"] for c in listed["items"]] == [consultation.title]
    body = anonymous_api.get(f"consultations/{consultation.pk}").json()
    assert body["state"] == "open" and body["languages"] == ["en", "sw"]
    assert [q["text"] for q in body["questions"]] == [
        "What is missing?",
        "Which action matters most to you?",
    ]
    assert body["url"].endswith(f"/consultations/{consultation.pk}/")


def test_coordinator_token_lists_the_one_being_prepared(kenya_coordinator, draft_consultation):
    assert client_for(kenya_coordinator).get("consultations").json()["count"] == 1


def test_post_named_comment_on_an_action(signed_in_person, consultation, consultation_structure):
    api = client_for(signed_in_person)
    response = api.post(
        f"consultations/{consultation.pk}/comments",
        {
            "text": "Mediators need pay.",
            "identity": "named",
            "action_id": consultation_structure["1.1"].pk,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["about"] == "action" and body["byline"] == "Grace Named"
    assert body["channel"] == "api" and body["answer"] is None


def test_post_refuses_a_part_of_another_plan_naming_the_field(signed_in_person, consultation):
    from tests.factories.plans import ActionFactory

    api = client_for(signed_in_person)
    response = api.post(
        f"consultations/{consultation.pk}/comments",
        {"text": "x", "action_id": ActionFactory().pk},
    )
    assert response.status_code == 422
    assert "body.action_id" in error_of(response)["fields"]
    assert not consultation.comments.exists()


def test_post_refuses_two_parts(signed_in_person, consultation, consultation_structure):
    response = client_for(signed_in_person).post(
        f"consultations/{consultation.pk}/comments",
        {
            "text": "x",
            "action_id": consultation_structure["1.1"].pk,
            "objective_id": consultation_structure["1"].pk,
        },
    )
    assert response.status_code == 422 and "at most one" in error_of(response)["message"]


def test_support_then_answer(
    kenya_coordinator, signed_in_person, consultation, consultation_structure
):
    comment = services.comment_post(actor=None, consultation=consultation, text="Add shelters")
    base = f"consultations/{consultation.pk}/comments/{comment.pk}"
    supporter = client_for(signed_in_person)
    assert supporter.post(base + "/support").json()["support_count"] == 1
    again = supporter.post(base + "/support")
    assert again.status_code == 422 and "already" in error_of(again)["message"]
    answer = client_for(kenya_coordinator).request(
        "PUT",
        base + "/answer",
        {"outcome": "accepted", "text": "In 2.1", "action_id": consultation_structure["2.1"].pk},
    )
    assert (
        answer.status_code == 200 and answer.json()["action_id"] == consultation_structure["2.1"].pk
    )
    listed = ApiClient().get(f"consultations/{consultation.pk}/comments").json()["items"]
    assert listed[0]["answer"]["outcome"] == "accepted"
    tallies = ApiClient().get(f"consultations/{consultation.pk}").json()["tallies"]
    assert tallies == {
        "total": 1,
        "unanswered": 0,
        "supports": 1,
        "by_channel": {"web": 1},
        "by_outcome": {"accepted": 1},
    }


def test_answer_with_an_unknown_outcome_is_a_validation_error(kenya_coordinator, consultation):
    comment = services.comment_post(actor=None, consultation=consultation, text="Point")
    response = client_for(kenya_coordinator).request(
        "PUT",
        f"consultations/{consultation.pk}/comments/{comment.pk}/answer",
        {"outcome": "maybe", "text": "x"},
    )
    assert response.status_code == 422 and "body.outcome" in error_of(response)["fields"]
