"""The standardized report of a published official report: its sections and numbers in
HTML, PDF, XLSX and CSV, on a real cycle run through the services."""

import csv
import io
from decimal import Decimal

import pypdfium2
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from naptrack.reporting import output_access, outputs
from tests.reporting.outputs_fixtures import cycle_with_actions, published_report


def url(report, name="standard"):
    cycle = report.cycle
    return reverse(f"reporting_outputs:{name}", args=[cycle.plan_id, cycle.pk, report.version])


def rows_of(standard, slug):
    return next(t for t in standard.tables if t.slug == slug).rows


def test_standard_report_sections_hold_the_published_numbers(
    reporting_published, agency_a, agency_b
):
    standard = outputs.standard_report(
        output_access.report_for_output(None, *key(reporting_published))
    )
    assert [s.slug for s in standard.sections] == [
        "summary",
        "pillars",
        "agencies",
        "indicators",
        "spending",
        "overdue",
    ]
    facts = dict(standard.section("summary").facts)
    assert facts["Actions"] == 2
    assert facts["Agency reports approved"] == 2 and facts["Agency reports expected"] == 3
    assert facts["Actions: On track"] == 1 and facts["Actions: Delayed"] == 1
    assert facts["Actions: Completed"] == 0
    assert facts["Indicator values reported"] == 2
    assert facts["Agency actions overdue"] == 2
    assert facts["Spent (KES)"] == Decimal("1800.5")
    # Pillar, actions, then one column per standing (5 statuses, not reported, no agency).
    assert rows_of(standard, "pillars") == [["Participation", 2, 0, 1, 1, 0, 0, 0, 0]]
    assert rows_of(standard, "agencies") == [
        [agency_a.name, 1, 1, 1, 0, 1, 0, 0, 0, 1, Decimal("1500.5")],
        [agency_b.name, 1, 0, 1, 0, 0, 1, 0, 0, 0, Decimal("300")],
    ]


def key(report):
    return report.cycle.plan_id, report.cycle_id, report.version


def test_standard_report_indicators_against_targets(reporting_published, agency_a, agency_b):
    standard = outputs.standard_report(
        output_access.report_for_output(None, *key(reporting_published))
    )
    mediators, desks = rows_of(standard, "indicators")
    assert mediators[:6] == ["1.1", "1.1.a", "Women mediators trained", "women", "7", agency_a.name]
    # baseline unknown, target 2025 = 50, value 20: 40% of the way from 0
    assert mediators[6:11] == [None, "2025", Decimal("50"), Decimal("20"), Decimal("40.0")]
    assert mediators[11] == "by sex: Women and girls 20"
    assert desks[5:11] == [agency_b.name, None, "", None, Decimal("40"), None]


def test_standard_report_spending_and_overdue(reporting_published, agency_a, agency_b):
    standard = outputs.standard_report(
        output_access.report_for_output(None, *key(reporting_published))
    )
    by_pillar = rows_of(standard, "spending-pillars")
    # allocated 5000 + 1000 KES; 1800.50 spent = 30.0 %
    assert by_pillar == [
        ["Participation", "KES", Decimal("6000"), Decimal("1800.5"), Decimal("30.0")]
    ]
    by_action = rows_of(standard, "spending-actions")
    assert by_action == [
        [
            "1.1",
            "Train women mediators",
            "KES",
            Decimal("5000"),
            Decimal("1500.5"),
            Decimal("30.0"),
        ],
        ["2.1", "Open gender desks", "KES", Decimal("1000"), Decimal("300"), Decimal("30.0")],
    ]
    assert standard.section("spending").notes == []
    overdue = rows_of(standard, "overdue")
    assert [(row[0], row[2], row[4], row[5]) for row in overdue] == [
        ("2.1", agency_b.name, "Delayed", "reported delayed"),
        ("2.1", agency_a.name, "No approved report", "no approved report when published"),
    ]


def test_snapshot_records_budget_lines_and_timeframe(reporting_published, reporting_structure):
    first = reporting_published.snapshot["actions"][0]
    assert reporting_published.snapshot["schema"] == 2
    assert first["budget"] == [
        {"amount": "5000", "currency": "KES", "kind": "allocated", "funding_source": "Test fund"}
    ]
    assert first["end_year"] == reporting_structure["first"].end_year


def test_action_past_its_timeframe_is_overdue(request, reporting_structure, agency_a):
    # Published after the action's last year: on track is not enough any more.
    type(reporting_structure["first"]).objects.filter(pk=reporting_structure["first"].pk).update(
        start_year=2024, end_year=2025
    )
    report = published_report(request)
    standard = outputs.standard_report(output_access.report_for_output(None, *key(report)))
    overdue = [(row[0], row[2], row[5]) for row in rows_of(standard, "overdue")]
    assert ("1.1", agency_a.name, "its timeframe ended in 2025") in overdue


def test_schema_1_snapshot_says_budget_unknown_never_zero(reporting_published):
    # Reports published before schema 2 lack budget lines: unknown, not 0 allocated.
    for action in reporting_published.snapshot["actions"]:
        del action["budget"], action["end_year"], action["start_year"]
    standard = outputs.standard_report(reporting_published)
    assert rows_of(standard, "spending-pillars") == [
        ["Participation", "KES", None, Decimal("1800.5"), None]
    ]
    assert "does not record the plan's budget" in standard.section("spending").notes[0]


def test_standard_report_page_shows_every_section(client, reporting_published):
    html = client.get(url(reporting_published)).content.decode()
    for heading in [
        "Summary",
        "Progress by pillar",
        "Progress by agency",
        "Indicators against targets",
        "Spending against budget",
        "Overdue actions",
    ]:
        assert f">{heading}</h2>" in html
    assert "Standardized report: Kenya reporting test plan" in html
    assert "Two actions reported; gender desks are behind schedule." in html
    assert "<dt>Spent (KES)</dt><dd>1800.5</dd>" in html
    assert '<th scope="row">Participation</th><td>KES</td>' in html
    assert '<td class="num">40</td>' in html  # progress to target
    assert 'class="unknown">unknown</span>' in html  # desks have no target
    assert (
        url(reporting_published, "standard_pdf") in html
        and url(reporting_published, "standard_csv") in html
    )


def test_standard_report_pdf_is_a_real_pdf_with_the_report_text(client, reporting_published):
    response = client.get(url(reporting_published, "standard_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert default_storage.exists(
        outputs.pdf_path(reporting_published, "en")
    )  # laid out once, kept
    assert client.get(url(reporting_published, "standard_pdf")).content == response.content
    document = pypdfium2.PdfDocument(response.content)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    assert "Kenya reporting test plan" in text
    assert "Progress by pillar" in text and "Overdue actions" in text
    assert "1800.5" in text


def test_standard_report_xlsx_has_the_same_numbers(client, reporting_published, agency_a):
    response = client.get(url(reporting_published, "standard_xlsx"))
    assert 'filename="naptrack-report-' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == [
        "Summary",
        "By pillar",
        "By agency",
        "Indicators",
        "Spending by pillar",
        "Spending by action",
        "Overdue actions",
    ]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Plan"] == "Kenya reporting test plan"
    assert summary["Spent (KES)"] == 1800.5 and summary["Actions: Delayed"] == 1
    pillars = list(book["By pillar"].iter_rows(values_only=True))
    assert pillars[2] == ("Participation", 2, 0, 1, 1, 0, 0, 0, 0)
    indicators = list(book["Indicators"].iter_rows(values_only=True))
    assert indicators[2][:6] == (
        "1.1",
        "1.1.a",
        "Women mediators trained",
        "women",
        "7",
        agency_a.name,
    )
    assert indicators[2][6:11] == (None, "2025", 50, 20, 40)


def test_standard_report_csv_holds_every_cell(client, reporting_published):
    response = client.get(url(reporting_published, "standard_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    cell = {(r["section"], r["table"], r["row"], r["column"]): r["value"] for r in rows}
    assert cell[("report", "", "", "Plan")] == "Kenya reporting test plan"
    assert cell[("summary", "", "", "Spent (KES)")] == "1800.5"
    assert cell[("pillars", "pillars", "1", "Delayed")] == "1"
    assert cell[("indicators", "indicators", "1", "Progress to target (%)")] == "40"
    assert cell[("indicators", "indicators", "2", "Target")] == ""  # unknown stays empty


@pytest.mark.parametrize("count", [1, 3])
def test_standard_report_query_count_does_not_grow(
    django_assert_num_queries, client, kenya, kenya_coordinator, count
):
    report = cycle_with_actions(kenya, kenya_coordinator, count)
    # plan (3: plan_for_read's plan, citations, resolutions), the report, its versions
    with django_assert_num_queries(5):
        response = client.get(url(report))
    assert response.content.decode().count('<tr><th scope="row">Lead agency') == count
