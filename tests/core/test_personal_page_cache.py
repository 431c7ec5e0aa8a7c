"""The personal page cache (decision 0010): a signed-in session's pages served from the
cache while nothing recorded has changed, and never to anyone else."""

import datetime
import re

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import reverse

from naptrack.accounts.choices import Role
from naptrack.accounts.services import membership_revoke
from naptrack.registry.models import ActionPlan
from naptrack.registry.services import plan_update
from naptrack.shadow_reports.services import shadow_report_create
from tests.factories import people
from tests.factories.core import ActivityFactory
from tests.factories.notifications import NotificationFactory
from tests.factories.registry import ActionPlanFactory


@pytest.fixture(autouse=True)
def personal_cache_on():
    """Tests run with the cache off (factories write rows without audit entries)."""
    caches["default"].clear()
    with override_settings(NAPTRACK_PERSONAL_CACHE_SECONDS=120):
        yield
    caches["default"].clear()


@pytest.fixture
def personal_cache_draft_plan(kenya):
    return ActionPlanFactory(
        country=kenya, title="Kenya draft only its coordinators see", publication="draft"
    )


@pytest.fixture
def published_plan(kenya):
    return ActionPlanFactory(country=kenya, title="Kenya plan everyone sees")


@pytest.fixture
def writer(published_plan):
    """A CSO member with a draft shadow report on the published plan."""
    user = people.cso_member(display_name="Amani Writer")
    organization = user.memberships.get().organization
    report = shadow_report_create(
        actor=user,
        plan=published_plan,
        author=organization,
        title="Amani's unpublished draft",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    user.draft = report
    return user


def signed_in(user, **client_options) -> Client:
    client = Client(**client_options)
    client.force_login(user)
    return client


def visit(client: Client, path: str):
    """The first request of a session gets its CSRF cookie (not stored: the page's token
    belongs to a secret made for it); from the second on, the page is stored and served."""
    if "csrftoken" not in client.cookies:
        client.get(path)
    return client.get(path)


def change_without_audit(plan, title):
    """A write no service made (no Activity row): only a fresh render would show it."""
    ActionPlan.objects.filter(pk=plan.pk).update(title=title)


def text(response) -> str:
    return response.content.decode()


def test_a_repeat_visit_is_served_from_the_cache(kenya_coordinator, published_plan):
    client = signed_in(kenya_coordinator)
    path = published_plan.get_absolute_url()
    first = visit(client, path)
    change_without_audit(published_plan, "Title written behind the services' back")
    second = client.get(path)
    assert second.content == first.content
    assert "Kenya plan everyone sees" in text(second)


def test_a_cache_hit_is_private_and_never_stored_by_browsers(kenya_coordinator, published_plan):
    client = signed_in(kenya_coordinator)
    path = published_plan.get_absolute_url()
    visit(client, path)
    change_without_audit(published_plan, "Not shown: proves the next answer is a hit")
    hit = client.get(path)
    assert "Not shown" not in text(hit)
    assert hit["Cache-Control"] == "private, no-store"


def test_one_users_page_is_never_served_to_another(
    kenya_coordinator, uganda_coordinator, personal_cache_draft_plan, writer
):
    coordinator = signed_in(kenya_coordinator)
    outsider = signed_in(uganda_coordinator)
    assert personal_cache_draft_plan.title in text(visit(coordinator, "/reporting/"))
    assert personal_cache_draft_plan.title not in text(visit(outsider, "/reporting/"))
    assert visit(outsider, personal_cache_draft_plan.get_absolute_url()).status_code == 404
    assert personal_cache_draft_plan.title in text(
        visit(coordinator, personal_cache_draft_plan.get_absolute_url())
    )
    assert visit(outsider, personal_cache_draft_plan.get_absolute_url()).status_code == 404

    editor = f"/shadow-reports/{writer.draft.pk}/edit/"
    author = signed_in(writer)
    assert "Amani&#x27;s unpublished draft" in text(visit(author, editor))
    other = signed_in(people.cso_member(display_name="Other Member"))
    answer = visit(other, editor)
    assert answer.status_code in (403, 404)
    assert "unpublished draft" not in text(answer)


def test_anonymous_visitors_and_signed_in_users_never_share_an_entry(
    kenya_coordinator, personal_cache_draft_plan, client, settings
):
    settings.NAPTRACK_PUBLIC_CACHE_SECONDS = 300
    coordinator = signed_in(kenya_coordinator)
    assert personal_cache_draft_plan.title in text(visit(coordinator, "/"))
    anonymous_home = text(visit(client, "/"))
    assert personal_cache_draft_plan.title not in anonymous_home
    assert "Sign out" not in anonymous_home
    assert personal_cache_draft_plan.title in text(coordinator.get("/"))


def test_a_recorded_change_shows_on_the_next_request(kenya_coordinator, published_plan):
    client = signed_in(kenya_coordinator)
    path = published_plan.get_absolute_url()
    visit(client, path)
    plan_update(actor=kenya_coordinator, plan=published_plan, title="Renamed through a service")
    assert "Renamed through a service" in text(client.get(path))


def test_a_revoked_role_shows_on_the_next_request(
    kenya_coordinator, personal_cache_draft_plan, platform_admin
):
    client = signed_in(kenya_coordinator)
    assert visit(client, personal_cache_draft_plan.get_absolute_url()).status_code == 200
    membership = kenya_coordinator.memberships.get(role=Role.COORDINATOR)
    membership_revoke(actor=platform_admin, membership=membership)
    assert client.get(personal_cache_draft_plan.get_absolute_url()).status_code == 404


def queue_message(client: Client, message: str) -> None:
    """A flash message waiting for the next page, as a view that redirects leaves it (in
    the messages cookie), with no recorded change that would empty the cache anyway."""
    request = HttpRequest()
    storage = CookieStorage(request)
    storage.add(message_levels.SUCCESS, message)
    response = HttpResponse()
    storage.update(response)
    client.cookies[storage.cookie_name] = response.cookies[storage.cookie_name].value


def test_a_flash_message_bypasses_the_cache_and_shows_once(writer, published_plan):
    client = signed_in(writer)
    path = published_plan.get_absolute_url()
    visit(client, path)
    queue_message(client, "Saved, and shown once")
    page = client.get(path)
    assert text(page).count("Saved, and shown once") == 1
    assert "Saved, and shown once" not in text(client.get(path))
    assert "Saved, and shown once" not in text(client.get(path))


def test_a_recorded_follow_and_its_message_show_once(writer, published_plan):
    client = signed_in(writer)
    path = published_plan.get_absolute_url()
    visit(client, path)
    followed = client.post(f"/follows/plan/{published_plan.pk}/follow/", {"next": path})
    assert followed.status_code == 302
    page = client.get(path)
    assert text(page).count("You follow") == 1
    assert "Unfollow" in text(page)
    assert "You follow" not in text(client.get(path))  # stored now, without the message
    assert "You follow" not in text(client.get(path))  # and served so


def test_a_page_that_adds_a_message_is_not_stored(writer, published_plan, monkeypatch):
    """A view that queues a message for the next page: that page stays uncached."""
    from naptrack.core.middleware import PersonalPageCacheMiddleware

    client = signed_in(writer)
    path = published_plan.get_absolute_url()
    client.get(path)  # the CSRF cookie
    request = HttpRequest()
    request._messages = CookieStorage(request)
    request._messages.add(message_levels.INFO, "for the next page")
    assert request._messages.added_new
    assert not PersonalPageCacheMiddleware.may_store(request, client.get(path), "secret")


def test_a_cached_pages_csrf_token_still_works(writer, published_plan):
    client = signed_in(writer, enforce_csrf_checks=True)
    path = published_plan.get_absolute_url()
    visit(client, path)
    change_without_audit(published_plan, "Not shown: the next page is a hit")
    cached = client.get(path)
    assert "Not shown" not in text(cached)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(cached)).group(1)
    answer = client.post(
        f"/follows/plan/{published_plan.pk}/follow/",
        {"next": path, "csrfmiddlewaretoken": token},
    )
    assert answer.status_code == 302


def test_after_signing_out_and_in_the_page_is_fresh(writer, published_plan):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    signed = client.post(
        "/accounts/login/",
        {"login": writer.email, "password": people.PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert signed.status_code == 302
    path = published_plan.get_absolute_url()
    old_page = visit(client, path)
    old_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(old_page))[1]
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": old_token}).status_code == 302
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    client.post(
        "/accounts/login/",
        {"login": writer.email, "password": people.PASSWORD, "csrfmiddlewaretoken": token},
    )
    change_without_audit(published_plan, "Changed while signed out, without an audit row")
    fresh = client.get(path)
    assert "Changed while signed out" in text(fresh)
    new_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(fresh))[1]
    answer = client.post(
        f"/follows/plan/{published_plan.pk}/follow/",
        {"next": path, "csrfmiddlewaretoken": new_token},
    )
    assert answer.status_code == 302


def test_api_token_requests_never_use_it(kenya_coordinator, published_plan):
    from naptrack.core.middleware import is_session_user

    request = HttpRequest()
    request.user = kenya_coordinator
    request.META["HTTP_AUTHORIZATION"] = "Token abc"
    request.session = Client().session
    request.session.save()
    assert not is_session_user(request)
    client = signed_in(kenya_coordinator)
    path = published_plan.get_absolute_url()
    visit(client, path)
    change_without_audit(published_plan, "Seen by the request with a token")
    with_token = client.get(path, HTTP_AUTHORIZATION="Token not-a-real-token")
    assert "Seen by the request with a token" in text(with_token)


def test_a_page_off_the_list_is_never_cached(writer, published_plan):
    client = signed_in(writer)
    path = f"/plans/{published_plan.pk}/history/"  # public list only, not the personal one
    visit(client, path)
    change_without_audit(published_plan, "History page renders afresh")
    assert "History page renders afresh" in text(client.get(path))
    assert not any(key for key in _personal_keys())


def test_my_work_shows_a_notification_the_worker_adds_and_one_marked_read(
    kenya_coordinator, published_plan
):
    """My work's panel changes without an audit row; the user's notification state is in
    the key (NAPTRACK_PERSONAL_CACHE_KEY_PARTS), so neither change waits for the TTL. The
    event is recorded before the first visit: the data version stays as it was."""
    event = ActivityFactory(verb="reporting.update.approved")
    client = signed_in(kenya_coordinator)
    visit(client, "/me/")
    change_without_audit(published_plan, "Proves the next My work is a hit")
    assert client.get("/me/").content == visit(client, "/me/").content
    notification = NotificationFactory(
        recipient=kenya_coordinator, activity=event, url="/plans/worker-added/"
    )
    page = text(client.get("/me/"))
    assert "/plans/worker-added/" in page
    assert client.post(reverse("notifications:mark_read"), {"next": "/me/"}).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'class="unread"' in page and 'class="unread"' not in text(client.get("/me/"))


def test_another_users_notification_does_not_reach_my_work(kenya_coordinator, uganda_coordinator):
    event = ActivityFactory(verb="reporting.update.approved")
    client = signed_in(kenya_coordinator)
    before = visit(client, "/me/").content
    NotificationFactory(recipient=uganda_coordinator, activity=event, url="/plans/not-yours/")
    assert client.get("/me/").content == before  # still a hit: nothing of Kenya's changed


def _personal_keys():
    cache = caches["default"]
    return [key for key in getattr(cache, "_cache", {}) if "personal-page:" in key]


def test_with_the_setting_at_zero_nothing_is_cached(kenya_coordinator, published_plan, settings):
    settings.NAPTRACK_PERSONAL_CACHE_SECONDS = 0
    client = signed_in(kenya_coordinator)
    path = published_plan.get_absolute_url()
    visit(client, path)
    change_without_audit(published_plan, "Fresh with the cache off")
    assert "Fresh with the cache off" in text(client.get(path))
