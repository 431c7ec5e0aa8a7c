"""One error shape for every failure of the API, whatever raised it."""

import json

import pytest
from django.test import Client

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


def test_permission_denied_error_shape(analyst_api, api_kenya_plan):
    response = analyst_api.patch(f"plans/{api_kenya_plan.pk}", {"title": "Hijacked"})
    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "permission_denied"
    assert "coordinators" in error["message"]


def test_not_found_error_shape(anonymous_api):
    response = anonymous_api.get("plans/999999999")
    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "message": "No such plan.", "fields": {}}


def test_unknown_path_answers_in_the_error_shape(anonymous_api):
    response = anonymous_api.get("no-such-endpoint")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert "no-such-endpoint" in error_of(response)["message"]


def test_non_numeric_plan_id_is_not_found(anonymous_api):
    response = anonymous_api.get("plans/kenya")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_query_validation_error_names_each_location(anonymous_api):
    response = anonymous_api.get("plans", status="finished", page="0", page_size="500")
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {"query.status", "query.page", "query.page_size"}
    assert "adopted" in error["fields"]["query.status"][0]
    assert "200" in error["fields"]["query.page_size"][0]


def test_body_validation_error_names_body_fields(kenya_coordinator_api):
    response = kenya_coordinator_api.post(
        "plans", {"country": "KEN", "adoption_date": "last spring", "generation": 0}
    )
    assert response.status_code == 422
    fields = error_of(response)["fields"]
    assert set(fields) == {"body.adoption_date", "body.generation"}


def test_service_validation_error_names_the_field(kenya_coordinator_api, kenya):
    count = ActionPlan.objects.count()
    response = kenya_coordinator_api.post("plans", {"country": "KEN", "resolutions": [1325, 4242]})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert error["fields"] == {"body.resolutions": ["Unknown resolution numbers: [4242]."]}
    assert ActionPlan.objects.count() == count


def test_rule_violation_is_a_validation_error_with_a_message(kenya_coordinator_api, api_kenya_plan):
    response = kenya_coordinator_api.post(
        f"plans/{api_kenya_plan.pk}/transitions", {"action": "start_drafting"}
    )
    assert response.status_code == 422
    error = error_of(response)
    assert "adopted" in error["message"] and "drafting" in error["message"]
    assert error["fields"] == {}


def test_malformed_json_is_a_bad_request(kenya_coordinator_api, api_kenya_plan):
    response = kenya_coordinator_api.client.patch(
        f"/api/v1/plans/{api_kenya_plan.pk}",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {kenya_coordinator_api.token}"},
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"


def test_unexpected_error_is_a_server_error_in_the_shape(anonymous_api, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("naptrack.registry.api.plan_search", broken)
    response = anonymous_api.get("plans")
    assert response.status_code == 500
    error = error_of(response)
    assert error == {"code": "server_error", "message": "Internal server error.", "fields": {}}


@pytest.mark.parametrize("path", ["plans/1/publish", "plans/1/transitions"])
def test_wrong_method_answers_in_the_error_shape(anonymous_api, path):
    response = anonymous_api.get(path)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert error_of(response) == {
        "code": "method_not_allowed",
        "message": "GET is not allowed here; use POST.",
        "fields": {},
    }


def test_api_root_points_to_the_documentation(anonymous_api):
    body = anonymous_api.get("/api/v1/").json()
    assert body["openapi"].endswith("/api/v1/openapi.json")
    assert body["docs"].endswith("/api/v1/docs")


# -- Everything under /api/ answers JSON, whatever Django layer answers -------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/no-such-endpoint", "/api/v1/plans/1/nothing"])
def test_writes_to_unknown_paths_are_json_404_not_a_csrf_page(db, method, path):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path, "{}", content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_writes_to_the_api_root_are_json_405(db, method):
    response = getattr(Client(enforce_csrf_checks=True), method)("/api/v1/")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert error_of(response)["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "path", ["/api/v1/plans%00", "/api/v1/plans%0a", "/api/v1/%0d%0a", "/api/v2/plans", "/api/"]
)
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_paths_no_url_matches_are_json_404(db, path, method):
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 404, response.content[:200]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert error_of(response)["code"] == "not_found"


def test_pages_outside_the_api_keep_the_html_404(db):
    response = Client().get("/no-such-page%0a")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def _as_client_response(response):
    """A response from calling a view directly, parsable like the test client's."""
    response.json = lambda: json.loads(response.content)
    return response


def test_csrf_failure_under_the_api_is_json(rf):
    from naptrack.core.views import csrf_failure

    response = _as_client_response(
        csrf_failure(rf.post("/api/v1/plans"), reason="CSRF cookie not set.")
    )
    assert response.status_code == 403
    assert "API token" in error_of(response)["message"]
    page = csrf_failure(rf.post("/plans/new/"), reason="CSRF cookie not set.")
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")


def test_csrf_failure_view_is_the_api_aware_one(settings):
    assert settings.CSRF_FAILURE_VIEW == "naptrack.core.views.csrf_failure"


def test_a_crash_outside_the_api_handlers_is_a_json_500(db, monkeypatch):
    """A middleware (or anything before ninja) failing still answers in the shape."""

    def broken(self, request):
        raise RuntimeError("cache on fire")

    monkeypatch.setattr(
        "naptrack.core.middleware.PublicPageCacheMiddleware.__call__", broken, raising=True
    )
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/plans")
    assert response.status_code == 500
    assert error_of(response) == {
        "code": "server_error",
        "message": "Internal server error.",
        "fields": {},
    }
    page = client.get("/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


def test_bad_and_forbidden_requests_outside_ninja_are_json(rf):
    from django.core.exceptions import PermissionDenied, SuspiciousOperation

    from naptrack.core.views import bad_request, permission_denied

    bad = _as_client_response(bad_request(rf.get("/api/v1/plans"), SuspiciousOperation("bad")))
    assert bad.status_code == 400 and error_of(bad)["code"] == "bad_request"
    denied = _as_client_response(
        permission_denied(rf.get("/api/v1/plans"), PermissionDenied("No."))
    )
    assert denied.status_code == 403 and error_of(denied) == {
        "code": "permission_denied",
        "message": "No.",
        "fields": {},
    }


# -- Out-of-range filters are a 422 naming the parameter, on every list -------------------

OUT_OF_RANGE = [
    ("plans", "adopted_from", "0"),
    ("plans", "adopted_from", "-1"),
    ("plans", "adopted_from", "10000"),
    ("plans", "adopted_to", "0"),
    ("plans", "adopted_to", "99999"),
    ("plans", "generation", "0"),
    ("plans", "status", "finished"),
    ("plans", "sort", "price"),
    ("regions", "level", "0"),
    ("regions", "level", "4"),
    ("report-cards", "status", "finished"),
    ("report-cards", "best", "Z"),
    ("reporting/updates", "state", "soon"),
    ("shadow-reports/invitations", "state", "soon"),
    ("themes", "by", "colour"),
]


@pytest.mark.parametrize(("path", "name", "value"), OUT_OF_RANGE)
def test_out_of_range_filter_is_a_validation_error_naming_it(anonymous_api, path, name, value):
    response = anonymous_api.get(path, **{name: value})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert list(error["fields"]) == [f"query.{name}"]


def test_adopted_years_in_the_wrong_order_are_refused(anonymous_api):
    response = anonymous_api.get("plans", adopted_from="2015", adopted_to="2010")
    assert response.status_code == 422
    assert error_of(response)["fields"] == {
        "query.adopted_to": ["2010 is before adopted_from (2015)."]
    }


def test_adopted_years_in_range_filter(anonymous_api, api_kenya_plan):
    year = api_kenya_plan.adoption_date.year
    found = anonymous_api.get("plans", adopted_from=str(year), adopted_to=str(year), q="Kenya test")
    assert [item["id"] for item in found.json()["items"]] == [api_kenya_plan.pk]
    assert anonymous_api.get("plans", adopted_from="2100", q="Kenya test").json()["count"] == 0


LISTS = [
    "countries",
    "organizations",
    "pillars",
    "plans",
    "regional-organizations",
    "regions",
    "report-cards",
    "reporting/updates",
    "resolutions",
    "shadow-reports/invitations",
    "shadow-reports/mine",
    "standard-indicators",
]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("name", "value"), [("page", "0"), ("page_size", "0"), ("page_size", "201")]
)
def test_out_of_range_page_is_a_validation_error_on_every_list(anonymous_api, path, name, value):
    response = anonymous_api.get(path, **{name: value})
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == [f"query.{name}"]


def test_nul_in_a_query_is_a_validation_error_on_every_database(anonymous_api):
    """PostgreSQL can neither store nor compare a NUL: refused before any query."""
    response = anonymous_api.get("plans", q="Kenya\x00", region="002")
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"query.q": ["Text may not contain NUL (\\u0000)."]}


def test_nul_in_a_json_body_is_a_validation_error(kenya_coordinator_api):
    count = ActionPlan.objects.count()
    response = kenya_coordinator_api.post("plans", {"country": "KEN", "title": "Nul\x00title"})
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["body"]
    assert ActionPlan.objects.count() == count
