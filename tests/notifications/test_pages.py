"""The notifications on "My work" (a fixed number of queries), marking them read, the
list page, and following countries, plans and regional bodies with plain forms."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from naptrack.core.models import Activity
from naptrack.notifications.models import Follow, Notification
from naptrack.registry.models import RegionalOrganization
from tests.factories.notifications import NotificationFactory
from tests.factories.people import person
from tests.factories.registry import ActionPlanFactory


def _notify(user, n: int) -> None:
    for index in range(n):
        NotificationFactory(
            recipient=user, activity__target_label=f"Event {index}", url=f"/plans/{index}/"
        )


def _dashboard_queries(client, user) -> tuple[int, str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accounts:dashboard"))
    return len(queries), response.content.decode()


def test_my_work_lists_notifications_in_a_fixed_number_of_queries(client, db):
    one, three = person(), person()
    _notify(one, 1)
    _notify(three, 3)
    count_one, page_one = _dashboard_queries(client, one)
    count_three, page_three = _dashboard_queries(client, three)
    assert "Event 0" in page_one and "Event 2" in page_three
    assert "1 new" in page_one and "3 new" in page_three
    assert count_one == count_three


def test_marking_read_one_or_all_touches_only_ones_own(client, db):
    me, other = person(), person()
    _notify(me, 2)
    _notify(other, 1)
    first = Notification.objects.filter(recipient=me).first()
    theirs = Notification.objects.get(recipient=other)
    client.force_login(me)
    client.post(reverse("notifications:mark_read"), {"notification": first.pk})
    assert Notification.objects.filter(recipient=me, read_at__isnull=True).count() == 1
    client.post(reverse("notifications:mark_read"), {"notification": theirs.pk})
    client.post(reverse("notifications:mark_read"))
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_page_shows_only_ones_own_notifications(client, db):
    me, other = person(), person()
    NotificationFactory(recipient=me, activity__target_label="Mine to see")
    NotificationFactory(recipient=other, activity__target_label="Not for me")
    client.force_login(me)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Mine to see" in page and "Not for me" not in page


def test_list_page_query_count_does_not_grow(client, db):
    one, three = person(), person()
    _notify(one, 1)
    _notify(three, 3)
    counts = []
    for user in (one, three):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("notifications:list"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("kind", ["country", "plan", "regional_organization"])
def test_follow_and_unfollow_from_the_subjects_page(client, kenya, kind):
    subject = {
        "country": lambda: kenya,
        "plan": lambda: ActionPlanFactory(country=kenya, title="Followed plan"),
        "regional_organization": lambda: RegionalOrganization.objects.first(),
    }[kind]()
    me = person()
    client.force_login(me)
    page = client.get(subject.get_absolute_url()).content.decode()
    assert ">Follow<" in page
    key = {"country": "iso3", "plan": "pk", "regional_organization": "slug"}[kind]
    key = getattr(subject, key)
    follow_url = reverse("notifications:follow", args=[kind, key, "follow"])
    assert follow_url in page
    response = client.post(follow_url)
    assert response.url == subject.get_absolute_url()
    assert Follow.objects.filter(user=me, **{kind: subject}).count() == 1
    assert ">Unfollow<" in client.get(subject.get_absolute_url()).content.decode()
    client.post(reverse("notifications:follow", args=[kind, key, "unfollow"]))
    assert not Follow.objects.filter(user=me).exists()
    verbs = list(Activity.objects.filter(actor=me).values_list("verb", flat=True))
    assert sorted(verbs) == ["follow.created", "follow.deleted"]


def test_anonymous_visitors_are_asked_to_sign_in_to_follow(client, kenya):
    page = client.get(kenya.get_absolute_url()).content.decode()
    assert "Sign in to follow" in page
    response = client.post(reverse("notifications:follow", args=["country", "KEN", "follow"]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Follow.objects.exists()


def test_nobody_follows_a_draft_they_may_not_see(client, kenya):
    draft = ActionPlanFactory(country=kenya, publication="draft", title="Secret draft")
    client.force_login(person())
    response = client.post(reverse("notifications:follow", args=["plan", draft.pk, "follow"]))
    assert response.status_code == 404 and not Follow.objects.exists()


def test_following_twice_keeps_one_follow(client, kenya):
    me = person()
    client.force_login(me)
    url = reverse("notifications:follow", args=["country", "KEN", "follow"])
    client.post(url)
    client.post(url)
    assert Follow.objects.filter(user=me).count() == 1
