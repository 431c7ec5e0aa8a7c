"""404, 403, 400 and 500 pages come in the site's shell with a way on (home, plans,
search); under /api/ they stay JSON in the API's error shape."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

WAY_ON = ('href="/"', 'href="/plans/"', 'href="/search/"', 'role="search"')


@pytest.fixture
def quiet_client(settings):
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def assert_site_shell(response, status: int, heading: str):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.text
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert f"<h1>{heading}</h1>" in html
    for link in WAY_ON:
        assert link in html, link


def assert_api_error(response, status: int):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["message"]


def test_missing_page_is_404_in_the_site_shell(quiet_client):
    response = quiet_client.get("/no-such-page/")
    assert_site_shell(response, 404, "Page not found")
    assert "/no-such-page/" in response.text


def test_refused_page_is_403_in_the_site_shell_with_the_reason(quiet_client):
    response = quiet_client.get("/error-test/forbidden/")
    assert_site_shell(response, 403, "You may not do this")
    assert "Only the plan&#x27;s coordinators may do this." in response.text
    assert 'href="/accounts/login/"' in response.text or "sign in" in response.text


def test_crash_is_500_in_the_site_shell(quiet_client):
    response = quiet_client.get("/error-test/crash/")
    assert_site_shell(response, 500, "Something went wrong on our side")
    assert "A bug, on purpose." not in response.text


def test_crash_falls_back_to_a_plain_page_when_the_shell_fails(quiet_client, monkeypatch):
    from naptrack.core import views

    def broken_render(*args, **kwargs):
        raise RuntimeError("The database is down.")

    monkeypatch.setattr(views, "render", broken_render)
    response = quiet_client.get("/error-test/crash/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert 'href="/plans/"' in response.text


def test_api_errors_stay_json(quiet_client):
    assert_api_error(quiet_client.get("/api/v1/no-such-endpoint"), 404)
    assert_api_error(quiet_client.get("/api/error-test/forbidden/"), 403)
    crash = quiet_client.get("/api/error-test/crash/")
    assert_api_error(crash, 500)
    assert crash.json()["error"]["code"] == "server_error"


def test_draft_plan_of_another_owner_is_the_same_404_page(quiet_client, kenya):
    from tests.factories.registry import ActionPlanFactory

    draft = ActionPlanFactory(country=kenya, title="Secret draft (error test)", publication="draft")
    response = quiet_client.get(draft.get_absolute_url())
    assert_site_shell(response, 404, "Page not found")
    assert "Secret draft" not in response.text
