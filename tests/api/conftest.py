"""Fixtures for the API tests: a JSON client, one user per role and Kenya's plans."""

import json

import pytest
from django.test import Client

from naptrack.accounts.choices import Role
from naptrack.registry.choices import PlanStatus, Publication
from tests.factories import people
from tests.factories.accounts import (
    OrganizationFactory,
    api_token_issue,
)
from tests.factories.registry import ActionPlanFactory, CitationFactory


class ApiClient:
    """Django's test client speaking JSON, with an optional bearer token."""

    def __init__(self, token: str | None = None):
        self.client = Client()
        self.token = token

    def _headers(self, token):
        token = token if token is not None else self.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, body=None, *, token=None, **query):
        url = path if path.startswith("/") else f"/api/v1/{path}"
        handler = getattr(self.client, method.lower())
        if method.upper() == "GET":
            return handler(url, query, headers=self._headers(token))
        data = json.dumps(body) if body is not None else ""
        return handler(url, data, content_type="application/json", headers=self._headers(token))

    def get(self, path, **query):
        return self.request("GET", path, **query)

    def post(self, path, body=None, **kwargs):
        return self.request("POST", path, body, **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self.request("PATCH", path, body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)


def client_for(user) -> ApiClient:
    return ApiClient(api_token_issue(user)[1])


@pytest.fixture
def kenya_coordinator_api(kenya_coordinator):
    return client_for(kenya_coordinator)


@pytest.fixture
def uganda_coordinator_api(db):
    return client_for(people.coordinator_of("UGA"))


@pytest.fixture
def analyst_api(db):
    return client_for(people.analyst())


@pytest.fixture
def cso_member_api(db, kenya):
    return client_for(people.cso_member(OrganizationFactory(country=kenya)))


@pytest.fixture
def platform_admin_api(db):
    return client_for(
        people.person(Role.PLATFORM_ADMIN, totp=True, is_superuser=True, user={"is_staff": True})
    )


OUTSIDER_ROLES = [
    "anonymous_api",
    "analyst_api",
    "cso_member_api",
    "uganda_coordinator_api",
    "platform_admin_api",
]


@pytest.fixture(params=OUTSIDER_ROLES)
def outsider_api(request):
    """Everyone who must not see Kenya's drafts nor change Kenya's plans."""
    return request.param, request.getfixturevalue(request.param)


@pytest.fixture
def api_kenya_draft(kenya):
    plan = ActionPlanFactory(
        country=kenya,
        title="Kenya draft NAP (unpublished)",
        generation=4,
        status=PlanStatus.DRAFTING,
        publication=Publication.DRAFT,
        adoption_date=None,
        adoption_precision="",
    )
    CitationFactory(plan=plan, url="https://example.org/kenya-draft-source")
    return plan


@pytest.fixture
def api_kenya_plan(kenya):
    """A published, adopted Kenya plan made for the test (the reference ones stay intact)."""
    plan = ActionPlanFactory(country=kenya, title="Kenya test NAP (published)", generation=5)
    CitationFactory(plan=plan, url="https://example.org/kenya-source")
    return plan


def error_of(response) -> dict:
    """The error block, after checking the response has the one error shape."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert body["error"]["message"], body
    return body["error"]
