"""A plan's implementation dashboard: published figures only, charts with their tables,
the accountability table with overdue actions first, and a query count that does not
grow with the plan."""

import datetime
import json
from decimal import Decimal

import altair as alt
import pytest
from django.urls import reverse

from naptrack.reporting import dashboard, services
from tests.reporting.conftest import update_of
from tests.reporting.outputs_fixtures import cycle_with_actions, reported_cycle


def url(plan):
    return reverse("reporting_outputs:dashboard", args=[plan.pk])


def table(board, slug):
    return next(f.table for f in board.figures if f.slug == slug)


def test_dashboard_figures_come_from_the_published_report(reporting_published, agency_a, agency_b):
    board = dashboard.plan_dashboard(
        reporting_published.cycle.plan, today=datetime.date(2026, 3, 1)
    )
    assert board.report == reporting_published
    assert table(board, "pillars").rows == [["Participation", 2, 0, 1, 1, 0, 0, 0, 0]]
    assert [row[:4] for row in table(board, "agencies").rows] == [
        [agency_a.name, 1, 1, 1],
        [agency_b.name, 1, 0, 1],
    ]
    # Mediators: 20 of a target of 50 (less than half way); desks: no target (unknown).
    assert table(board, "indicators").rows == [["Participation", 2, 0, 0, 1, 1]]
    assert table(board, "budget").rows == [
        ["Participation", "KES", Decimal("6000"), Decimal("1800.5"), Decimal("30.0")]
    ]


def test_dashboard_spending_adds_every_published_report_latest_version_only(
    reporting_published, reporting_structure, kenya_coordinator, reporter_a, agency_a
):
    from tests.reporting.outputs_fixtures import approve

    correction = services.report_correct(
        actor=kenya_coordinator, report=reporting_published, note="A late."
    )
    approve(
        update_of(reporting_published.cycle, reporting_structure["second"], agency_a),
        reporter_a,
        kenya_coordinator,
        status="completed",
        spending_amount=Decimal("200"),
        spending_currency="KES",
    )
    services.report_publish(actor=kenya_coordinator, report=correction)
    spent = dashboard.spending_to_date(reporting_published.cycle.plan)
    assert spent == {("Participation", "KES"): Decimal("2000.5")}  # v2 only, not v1 + v2


def test_accountability_table_lists_overdue_first(
    reporting_published, reporting_structure, agency_a, agency_b
):
    board = dashboard.plan_dashboard(
        reporting_published.cycle.plan, today=datetime.date(2028, 1, 1)
    )
    rows = board.accountability.rows
    # Every action ends in 2027: in 2028 only what is finished is not overdue; none is.
    assert [(r[0], r[1], r[4]) for r in rows] == [
        (agency_a.name, "1.1", "On track"),
        (agency_a.name, "2.1", "No approved report"),
        (agency_b.name, "2.1", "Delayed"),
    ]
    assert (
        rows[1][-1] == "no approved report in the latest published report; timeframe ended in 2027"
    )
    assert rows[2][-1] == "reported delayed; timeframe ended in 2027"
    early = dashboard.plan_dashboard(
        reporting_published.cycle.plan, today=datetime.date(2026, 3, 1)
    )
    assert [(r[0], r[1], bool(r[-1])) for r in early.accountability.rows] == [
        (agency_a.name, "2.1", True),
        (agency_b.name, "2.1", True),
        (agency_a.name, "1.1", False),
    ]


def test_dashboard_page_has_charts_with_their_tables(client, reporting_published, agency_a):
    html = client.get(url(reporting_published.cycle.plan)).content.decode()
    for slug in ["pillars", "agencies", "indicators", "budget"]:
        assert f'data-vega-spec="chart-{slug}-spec"' in html
        assert f'id="chart-{slug}-spec" type="application/json"' in html
    assert 'id="table-accountability"' in html and "Overdue:</strong> reported delayed" in html
    assert "2025, version 1</a>" in html
    assert "<script>" not in html.replace('type="application/json"', "")


def test_dashboard_chart_specs_are_valid_vega_lite(reporting_published):
    board = dashboard.plan_dashboard(reporting_published.cycle.plan)
    for figure in board.figures:
        assert figure.spec, figure.slug
        alt.Chart.from_dict(json.loads(json.dumps(figure.spec)), validate=True)


def test_dashboard_ignores_approved_updates_not_yet_published(
    client, request, kenya_coordinator, agency_a
):
    cycle = reported_cycle(request)  # two updates approved, no report published
    services.report_compile(actor=kenya_coordinator, cycle=cycle, summary="Draft only.")
    html = client.get(url(cycle.plan)).content.decode()
    assert "No official report on this plan has been published yet" in html
    assert "1800.5" not in html and "Draft only." not in html
    assert 'id="table-pillars">Actions by pillar and status' in html  # no table, a sentence
    assert html.count("Unknown until an official report is published.") == 3
    assert "Budget execution" in html  # the published plan's budget is public


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_does_not_grow(
    django_assert_num_queries, client, kenya, kenya_coordinator, count
):
    report = cycle_with_actions(kenya, kenya_coordinator, count)
    # plan (3), latest report, report list, spending to date, budget, pillars, actions,
    # responsibilities
    with django_assert_num_queries(10):
        response = client.get(url(report.cycle.plan))
    html = response.content.decode()
    assert html.count('<tr><th scope="row">Lead agency') == 2 * count  # by agency, accountability
