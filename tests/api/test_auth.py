"""Bearer tokens: who a request acts for, and which tokens are refused."""

import datetime

import pytest
from django.utils import timezone

from naptrack.accounts.models import ApiToken
from tests.api.conftest import ApiClient, error_of
from tests.factories.accounts import UserFactory, api_token_issue


def test_read_without_token_is_anonymous_and_sees_no_drafts(anonymous_api, api_kenya_draft):
    response = anonymous_api.get("plans", q="unpublished")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_token_acts_for_its_user(kenya_coordinator, api_kenya_draft):
    _, raw = api_token_issue(kenya_coordinator)
    response = ApiClient(raw).get("plans", q="unpublished")
    assert [item["id"] for item in response.json()["items"]] == [api_kenya_draft.pk]


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-real-token", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz", "garbage"],
)
def test_wrong_authorization_header_is_refused_not_anonymous(client, db, header):
    response = client.get("/api/v1/plans", headers={"Authorization": header})
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_refused(kenya_coordinator):
    token, raw = api_token_issue(kenya_coordinator, revoked_at=timezone.now())
    response = ApiClient(raw).get("plans")
    assert response.status_code == 401
    assert "revoked" in error_of(response)["message"]
    token.refresh_from_db()
    assert token.last_used_at is None


def test_token_of_inactive_user_is_refused(db):
    _, raw = api_token_issue(UserFactory(is_active=False))
    response = ApiClient(raw).get("countries/KEN")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


def test_token_is_looked_up_by_digest_only(kenya_coordinator):
    token, raw = api_token_issue(kenya_coordinator)
    assert raw not in {token.digest, token.prefix}
    assert ApiClient(token.digest).get("plans").status_code == 401


def test_write_without_token_needs_authentication(anonymous_api, api_kenya_plan):
    response = anonymous_api.patch(f"plans/{api_kenya_plan.pk}", {"title": "Changed"})
    assert response.status_code == 401
    assert "Bearer" in error_of(response)["message"]
    api_kenya_plan.refresh_from_db()
    assert api_kenya_plan.title == "Kenya test NAP (published)"


def test_last_used_at_is_written_at_most_once_a_minute(kenya_coordinator):
    token, raw = api_token_issue(kenya_coordinator)
    client = ApiClient(raw)
    client.get("pillars")
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None

    client.get("pillars")
    token.refresh_from_db()
    assert token.last_used_at == first_use

    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=first_use - datetime.timedelta(minutes=2)
    )
    client.get("pillars")
    token.refresh_from_db()
    assert token.last_used_at >= first_use


def test_session_login_does_not_authenticate_the_api(client, kenya_coordinator, api_kenya_draft):
    """The API reads only bearer tokens, so a browser session brings no draft along."""
    client.force_login(kenya_coordinator)
    response = client.get("/api/v1/plans", {"q": "unpublished"})
    assert response.json()["count"] == 0


def test_token_writes_need_no_csrf_token(kenya_coordinator, api_kenya_plan):
    """The CSRF middleware guards cookie sessions; bearer-token calls must pass it."""
    from django.test import Client

    _, raw = api_token_issue(kenya_coordinator)
    response = Client(enforce_csrf_checks=True).patch(
        f"/api/v1/plans/{api_kenya_plan.pk}",
        '{"title": "Renamed over the API"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 200
    api_kenya_plan.refresh_from_db()
    assert api_kenya_plan.title == "Renamed over the API"
