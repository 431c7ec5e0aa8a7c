"""The public page cache: anonymous GETs are served from it until anything changes."""

import pytest
from django.test import override_settings

from naptrack.registry.models import ActionPlan
from naptrack.registry.services import plan_publish, plan_update
from tests.factories.registry import ActionPlanFactory, CitationFactory

# The public page cache is off in tests: these are the tests of it.
pytestmark = pytest.mark.usefixtures("cache_on")


@pytest.fixture
def cached_kenya_plan(kenya):
    plan = ActionPlanFactory(country=kenya, title="Cached plan title")
    CitationFactory(plan=plan)
    return plan


def test_second_anonymous_visit_is_served_from_cache(
    client, cached_kenya_plan, django_assert_num_queries
):
    first = client.get(cached_kenya_plan.get_absolute_url())
    assert "Cached plan title" in first.content.decode()
    with django_assert_num_queries(1):  # only the data version
        second = client.get(cached_kenya_plan.get_absolute_url())
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_an_audited_change_invalidates_every_cached_page(
    client, cached_kenya_plan, kenya_coordinator
):
    assert "Cached plan title" in client.get(cached_kenya_plan.get_absolute_url()).content.decode()
    assert "Cached plan title" in client.get("/countries/KEN/").content.decode()
    plan_update(actor=kenya_coordinator, plan=cached_kenya_plan, title="Renamed plan title")
    assert "Renamed plan title" in client.get(cached_kenya_plan.get_absolute_url()).content.decode()
    assert "Renamed plan title" in client.get("/countries/KEN/").content.decode()


def test_signed_in_users_bypass_the_cache_and_drafts_never_enter_it(
    client, kenya, kenya_coordinator
):
    anonymous_page = client.get("/countries/KEN/").content.decode()
    draft = ActionPlanFactory(country=kenya, title="Secret draft", publication="draft")
    client.force_login(kenya_coordinator)
    assert "Secret draft" in client.get("/countries/KEN/").content.decode()
    client.logout()
    client.cookies.clear()
    again = client.get("/countries/KEN/").content.decode()
    assert "Secret draft" not in again
    assert again == anonymous_page
    assert ActionPlan.objects.filter(pk=draft.pk).exists()


def test_htmx_partial_and_full_page_are_cached_apart(client, db):
    full = client.get("/plans/?region=002").content.decode()
    partial = client.get("/plans/?region=002", headers={"HX-Request": "true"}).content.decode()
    assert "<html" in full and "<html" not in partial
    assert "<html" in client.get("/plans/?region=002").content.decode()


def test_api_token_requests_and_unlisted_paths_bypass_the_cache(client, cached_kenya_plan):
    assert client.get("/api/v1/plans", headers={"Authorization": "Bearer wrong"}).status_code == 401
    client.get("/api/v1/plans")
    assert client.get("/api/v1/plans", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert not any(p.fullmatch("/plans/1/edit/") for p in _patterns())
    assert not any(p.fullmatch("/documents/1/") for p in _patterns())


def test_a_404_is_not_cached_and_publishing_shows_the_plan(client, kenya, kenya_coordinator):
    draft = ActionPlanFactory(country=kenya, title="Soon public", publication="draft")
    CitationFactory(plan=draft)
    assert client.get(draft.get_absolute_url()).status_code == 404
    plan_publish(actor=kenya_coordinator, plan=draft)
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200 and "Soon public" in page.content.decode()


def _patterns():
    import re

    from django.conf import settings

    return [re.compile(p) for p in settings.NAPTRACK_PUBLIC_CACHE_PATHS]


@override_settings(ALLOWED_HOSTS=["naptrack.example", "mirror.example"])
def test_a_page_built_for_one_host_is_never_served_to_another(client, cached_kenya_plan):
    ActionPlanFactory(country=cached_kenya_plan.country)
    first = client.get("/api/v1/plans?page_size=1", HTTP_HOST="naptrack.example").json()
    assert first["next"].startswith("http://naptrack.example/")
    other = client.get("/api/v1/plans?page_size=1", HTTP_HOST="mirror.example").json()
    assert other["next"].startswith("http://mirror.example/")
    secure = client.get("/api/v1/plans?page_size=1", HTTP_HOST="mirror.example", secure=True)
    assert secure.json()["next"].startswith("https://mirror.example/")
    again = client.get("/api/v1/plans?page_size=1", HTTP_HOST="naptrack.example").json()
    assert again == first
