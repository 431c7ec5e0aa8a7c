"""Ranking rules: only plans with a grade are ranked; the others are counted by reason; a
plan is never ranked on implementation on unfinished cycles alone (not yet due nor
closed, or with a draft report in the making)."""

from django.urls import reverse

from naptrack.report_cards.selectors import RankingFilters, ranking, ranking_not_graded
from naptrack.reporting import services as reporting
from tests.factories.registry import ActionPlanFactory
from tests.report_cards.conftest import card_of, close_cycles

IMPLEMENTATION = RankingFilters(dimension="implementation", q="card test")


def ranked(user, filters=IMPLEMENTATION) -> list[int]:
    return [plan.pk for plan in ranking(user, filters)]


def test_plan_whose_only_reported_cycle_is_not_yet_due_is_not_ranked_on_implementation(
    full_plan, kenya_coordinator
):
    card = card_of(full_plan)
    assert card.implementation_grade == "A"  # the card itself still shows its grade
    assert ranked(None) == []
    assert ranking_not_graded(None, IMPLEMENTATION) == {"unfinished_cycle": 1}
    close_cycles(full_plan, kenya_coordinator)
    assert ranked(None) == [full_plan.pk]
    assert ranking_not_graded(None, IMPLEMENTATION) == {}


def test_cycle_with_a_draft_report_in_the_making_does_not_count(full_plan, kenya_coordinator):
    close_cycles(full_plan, kenya_coordinator)
    card_of(full_plan)
    assert ranked(None) == [full_plan.pk]
    published = full_plan.reporting_cycles.get().reports.get()
    reporting.report_correct(actor=kenya_coordinator, report=published, note="A figure was wrong.")
    assert ranked(None) == []
    assert ranking_not_graded(None, IMPLEMENTATION) == {"unfinished_cycle": 1}


def test_design_ranking_is_not_held_back_by_unfinished_cycles(full_plan):
    card_of(full_plan)
    assert ranked(None, RankingFilters(q="card test")) == [full_plan.pk]


def test_plans_without_a_card_or_a_grade_are_counted_by_reason(full_plan, empty_plan, kenya):
    card_of(full_plan), card_of(empty_plan)
    ActionPlanFactory(country=kenya, title="Kenya uncomputed plan (card test)")
    counts = ranking_not_graded(None, RankingFilters(q="card test"))
    assert counts == {"no_card": 1, "insufficient": 1}


def test_draft_plans_of_others_are_neither_ranked_nor_counted(kenya, full_plan):
    draft = ActionPlanFactory(
        country=kenya, title="Kenya draft plan (card test)", publication="draft"
    )
    card_of(draft), card_of(full_plan)
    filters = RankingFilters(q="card test")
    assert draft.pk not in ranked(None, filters)
    assert ranking_not_graded(None, filters) == {}


def test_ranking_page_and_api_say_how_many_are_not_graded_and_why(client, full_plan):
    card_of(full_plan)
    query = {"q": "card test", "dimension": "implementation"}
    html = client.get(reverse("report_cards:ranking"), query).text
    assert "0 plans graded." in html
    assert "1: its published reports are only of unfinished reporting cycles" in html
    body = client.get("/api/v1/report-cards/not-graded", query).json()
    assert body == {
        "dimension": "implementation",
        "total": 1,
        "reasons": {"unfinished_cycle": 1},
    }
    assert client.get("/api/v1/report-cards", query).json()["count"] == 0
