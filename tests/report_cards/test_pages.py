"""The report-card pages: a plan's card, its history, the method page, the ranking."""

from django.urls import reverse

from naptrack.report_cards import method, services
from tests.factories.people import person
from tests.report_cards.conftest import card_of, close_cycles


def test_card_page_shows_both_grades_each_criterion_and_its_evidence(client, full_plan):
    card_of(full_plan)
    html = client.get(reverse("report_cards:card", args=[full_plan.pk])).text
    assert 'id="design-grade"' in html and 'id="implementation-grade"' in html
    assert html.count('<span class="visually-hidden">Grade </span>A') == 2
    assert "Drafted with civil society in a participatory, transparent process" in html
    assert "Agreement between official and shadow reports" in html
    assert "The plan shows legislature on page 3." in html  # a quoted passage
    assert "For cycle 2025, 3 of 3 comparable shadow assessments agree" in html
    assert f"method version {method.METHOD_VERSION}" in html
    assert reverse("report_cards:method") in html


def test_card_page_counts_unknown_criteria_and_never_grades_them(client, empty_plan):
    card_of(empty_plan)
    html = client.get(reverse("report_cards:card", args=[empty_plan.pk])).text
    assert html.count("Insufficient information") == 2
    assert "12 unknown, not counted as a pass or a fail" in html
    # Seven implementation criteria are shown; contractor compliance is not counted (no contract).
    assert "6 unknown, not counted as a pass or a fail" in html
    assert "grade-E" not in html


def test_card_page_before_any_computation_says_so(client, empty_plan):
    html = client.get(reverse("report_cards:card", args=[empty_plan.pk])).text
    assert 'id="no-card"' in html


def test_statements_show_as_self_reported_on_the_card(client, mixed_plan):
    card_of(mixed_plan)
    html = client.get(reverse("report_cards:card", args=[mixed_plan.pk])).text
    assert "self-reported" in html
    assert "On participation." in html


def test_history_lists_every_card_newest_first(client, empty_plan):
    first = services.report_card_recompute(plan=empty_plan)
    empty_plan.budget = "allocated"
    empty_plan.save()
    second = services.report_card_recompute(plan=empty_plan)
    html = client.get(reverse("report_cards:history", args=[empty_plan.pk])).text
    first_link = reverse("report_cards:card_version", args=[empty_plan.pk, first.pk])
    second_link = reverse("report_cards:card_version", args=[empty_plan.pk, second.pk])
    assert html.index(second_link) < html.index(first_link)
    assert "2 report cards" in html


def test_card_version_of_another_plan_is_404(client, empty_plan, mixed_plan):
    other = card_of(mixed_plan)
    response = client.get(reverse("report_cards:card_version", args=[empty_plan.pk, other.pk]))
    assert response.status_code == 404


def test_method_page_is_generated_from_the_registry(client, db):
    html = client.get(reverse("report_cards:method")).text
    assert f"Method version {method.METHOD_VERSION}." in html
    for criterion in method.CRITERIA:
        assert f'id="criterion-{criterion.code}"' in html
    assert "Unknown is never counted as a pass or a fail" in html


def test_ranking_ranks_graded_plans_best_first_and_counts_the_others(
    client, full_plan, mixed_plan, empty_plan
):
    for plan in (full_plan, mixed_plan, empty_plan):
        card_of(plan)
    html = client.get(reverse("report_cards:ranking"), {"q": "card test"}).text
    positions = [html.index(p.display_title) for p in (full_plan, mixed_plan)]
    assert positions == sorted(positions)
    assert empty_plan.display_title not in html  # nothing known: not graded, not ranked
    assert "2 plans graded." in html
    assert "1 plan is not graded and not ranked:" in html
    assert "1: too few criteria known to give a grade" in html


def test_ranking_filters_by_grade_range_and_dimension(
    client, full_plan, mixed_plan, empty_plan, kenya_coordinator
):
    close_cycles(mixed_plan, kenya_coordinator)
    for plan in (full_plan, mixed_plan, empty_plan):
        card_of(plan)
    query = {"q": "card test", "dimension": "implementation", "best": "B", "worst": "E"}
    html = client.get(reverse("report_cards:ranking"), query).text
    assert mixed_plan.display_title in html
    assert full_plan.display_title not in html and empty_plan.display_title not in html


def test_ranking_sorts_worst_first(client, full_plan, mixed_plan):
    card_of(full_plan), card_of(mixed_plan)
    html = client.get(reverse("report_cards:ranking"), {"q": "card test", "sort": "-grade"}).text
    assert html.index(mixed_plan.display_title) < html.index(full_plan.display_title)


def test_ranking_refuses_an_inverted_grade_range_with_a_clear_message(client, db):
    response = client.get(reverse("report_cards:ranking"), {"best": "D", "worst": "A"})
    assert "“Worst grade” (A) is better than “Best grade” (D)." in response.text
    assert 'id="filter-errors"' in response.text


def test_ranking_filters_by_region_and_status(client, full_plan):
    card_of(full_plan)
    africa = client.get(reverse("report_cards:ranking"), {"region": "002", "q": "card test"})
    assert full_plan.display_title in africa.text
    europe = client.get(reverse("report_cards:ranking"), {"region": "150", "q": "card test"})
    assert full_plan.display_title not in europe.text
    expired = client.get(reverse("report_cards:ranking"), {"status": "expired", "q": "card test"})
    assert full_plan.display_title not in expired.text


def test_htmx_ranking_request_gets_only_the_results(client, full_plan):
    card_of(full_plan)
    response = client.get(
        reverse("report_cards:ranking"), {"q": "card test"}, HTTP_HX_REQUEST="true"
    )
    assert response.text.lstrip().startswith('<div id="results"')
    assert "<form" not in response.text


def test_coordinator_sees_the_statement_form_and_others_do_not(
    client, empty_plan, kenya_coordinator
):
    card_of(empty_plan)
    url = reverse("report_cards:card", args=[empty_plan.pk])
    assert "Sign the statement" not in client.get(url).text
    client.force_login(person())
    assert "Sign the statement" not in client.get(url).text
    client.force_login(kenya_coordinator)
    assert "Sign the statement" in client.get(url).text


def test_pages_have_no_inline_script_or_style(client, full_plan):
    card_of(full_plan)
    for url in (
        reverse("report_cards:card", args=[full_plan.pk]),
        reverse("report_cards:history", args=[full_plan.pk]),
        reverse("report_cards:ranking"),
        reverse("report_cards:method"),
    ):
        html = client.get(url).text
        assert "<script>" not in html and " style=" not in html


def test_ranking_filter_form_filters_the_ranking_in_place(client, db):
    html = client.get(reverse("report_cards:ranking")).text
    url = reverse("report_cards:ranking")
    assert f'action="{url}" role="search" aria-label="Filter report cards"' in html
    assert f'hx-get="{url}" hx-target="#results"' in html
    assert f'<a href="{url}">Clear filters</a>' in html
