"""The global compilation: one row per country and UN global indicator for a year, from
published reports only, with its source version; real and synthetic never mixed."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from naptrack.registry.choices import Origin
from naptrack.registry.models import StandardIndicator
from naptrack.reporting import compilation, services
from naptrack.reporting.services import ValueInput
from tests.factories import people
from tests.factories.registry import CountryFactory
from tests.reporting.outputs_fixtures import (
    cycle_with_actions,
    reported_cycle,
    save,
)


def kenya_rows(result):
    return {row[2]: row for row in result.table.rows if row[1] == "KEN"}


def test_compilation_has_a_row_per_country_and_global_indicator(reporting_published, agency_a):
    result = compilation.global_compilation(2025)
    indicators = StandardIndicator.objects.count()
    assert result.countries == 1 and len(result.table.rows) == indicators
    seven = kenya_rows(result)["7"]
    source = reverse(
        "reporting_outputs:standard",
        args=[reporting_published.cycle.plan_id, reporting_published.cycle_id, 1],
    )
    assert seven == [
        "Kenya",
        "KEN",
        "7",
        StandardIndicator.objects.get(number="7").short_name,
        "no (unverified)",
        Decimal("20"),
        "women",
        Decimal("50"),
        "2025",
        "1.1.a Women mediators trained",
        agency_a.name,
        "Kenya reporting test plan",
        "2025",
        1,
        source,
        "",
    ]
    one = kenya_rows(result)["1a"]
    assert one[4] == "yes" and one[5] is None
    assert one[15] == "no national indicator of this plan is mapped to it"


def test_compilation_takes_the_latest_published_version(
    reporting_published, reporting_structure, kenya_coordinator, reporter_a, update_a
):
    services.update_return(
        actor=kenya_coordinator, update=update_a, comments={"general": "Recount"}
    )
    save(
        update_a,
        reporter_a,
        indicator_values=[ValueInput(reporting_structure["mediators"].pk, Decimal("25"))],
    )
    services.update_submit(actor=reporter_a, update=update_a)
    services.update_approve(actor=kenya_coordinator, update=update_a)
    correction = services.report_correct(
        actor=kenya_coordinator, report=reporting_published, note="Recounted."
    )
    assert kenya_rows(compilation.global_compilation(2025))["7"][5] == Decimal("20")  # draft v2
    services.report_publish(actor=kenya_coordinator, report=correction)
    seven = kenya_rows(compilation.global_compilation(2025))["7"]
    assert seven[5] == Decimal("25") and seven[13] == 2


def test_compilation_leaves_out_drafts_other_years_and_unpublished_plans(
    request, kenya_coordinator, client
):
    cycle = reported_cycle(request)
    services.report_compile(actor=kenya_coordinator, cycle=cycle, summary="Not yet public.")
    assert compilation.global_compilation(2025).table.rows == []
    report = services.report_publish(actor=kenya_coordinator, report=cycle.reports.get())
    assert compilation.global_compilation(2024).table.rows == []
    assert compilation.global_compilation(2025).countries == 1
    cycle.plan.publication = "draft"
    cycle.plan.save()
    assert compilation.global_compilation(2025).table.rows == []
    html = client.get(reverse("reporting_outputs:compilation", args=[2025])).content.decode()
    assert "No country has a published official report for a period ending in 2025." in html
    assert "Kenya" not in html and report.summary not in html


def synthetic_report(standard):
    country = CountryFactory(name="Synthetic Country 001 [SYNTHETIC]")
    coordinator = people.coordinator_of(country)
    report = cycle_with_actions(country, coordinator, 1, title="Synthetic plan", standard=standard)
    report.cycle.plan.origin = Origin.SYNTHETIC
    report.cycle.plan.save()
    return report


def test_compilation_never_mixes_synthetic_and_real(reporting_published, client):
    seven = StandardIndicator.objects.get(number="7")
    synthetic_report(seven)
    real = client.get(reverse("reporting_outputs:compilation", args=[2025])).content.decode()
    assert "Kenya" in real and "Synthetic Country" not in real and "SYNTHETIC DATA" not in real
    response = client.get(
        reverse("reporting_outputs:compilation", args=[2025]), {"dataset": "synthetic"}
    )
    html = response.content.decode()
    assert "SYNTHETIC DATA" in html and "Synthetic Country 001" in html and "Kenya" not in html
    csv_text = client.get(
        reverse("reporting_outputs:compilation_csv", args=[2025]), {"dataset": "synthetic"}
    ).content.decode()
    assert "Synthetic Country 001" in csv_text and "Kenya" not in csv_text


def test_compilation_downloads_have_the_same_numbers(client, reporting_published):
    response = client.get(reverse("reporting_outputs:compilation_csv", args=[2025]))
    assert response["Content-Disposition"] == 'attachment; filename="naptrack-compilation-2025.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    seven = next(r for r in rows if r["UN global indicator"] == "7")
    assert (seven["Value"], seven["Target"], seven["Report version"]) == ("20", "50", "1")
    assert seven["Source"].startswith("http://testserver/plans/")
    assert next(r for r in rows if r["UN global indicator"] == "1a")["Value"] == ""
    response = client.get(reverse("reporting_outputs:compilation_xlsx", args=[2025]))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = list(book["Compilation 2025"].iter_rows(values_only=True))
    header, body = sheet[0], sheet[1:]
    seven = dict(zip(header, next(r for r in body if r[2] == "7"), strict=True))
    assert (seven["Value"], seven["Target"], seven["Unit"]) == (20, 50, "women")
    legend = {row[0]: row[2] for row in book["Global indicators"].iter_rows(values_only=True)}
    assert legend["7"] is False and legend["1a"] is True


def test_compilation_page_marks_unverified_global_indicators(client, reporting_published):
    html = client.get(reverse("reporting_outputs:compilation", args=[2025])).content.decode()
    assert "7. " in html and '<span class="badge">unverified</span>' in html
    assert "have not yet been checked against the annex of S/2010/498" in html


def test_compilation_refuses_an_unknown_dataset_and_absurd_years(client, db):
    response = client.get(reverse("reporting_outputs:compilation", args=[2025]), {"dataset": "all"})
    assert response.status_code == 400
    assert "Unknown dataset “all”: use “real” or “synthetic”." in response.content.decode()
    assert client.get(reverse("reporting_outputs:compilation", args=[1200])).status_code == 404


def test_compilation_index_lists_years_with_published_reports(client, reporting_published):
    html = client.get(reverse("reporting_outputs:compilation_index")).content.decode()
    assert f'href="{reverse("reporting_outputs:compilation", args=[2025])}"' in html
    response = client.get(reverse("reporting_outputs:compilation_index"), {"year": "2025"})
    assert response.status_code == 302 and response["Location"].endswith("/compilation/2025/")
    query = {"year": "2025", "dataset": "synthetic"}
    response = client.get(reverse("reporting_outputs:compilation_index"), query)
    assert response["Location"].endswith("/compilation/2025/?dataset=synthetic")


@pytest.mark.parametrize("count", [1, 3])
def test_compilation_query_count_does_not_grow(django_assert_num_queries, client, db, count):
    seven = StandardIndicator.objects.get(number="7")
    for n in range(count):
        country = CountryFactory(name=f"Compiland {n}")
        coordinator = people.coordinator_of(country)
        cycle_with_actions(country, coordinator, 1, title=f"Compiland plan {n}", standard=seven)
    # standard indicators, candidate reports, chosen reports, their snapshots
    with django_assert_num_queries(4):
        response = client.get(reverse("reporting_outputs:compilation", args=[2025]))
    html = response.content.decode()
    assert html.count(", 2025 v1</a>") == count * StandardIndicator.objects.count()
