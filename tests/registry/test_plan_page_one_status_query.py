"""The plan page builds the derived-status query once (issue #16): its plan, predecessor and
successor come from one query, with what plan_for_read and plan_relatives gave."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from naptrack.registry.models import ActionPlan
from naptrack.registry.permissions import plan_and_relatives_for_read, plan_for_read
from naptrack.registry.selectors import plan_relatives
from tests.factories.accounts import CoordinatorFactory
from tests.factories.registry import ActionPlanFactory

pytestmark = pytest.mark.django_db


def _same(expected, got):
    assert [p and (p.pk, p.current_status) for p in expected] == [
        p and (p.pk, p.current_status) for p in got
    ]


@pytest.mark.parametrize("key", ["NAP:KEN:g1", "NAP:KEN:g2", "NAP:KEN:g3"])
def test_one_query_gives_what_the_two_gave(kenya, key):
    pk = ActionPlan.objects.get(reference_key=key).pk
    draft = ActionPlanFactory(country=kenya, publication="draft", generation=9)
    for user in (AnonymousUser(), CoordinatorFactory(country=kenya).user):
        plan = plan_for_read(user, pk)
        got = plan_and_relatives_for_read(user, pk)
        _same([plan, *plan_relatives(user, plan)], got)
        assert got[0].citations.all()._result_cache is not None  # prefetched as before
    assert draft.pk not in {p and p.pk for p in got}


def test_a_draft_successor_stays_hidden_from_the_public(kenya):
    g3 = ActionPlan.objects.get(reference_key="NAP:KEN:g3")
    draft = ActionPlanFactory(country=kenya, publication="draft", predecessor=g3, generation=4)
    assert plan_and_relatives_for_read(AnonymousUser(), g3.pk)[2] is None
    coordinator = CoordinatorFactory(country=kenya).user
    assert plan_and_relatives_for_read(coordinator, g3.pk)[2] == draft
    with pytest.raises(Http404):
        plan_and_relatives_for_read(AnonymousUser(), draft.pk)
    with pytest.raises(Http404):
        plan_and_relatives_for_read(AnonymousUser(), "not-a-number")


def test_plan_page_reads_take_no_more_queries_than_before(kenya):
    pk = ActionPlan.objects.get(reference_key="NAP:KEN:g2").pk
    user = CoordinatorFactory(country=kenya).user
    with CaptureQueriesContext(connection) as before:
        plan_relatives(user, plan_for_read(user, pk))
    with CaptureQueriesContext(connection) as after:
        plan_and_relatives_for_read(user, pk)
    assert len(after) < len(before)


def test_plan_page_names_both_relatives(client, kenya):
    g2 = ActionPlan.objects.get(reference_key="NAP:KEN:g2")
    response = client.get(reverse("registry:plan", args=[g2.pk]))
    assert response.status_code == 200
    for key in ("NAP:KEN:g1", "NAP:KEN:g3"):
        other = ActionPlan.objects.get(reference_key=key)
        assert reverse("registry:plan", args=[other.pk]) in response.content.decode()
