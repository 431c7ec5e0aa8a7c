"""Report-card pages are cached for anonymous visitors until the audit trail moves: a
recomputed grade writes an Activity row, so a cached page shows the new grade at once."""

import pytest
from django.urls import reverse

from naptrack.report_cards import services

# The public page cache is off in tests: these are the tests of it.
pytestmark = pytest.mark.usefixtures("cache_on")


def test_cached_card_page_shows_a_recomputed_grade(client, empty_plan, django_assert_num_queries):
    services.report_card_recompute(plan=empty_plan)
    urls = [
        reverse("report_cards:card", args=[empty_plan.pk]),
        reverse("report_cards:badge", args=[empty_plan.pk]),
        reverse("report_cards:history", args=[empty_plan.pk]),
        "/api/v1/report-cards",
        f"/api/v1/plans/{empty_plan.pk}/report-card",
    ]
    for url in urls:
        client.get(url)
        with django_assert_num_queries(1):  # served from the cache
            client.get(url)
    empty_plan.budget = "allocated"
    empty_plan.save()  # not audited: the cache still serves the old page ...
    badge = reverse("report_cards:badge", args=[empty_plan.pk])
    assert "Design ? · Impl. ?" in client.get(badge).text
    services.report_card_recompute(plan=empty_plan)  # ... until the new card is recorded
    api = client.get(f"/api/v1/plans/{empty_plan.pk}/report-card").json()
    assert api["inputs"]["plan"]["budget"] == "allocated"
    assert "2 report cards" in client.get(urls[2]).text


def test_coordinator_statement_invalidates_the_cached_card(
    client, empty_plan, kenya_coordinator, django_capture_on_commit_callbacks
):
    url = reverse("report_cards:card", args=[empty_plan.pk])
    services.report_card_recompute(plan=empty_plan)
    assert "Yearly to parliament." not in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        services.statement_sign(
            actor=kenya_coordinator,
            plan=empty_plan,
            criterion="legislature",
            claim="met",
            text="Yearly to parliament.",
        )
    assert "Yearly to parliament." in client.get(url).text
