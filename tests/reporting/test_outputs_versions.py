"""A published version's standardized report never changes; a correction is a new version
with its own address, and each version points to the other."""

import csv
import io
from decimal import Decimal

import pypdfium2
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from naptrack.plans.models import Action, IndicatorTarget
from naptrack.reporting import outputs, services
from tests.factories.plans import BudgetLineFactory
from tests.reporting.conftest import update_of
from tests.reporting.outputs_fixtures import approve, save


def url(report, name="standard", version=None):
    cycle = report.cycle
    return reverse(
        f"reporting_outputs:{name}", args=[cycle.plan_id, cycle.pk, version or report.version]
    )


def every_output(client, report) -> dict:
    """What a reader gets in each format, as comparable values. The PDF is laid out
    afresh, not taken from the store of laid-out versions."""
    default_storage.delete(outputs.pdf_path(report, "en"))
    pdf = pypdfium2.PdfDocument(client.get(url(report, "standard_pdf")).content)
    book = load_workbook(io.BytesIO(client.get(url(report, "standard_xlsx")).content))
    return {
        "html": client.get(url(report)).content.decode(),
        "csv": client.get(url(report, "standard_csv")).content.decode(),
        "xlsx": {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames},
        "pdf": [page.get_textpage().get_text_range() for page in pdf],
    }


def change_everything(cycle, structure, coordinator, reporter_a, agency_a):
    """Reopen and change A's approved update, approve A's supporting one, and change the
    plan and its structure."""
    update_a = update_of(cycle, structure["first"], agency_a)
    services.update_return(actor=coordinator, update=update_a, comments={"narrative": "Fix"})
    save(update_a, reporter_a, narrative="Trained 99.", spending_amount=Decimal("99999"))
    services.update_submit(actor=reporter_a, update=update_a)
    services.update_approve(actor=coordinator, update=update_a)
    approve(
        update_of(cycle, structure["second"], agency_a), reporter_a, coordinator, status="completed"
    )
    Action.objects.filter(pk=structure["first"].pk).update(title="Renamed action", end_year=2025)
    IndicatorTarget.objects.filter(indicator=structure["mediators"]).update(value=10)
    BudgetLineFactory(action=structure["first"], amount=777, currency="KES")
    cycle.plan.title = "Renamed plan"
    cycle.plan.save()


def test_standard_report_unchanged_after_the_data_changes(
    client, reporting_published, reporting_structure, kenya_coordinator, reporter_a, agency_a
):
    before = every_output(client, reporting_published)
    change_everything(
        reporting_published.cycle, reporting_structure, kenya_coordinator, reporter_a, agency_a
    )
    after = every_output(client, reporting_published)
    assert after == before
    assert "Renamed" not in after["html"] and "99999" not in after["csv"]
    assert "Kenya reporting test plan" in after["html"]


def test_correction_is_a_new_version_and_both_point_to_each_other(
    client, reporting_published, reporting_structure, kenya_coordinator, reporter_a, agency_a
):
    v1_csv = client.get(url(reporting_published, "standard_csv")).content.decode()
    correction = services.report_correct(
        actor=kenya_coordinator,
        report=reporting_published,
        note="Agency A's support was reported late.",
    )
    assert (
        client.get(url(reporting_published, version=2)).status_code == 404
    )  # a draft until published
    second = update_of(reporting_published.cycle, reporting_structure["second"], agency_a)
    approve(second, reporter_a, kenya_coordinator, status="completed")
    services.report_publish(actor=kenya_coordinator, report=correction)

    v2 = client.get(url(reporting_published, version=2)).content.decode()
    assert "This version corrects version 1." in v2
    assert "Agency A&#x27;s support was reported late." in v2
    assert "What this correction changed from version 1" in v2
    changed = (
        '<th scope="row">Agency reports approved</th><td class="num">2</td><td class="num">3</td>'
    )
    assert changed in v2

    v1 = client.get(url(reporting_published)).content.decode()
    assert f'<a href="{url(reporting_published, version=2)}">version 2</a>' in v1
    assert "This version stays as it was published." in v1
    assert client.get(url(reporting_published, "standard_csv")).content.decode() == v1_csv

    rows = list(
        csv.DictReader(
            io.StringIO(client.get(url(reporting_published, "standard_csv", 2)).content.decode())
        )
    )
    report_facts = {r["column"]: r["value"] for r in rows if r["section"] == "report"}
    assert report_facts["Version"] == "2" and report_facts["Corrects version"] == "1"
    assert report_facts["Correction note"] == "Agency A's support was reported late."
