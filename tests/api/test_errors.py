"""One error shape for every failure of the API, whatever raised it."""

import pytest

from naptrack.registry.models import ActionPlan
from tests.api.conftest import error_of


def test_unauthenticated_error_shape(client, db):
    response = client.get("/api/v1/plans", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert error_of(response) == {
        "code": "not_authenticated",
        "message": "This API token is unknown or revoked.",
        "fields": {},
    }


def test_permission_denied_error_shape(analyst, kenya_plan):
    response = analyst.patch(f"plans/{kenya_plan.pk}", {"title": "Hijacked"})
    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "permission_denied"
    assert "coordinators" in error["message"]


def test_not_found_error_shape(anonymous):
    response = anonymous.get("plans/999999999")
    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "message": "No such plan.", "fields": {}}


def test_unknown_path_answers_in_the_error_shape(anonymous):
    response = anonymous.get("no-such-endpoint")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert "no-such-endpoint" in error_of(response)["message"]


def test_non_numeric_plan_id_is_not_found(anonymous):
    response = anonymous.get("plans/kenya")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_query_validation_error_names_each_location(anonymous):
    response = anonymous.get("plans", status="finished", page="0", page_size="500")
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {"query.status", "query.page", "query.page_size"}
    assert "adopted" in error["fields"]["query.status"][0]
    assert "200" in error["fields"]["query.page_size"][0]


def test_body_validation_error_names_body_fields(kenya_coordinator):
    response = kenya_coordinator.post(
        "plans", {"country": "KEN", "adoption_date": "last spring", "generation": 0}
    )
    assert response.status_code == 422
    fields = error_of(response)["fields"]
    assert set(fields) == {"body.adoption_date", "body.generation"}


def test_service_validation_error_names_the_field(kenya_coordinator, kenya):
    count = ActionPlan.objects.count()
    response = kenya_coordinator.post("plans", {"country": "KEN", "resolutions": [1325, 4242]})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert error["fields"] == {"body.resolutions": ["Unknown resolution numbers: [4242]."]}
    assert ActionPlan.objects.count() == count


def test_rule_violation_is_a_validation_error_with_a_message(kenya_coordinator, kenya_plan):
    response = kenya_coordinator.post(
        f"plans/{kenya_plan.pk}/transitions", {"action": "start_drafting"}
    )
    assert response.status_code == 422
    error = error_of(response)
    assert "adopted" in error["message"] and "drafting" in error["message"]
    assert error["fields"] == {}


def test_malformed_json_is_a_bad_request(kenya_coordinator, kenya_plan):
    response = kenya_coordinator.client.patch(
        f"/api/v1/plans/{kenya_plan.pk}",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {kenya_coordinator.token}"},
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"


def test_unexpected_error_is_a_server_error_in_the_shape(anonymous, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("naptrack.registry.api.plan_search", broken)
    response = anonymous.get("plans")
    assert response.status_code == 500
    error = error_of(response)
    assert error == {"code": "server_error", "message": "Internal server error.", "fields": {}}


@pytest.mark.parametrize("path", ["plans/1/publish", "plans/1/transitions"])
def test_wrong_method_answers_in_the_error_shape(anonymous, path):
    response = anonymous.get(path)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert error_of(response) == {
        "code": "method_not_allowed",
        "message": "GET is not allowed here; use POST.",
        "fields": {},
    }


def test_api_root_points_to_the_documentation(anonymous):
    body = anonymous.get("/api/v1/").json()
    assert body["openapi"].endswith("/api/v1/openapi.json")
    assert body["docs"].endswith("/api/v1/docs")
