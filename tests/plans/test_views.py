import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from naptrack.plans.models import Action, Objective, PlanPillar, StructureVersion
from tests.plans.conftest import INDICATORS, build_workbook, upload


def url(name, plan, *args):
    return reverse(f"plans:{name}", args=[plan.pk, *args])


def test_structure_page_shows_the_tree_to_the_public(client, imported):
    page = client.get(url("structure", imported)).content.decode()
    for text in [
        "Participation",
        "More women in peace talks",
        "Train mediators",
        "Ministry of Defence",
        "Women mediators trained",
        "2025: 20",
        "2026: 50",
        "120000 KES",
        "30000.5 USD",
        "UN indicator 14",
        "SDG 5.5.1",
    ]:
        assert text in page, text
    assert "Change action" not in page and "Upload a spreadsheet" not in page


def test_structure_page_shows_unknown_baseline_and_missing_data_honestly(client, imported):
    page = client.get(url("structure", imported)).content.decode()
    row = page[page.index("Police stations with a gender desk") :]
    row = row[: row.index("</tr>")]
    assert '<span class="unknown">unknown</span>' in row
    assert ">0<" not in row
    Action.objects.filter(plan=imported, code="1.1.2").update(start_year=None, end_year=None)
    page = client.get(url("structure", imported)).content.decode()
    fund = page[page.index("Fund networks") :]
    assert "No budget lines recorded for this action." in fund[: fund.index("</article>")]
    assert "No indicators recorded for this action." in fund[: fund.index("</article>")]
    assert '<li class="unknown">None recorded</li>' in fund[: fund.index("</article>")]
    assert '<span class="unknown">unknown</span>' in fund[: fund.index("</article>")]


def test_structure_page_gives_coordinators_their_tools(kenya_coordinator_client, imported):
    page = kenya_coordinator_client.get(url("structure", imported)).content.decode()
    assert "Change action" in page
    assert url("upload", imported) in page
    assert url("template", imported) in page


def test_empty_structure_offers_to_start_and_start_seeds_pillars(
    kenya_coordinator_client, structure_plan
):
    page = kenya_coordinator_client.get(url("structure", structure_plan)).content.decode()
    assert "No structure has been recorded for this plan yet." in page
    response = kenya_coordinator_client.post(url("start", structure_plan))
    assert response.status_code == 302
    assert PlanPillar.objects.filter(plan=structure_plan).count() == 4
    page = kenya_coordinator_client.get(url("structure", structure_plan)).content.decode()
    assert "Relief and recovery" in page


def test_add_objective_with_a_plain_form(kenya_coordinator_client, imported):
    pillar = PlanPillar.objects.get(plan=imported, name="Prevention")
    add = url("add", imported, "objective") + f"?parent={pillar.pk}"
    form = kenya_coordinator_client.get(add).content.decode()
    assert f'<option value="{pillar.pk}" selected>' in form
    response = kenya_coordinator_client.post(
        add, {"pillar": pillar.pk, "code": "3.1", "title": "Early warning"}
    )
    assert response.status_code == 302
    assert Objective.objects.get(plan=imported, code="3.1").pillar == pillar
    assert StructureVersion.objects.filter(plan=imported).first().summary == "Objective 3.1 added"


def test_add_objective_with_a_taken_code_shows_the_error(kenya_coordinator_client, imported):
    pillar = PlanPillar.objects.get(plan=imported, name="Prevention")
    response = kenya_coordinator_client.post(
        url("add", imported, "objective"), {"pillar": pillar.pk, "code": "1.1", "title": "Dup"}
    )
    assert response.status_code == 400
    assert "This plan already has an objective with this code." in response.content.decode()
    assert Objective.objects.filter(plan=imported).count() == 2


def test_edit_action_without_javascript_redirects_to_the_action(kenya_coordinator_client, imported):
    action = Action.objects.get(plan=imported, code="1.1.1")
    data = {
        "objective": action.objective_id,
        "code": "1.1.1",
        "title": "Train women mediators",
        "description": "",
        "start_year": 2025,
        "end_year": 2027,
    }
    response = kenya_coordinator_client.post(url("edit", imported, "action", action.pk), data)
    assert response["Location"].endswith(f"#action-{action.pk}")
    action.refresh_from_db()
    assert action.title == "Train women mediators"


def test_edit_action_with_htmx_returns_only_the_action_fragment(kenya_coordinator_client, imported):
    action = Action.objects.get(plan=imported, code="1.1.1")
    edit = url("edit", imported, "action", action.pk)
    form = kenya_coordinator_client.get(edit, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in form and f'hx-post="{edit}"' in form
    data = {"objective": action.objective_id, "code": "1.1.1", "title": "Train 60 mediators"}
    response = kenya_coordinator_client.post(edit, data, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith(f'<article class="action" id="action-{action.pk}"')
    assert "Train 60 mediators" in body and "<html" not in body


def test_htmx_form_errors_go_back_into_the_slot(kenya_coordinator_client, imported):
    action = Action.objects.get(plan=imported, code="1.1.1")
    response = kenya_coordinator_client.post(
        url("add", imported, "budget") + f"?parent={action.pk}",
        {"amount": "-3", "currency": "USD", "kind": "spent"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == f"#slot-{action.pk}"
    assert "greater than or equal to 0." in response.content.decode()
    assert action.budget_lines.count() == 2


def test_set_target_through_the_form_shows_in_the_change_log(kenya_coordinator_client, imported):
    indicator = imported.indicators.get(code="2.1.1.a")
    target = indicator.targets.get(period="2025")
    response = kenya_coordinator_client.post(
        url("edit", imported, "target", target.pk), {"period": "1999", "value": "25"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.period, target.value) == ("2025", 25)  # the period is not editable
    log = Client().get(url("changes", imported)).content.decode()  # anonymous
    assert "Target for 2.1.1.a 2025 changed 40 → 25" in log


def test_upload_page_saves_a_valid_workbook(
    kenya_coordinator_client, structure_plan, structure_agencies
):
    response = kenya_coordinator_client.post(
        url("upload", structure_plan), {"workbook": upload(build_workbook())}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Saved as version 1" in page
    assert "Target for 1.1.1.a 2025 set to 20" in page
    assert Action.objects.filter(plan=structure_plan).count() == 3


def test_upload_page_lists_errors_and_saves_nothing(
    kenya_coordinator_client, structure_plan, structure_agencies
):
    indicators = [row[:] for row in INDICATORS]
    indicators[0][7] = "perhaps"
    response = kenya_coordinator_client.post(
        url("upload", structure_plan), {"workbook": upload(build_workbook(indicators=indicators))}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved: 1 problem to fix" in page
    assert (
        "Sheet Indicators, row 2, column H (by sex): &#x27;perhaps&#x27; is not yes or no" in page
    )
    assert not Action.objects.filter(plan=structure_plan).exists()


def test_upload_page_refuses_a_text_file(kenya_coordinator_client, structure_plan):
    response = kenya_coordinator_client.post(
        url("upload", structure_plan), {"workbook": upload(b"just text", name="plan.xlsx")}
    )
    assert response.status_code == 400
    assert "This file is not an XLSX workbook" in response.content.decode()


def test_upload_page_refuses_an_oversized_file(kenya_coordinator_client, structure_plan, settings):
    settings.NAPTRACK_MAX_SPREADSHEET_BYTES = 2048
    response = kenya_coordinator_client.post(
        url("upload", structure_plan), {"workbook": upload(build_workbook())}
    )
    assert response.status_code == 400
    assert "the limit is 2.0\xa0KB" in response.content.decode()
    assert not PlanPillar.objects.filter(plan=structure_plan).exists()


def test_same_upload_twice_says_no_changes(kenya_coordinator_client, imported):
    versions = StructureVersion.objects.filter(plan=imported).count()
    response = kenya_coordinator_client.post(
        url("upload", imported), {"workbook": upload(build_workbook())}
    )
    assert "No changes: the structure already matches this workbook" in response.content.decode()
    assert StructureVersion.objects.filter(plan=imported).count() == versions


def test_export_xlsx_has_the_template_layout(client, imported):
    response = client.get(url("export_xlsx", imported))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["README", "Actions", "Indicators", "Budget"]
    rows = list(workbook["Actions"].iter_rows(values_only=True))
    assert rows[0][:4] == ("pillar", "objective code", "objective", "action code")
    assert rows[1][3:5] == ("1.1.1", "Train mediators")
    header = list(workbook["Indicators"].iter_rows(values_only=True))[0]
    assert header[-2:] == ("target 2025", "target 2026")


def test_export_csv_has_one_row_per_action(client, imported):
    response = client.get(url("export_csv", imported))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == ["1.1.1", "1.1.2", "2.1.1"]
    assert rows[1][8] == "Ministry of Defence"
    assert "1.1.1.a: Women mediators trained [number] baseline 0 (2024-01-01)" in rows[1][10]
    assert "baseline unknown" in rows[3][10]


def test_csv_export_neutralizes_formulas(client, kenya_coordinator, imported):
    from naptrack.plans import services

    action = Action.objects.get(plan=imported, code="1.1.1")
    services.action_update(actor=kenya_coordinator, action=action, title='=HYPERLINK("http://x")')
    rows = list(csv.reader(io.StringIO(client.get(url("export_csv", imported)).content.decode())))
    assert rows[1][4] == '\'=HYPERLINK("http://x")'
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url("export_xlsx", imported)).content))
    cell = workbook["Actions"]["E2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_template_has_readme_agencies_and_plan_period_targets(kenya_coordinator_client, imported):
    response = kenya_coordinator_client.get(url("template", imported))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    readme = [row[0] for row in workbook["README"].iter_rows(values_only=True) if row]
    assert "Ministry of Gender" in readme
    header = list(workbook["Indicators"].iter_rows(values_only=True))[0]
    assert header[-3:] == ("target 2025", "target 2026", "target 2027")
    assert len(list(workbook["Actions"].iter_rows(values_only=True))) == 1


@pytest.mark.parametrize("only", ["", "measures"])
def test_change_log_marks_target_baseline_and_indicator_changes(
    client, kenya_coordinator, imported, only
):
    from naptrack.plans import services

    indicator = imported.indicators.get(code="2.1.1.a")
    services.indicator_update(actor=kenya_coordinator, indicator=indicator, baseline_value=12)
    action = Action.objects.get(plan=imported, code="1.1.2")
    services.action_update(actor=kenya_coordinator, action=action, title="Fund women's networks")
    page = client.get(url("changes", imported) + (f"?only={only}" if only else "")).content.decode()
    assert "Baseline for 2.1.1.a changed unknown → 12" in page
    assert '<strong class="badge shift">Baseline</strong>' in page
    assert ("Fund women&#x27;s networks" in page) is (only == "")
    assert kenya_coordinator.email not in page  # the public log does not name people
    if not only:
        assert "Pillar Participation added</li>" in page
        assert "Action 1.1.1 added: Train mediators" in page


def add_requests(plan):
    """For each kind: (query string, form data, how to find what was added)."""
    from naptrack.plans import models

    action = Action.objects.get(plan=plan, code="1.1.2")
    indicator = plan.indicators.get(code="1.1.1.a")
    police = action.plan.country.organizations.get(name="National Police Service")
    return {
        "pillar": ("", {"name": "Climate"}, models.PlanPillar.objects.filter(name="Climate")),
        "objective": (
            "",
            {"pillar": plan.structure_pillars.first().pk, "code": "3.1", "title": "New"},
            Objective.objects.filter(plan=plan, code="3.1"),
        ),
        "action": (
            "",
            {"objective": action.objective_id, "code": "1.1.9", "title": "New"},
            Action.objects.filter(plan=plan, code="1.1.9"),
        ),
        "responsibility": (
            f"?parent={action.pk}",
            {"agency": police.pk, "role": "supporting"},
            models.Responsibility.objects.filter(action=action, agency=police),
        ),
        "indicator": (
            f"?parent={action.pk}",
            {"action": action.pk, "code": "1.1.2.a", "name": "Networks funded", "unit": "number"},
            models.Indicator.objects.filter(plan=plan, code="1.1.2.a", action=action),
        ),
        "target": (
            f"?parent={indicator.pk}",
            {"period": "2027-h1", "value": "60"},
            models.IndicatorTarget.objects.filter(indicator=indicator, period="2027-H1", value=60),
        ),
        "budget": (
            f"?parent={action.pk}",
            {"amount": "10.5", "currency": "eur", "kind": "estimated"},
            models.BudgetLine.objects.filter(action=action, currency="EUR", amount="10.5"),
        ),
    }


@pytest.mark.parametrize(
    "kind", ["pillar", "objective", "action", "responsibility", "indicator", "target", "budget"]
)
def test_each_kind_can_be_added_and_removed_without_javascript(
    kenya_coordinator_client, imported, kind
):
    query, data, added = add_requests(imported)[kind]
    versions = StructureVersion.objects.filter(plan=imported).count()
    response = kenya_coordinator_client.post(url("add", imported, kind) + query, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    element = added.get()
    delete = url("delete", imported, kind, element.pk)
    assert (
        "The public change log keeps a record"
        in kenya_coordinator_client.get(delete).content.decode()
    )
    assert kenya_coordinator_client.post(delete).status_code == 302
    assert not added.exists()
    assert StructureVersion.objects.filter(plan=imported).count() == versions + 2
