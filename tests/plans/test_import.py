# ruff: noqa: E501 (expected messages are quoted whole)
import copy
import decimal
import io
import zipfile

import openpyxl
import pytest

from naptrack.core.models import Activity
from naptrack.plans import selectors, services
from naptrack.plans.models import (
    Action,
    BudgetLine,
    Indicator,
    IndicatorTarget,
    Objective,
    Responsibility,
    StructureVersion,
)
from tests.factories.registry import ActionPlanFactory
from tests.plans.conftest import ACTIONS, BUDGET, INDICATORS, build_workbook, upload


def run_import(plan, actor, data, **kwargs):
    return services.structure_import(actor=actor, plan=plan, workbook_file=upload(data), **kwargs)


def counts(plan):
    return {
        "objectives": Objective.objects.filter(plan=plan).count(),
        "actions": Action.objects.filter(plan=plan).count(),
        "responsibilities": Responsibility.objects.filter(action__plan=plan).count(),
        "indicators": Indicator.objects.filter(plan=plan).count(),
        "targets": IndicatorTarget.objects.filter(indicator__plan=plan).count(),
        "budget": BudgetLine.objects.filter(action__plan=plan).count(),
        "versions": StructureVersion.objects.filter(plan=plan).count(),
        "activities": Activity.objects.filter(target_id=str(plan.pk)).count(),
    }


def test_import_creates_the_whole_structure(imported):
    plan = imported
    assert counts(plan) == {
        "objectives": 2,
        "actions": 3,
        "responsibilities": 6,
        "indicators": 2,
        "targets": 3,
        "budget": 3,
        "versions": 1,
        "activities": 1,
    }
    action = Action.objects.get(plan=plan, code="2.1.1")
    assert action.objective.pillar.name == "Protection"
    assert (action.start_year, action.end_year) == (2025, 2028)
    roles = {r.agency.name: r.role for r in action.responsibilities.all()}
    assert roles == {
        "National Police Service": "lead",
        "Ministry of Defence": "supporting",
        "Ministry of Gender": "supporting",
    }
    indicator = Indicator.objects.get(plan=plan, code="1.1.1.a")
    assert indicator.baseline_value == 0 and str(indicator.baseline_date) == "2024-01-01"
    assert indicator.standard_indicator.number == "14" and indicator.sdg_indicator == "5.5.1"
    assert (indicator.disaggregated_by_sex, indicator.disaggregated_by_age) == (True, False)
    assert {t.period: t.value for t in indicator.targets.all()} == {"2025": 20, "2026": 50}
    unknown = Indicator.objects.get(plan=plan, code="2.1.1.a")
    assert unknown.baseline_value is None and unknown.baseline_date is None
    amounts = list(BudgetLine.objects.filter(action__plan=plan).values_list("amount", "currency"))
    assert (decimal.Decimal("30000.50"), "USD") in amounts
    assert (decimal.Decimal("5000"), "KES") in amounts  # "kes" in the sheet
    assert Activity.objects.get(target_id=str(plan.pk)).verb == "structure.imported"


def test_import_same_sheet_twice_changes_nothing(imported, kenya_coordinator):
    before = counts(imported)
    result = run_import(imported, kenya_coordinator, build_workbook())
    assert result.ok and result.changes == [] and result.version is None
    assert counts(imported) == before


def test_import_one_bad_row_writes_nothing(structure_plan, structure_agencies, kenya_coordinator):
    budget = BUDGET + [["2.1.1", -5, "KES", "spent", None]]
    result = run_import(structure_plan, kenya_coordinator, build_workbook(budget=budget))
    assert [str(e) for e in result.errors] == [
        "Sheet Budget, row 5, column B (amount): '-5' is below 0"
    ]
    assert counts(structure_plan) == dict.fromkeys(counts(structure_plan), 0)


def test_import_bad_row_leaves_existing_structure_untouched(imported, kenya_coordinator):
    before = counts(imported)
    actions = copy.deepcopy(ACTIONS)
    actions[0][4] = "Renamed"
    actions[2][6] = "soon"
    result = run_import(imported, kenya_coordinator, build_workbook(actions=actions))
    assert not result.ok
    assert Action.objects.get(plan=imported, code="1.1.1").title == "Train mediators"
    assert counts(imported) == before


def test_import_lists_every_error_across_sheets(
    structure_plan, structure_agencies, kenya_coordinator
):
    actions = copy.deepcopy(ACTIONS)
    actions[1][3] = "1.1.1"
    indicators = copy.deepcopy(INDICATORS)
    indicators[1][3] = None
    budget = copy.deepcopy(BUDGET)
    budget[0][2] = "XYZ"
    result = run_import(
        structure_plan,
        kenya_coordinator,
        build_workbook(actions=actions, indicators=indicators, budget=budget),
    )
    messages = [str(e) for e in result.errors]
    assert messages[0] == (
        "Sheet Actions, row 3, column D (action code): '1.1.1' is repeated (first on row 2)."
    )
    assert "Sheet Indicators, row 3, column D (unit): this cell is required." in messages
    assert any(m.startswith("Sheet Budget, row 2, column C (currency): 'XYZ'") for m in messages)
    assert counts(structure_plan)["actions"] == 0


def actions_with(row, column, value):
    rows = copy.deepcopy(ACTIONS)
    rows[row][column] = value
    return {"actions": rows}


def indicators_with(row, column, value):
    rows = copy.deepcopy(INDICATORS)
    rows[row][column] = value
    return {"indicators": rows}


def budget_with(row, column, value):
    rows = copy.deepcopy(BUDGET)
    rows[row][column] = value
    return {"budget": rows}


CELL_ERRORS = [
    (
        actions_with(1, 3, "1.1.1"),
        "Sheet Actions, row 3, column D (action code): '1.1.1' is repeated (first on row 2).",
    ),
    (actions_with(0, 4, None), "Sheet Actions, row 2, column E (action): an action needs a title."),
    (
        actions_with(0, 3, None),
        "Sheet Actions, row 2, column D (action code): an action needs a code.",
    ),
    (
        actions_with(0, 3, "1 1"),
        "Sheet Actions, row 2, column D (action code): '1 1' is not a valid code",
    ),
    (
        actions_with(0, 2, None),
        "Sheet Actions, row 2, column C (objective): objective 1.1 needs a title on its first row.",
    ),
    (
        actions_with(1, 2, "Other title"),
        "Sheet Actions, row 3, column C (objective): objective 1.1 is titled 'More women in peace talks' on row 2",
    ),
    (
        actions_with(1, 0, "Protection"),
        "Sheet Actions, row 3, column A (pillar): objective 1.1 is under pillar 'Participation' on row 2.",
    ),
    (actions_with(0, 0, None), "Sheet Actions, row 2, column A (pillar): this cell is required."),
    (
        actions_with(0, 7, 2020),
        "Sheet Actions, row 2, column H (end year): 2020 is before the start year 2025.",
    ),
    (
        actions_with(0, 6, "soon"),
        "Sheet Actions, row 2, column G (start year): 'soon' is not a year such as 2025",
    ),
    (
        actions_with(0, 8, "Ministry of Defense"),
        "Sheet Actions, row 2, column I (lead agency): no government agency named 'Ministry of Defense' is registered for this plan's owner. Did you mean 'Ministry of Defence'?",
    ),
    (
        actions_with(0, 9, "Ministry of Defence"),
        "Sheet Actions, row 2, column J (supporting agencies): 'Ministry of Defence' is named twice for this action.",
    ),
    (
        indicators_with(0, 0, "9.9.9"),
        "Sheet Indicators, row 2, column A (action code): no action '9.9.9' on sheet Actions.",
    ),
    (
        indicators_with(1, 1, "1.1.1.a"),
        "Sheet Indicators, row 3, column B (indicator code): '1.1.1.a' is repeated (first on row 2).",
    ),
    (
        indicators_with(0, 2, None),
        "Sheet Indicators, row 2, column C (indicator): this cell is required.",
    ),
    (
        indicators_with(0, 4, "many"),
        "Sheet Indicators, row 2, column E (baseline): 'many' is not a number",
    ),
    (
        indicators_with(1, 5, "2024-01-01"),
        "Sheet Indicators, row 3, column F (baseline date): a baseline date needs a baseline value.",
    ),
    (
        indicators_with(0, 5, "last spring"),
        "Sheet Indicators, row 2, column F (baseline date): 'last spring' is not a date such as 2024-12-31",
    ),
    (
        indicators_with(0, 7, "maybe"),
        "Sheet Indicators, row 2, column H (by sex): 'maybe' is not yes or no",
    ),
    (
        indicators_with(0, 10, "99"),
        "Sheet Indicators, row 2, column K (UN indicator): no UN global indicator numbered '99' (see the README sheet).",
    ),
    (
        indicators_with(0, 11, "5.5"),
        "Sheet Indicators, row 2, column L (SDG indicator): '5.5' is not an SDG indicator number such as 5.5.1.",
    ),
    (
        indicators_with(0, 12, "half"),
        "Sheet Indicators, row 2, column M (target 2025): 'half' is not a number",
    ),
    (
        indicators_with(0, 4, 1.23456),
        "Sheet Indicators, row 2, column E (baseline): '1.23456' has more than 4 decimals",
    ),
    (
        budget_with(0, 0, "7.7.7"),
        "Sheet Budget, row 2, column A (action code): no action '7.7.7' on sheet Actions.",
    ),
    (budget_with(0, 1, None), "Sheet Budget, row 2, column B (amount): this cell is required."),
    (
        budget_with(0, 1, 1.234),
        "Sheet Budget, row 2, column B (amount): '1.234' has more than 2 decimals",
    ),
    (
        budget_with(0, 2, "XYZ"),
        "Sheet Budget, row 2, column C (currency): 'XYZ' is not an ISO 4217 currency code (such as USD, EUR, KES).",
    ),
    (
        budget_with(0, 3, "promised"),
        "Sheet Budget, row 2, column D (kind): 'promised' is not allocated, estimated or spent.",
    ),
    (
        {"periods": ("2025-H3", "2026")},
        "Sheet Indicators, row 1, column M (target 2025-h3): '2025-H3' is not a period such as 2025, 2025-H1 or 2025-Q3.",
    ),
    (
        {"sheets": ("Actions", "Indicators")},
        "Sheet Budget: the sheet is missing (see the template).",
    ),
]


@pytest.mark.parametrize(
    ("workbook", "message"), CELL_ERRORS, ids=[m[:60] for _w, m in CELL_ERRORS]
)
def test_import_error_names_sheet_row_and_column(
    structure_plan, structure_agencies, kenya_coordinator, workbook, message
):
    result = run_import(structure_plan, kenya_coordinator, build_workbook(**workbook))
    messages = [str(e) for e in result.errors]
    assert any(m.startswith(message) for m in messages), messages
    assert counts(structure_plan)["actions"] == 0 and counts(structure_plan)["versions"] == 0


def test_import_missing_and_unknown_columns_are_named(
    structure_plan, structure_agencies, kenya_coordinator
):
    workbook = openpyxl.load_workbook(io.BytesIO(build_workbook()))
    sheet = workbook["Actions"]
    sheet.cell(row=1, column=9, value="lead ministry")
    data = io.BytesIO()
    workbook.save(data)
    messages = [
        str(e) for e in run_import(structure_plan, kenya_coordinator, data.getvalue()).errors
    ]
    assert messages == [
        "Sheet Actions, row 1, column I (lead ministry): unknown column (see the README sheet).",
        "Sheet Actions, row 1: the column 'lead agency' is missing.",
    ]


def test_import_changed_target_is_a_new_version_with_before_and_after(imported, kenya_coordinator):
    indicators = copy.deepcopy(INDICATORS)
    indicators[0][12] = 10
    result = run_import(imported, kenya_coordinator, build_workbook(indicators=indicators))
    assert result.version.number == 2
    assert [(c.kind, c.code, c.field, c.before, c.after) for c in result.changes] == [
        ("target", "1.1.1.a", "2025", "20", "10")
    ]


def test_import_removes_what_the_sheet_no_longer_lists(imported, kenya_coordinator):
    actions = [row for row in ACTIONS if row[3] != "2.1.1"]
    indicators = [row for row in INDICATORS if row[0] != "2.1.1"]
    budget = [row for row in BUDGET if row[0] != "2.1.1"]
    result = run_import(
        imported,
        kenya_coordinator,
        build_workbook(actions=actions, indicators=indicators, budget=budget),
    )
    assert result.ok
    assert not Action.objects.filter(plan=imported, code="2.1.1").exists()
    assert not Objective.objects.filter(plan=imported, code="2.1").exists()
    removed = {(c.kind, c.code) for c in result.changes if c.after is None}
    assert {("action", "2.1.1"), ("indicator", "2.1.1.a"), ("objective", "2.1")} <= removed
    assert ("target", "2.1.1.a") in removed and ("budget", "2.1.1") in removed


def test_import_can_swap_lead_and_supporting_agencies(imported, kenya_coordinator):
    actions = copy.deepcopy(ACTIONS)
    actions[0][8], actions[0][9] = "Ministry of Gender", "Ministry of Defence"
    assert run_import(imported, kenya_coordinator, build_workbook(actions=actions)).ok
    roles = dict(
        Responsibility.objects.filter(action__code="1.1.1", action__plan=imported).values_list(
            "agency__name", "role"
        )
    )
    assert roles == {"Ministry of Gender": "lead", "Ministry of Defence": "supporting"}


def test_import_dry_run_lists_changes_and_saves_nothing(
    structure_plan, structure_agencies, kenya_coordinator
):
    result = run_import(structure_plan, kenya_coordinator, build_workbook(), dry_run=True)
    assert result.ok and result.dry_run and len(result.changes) > 10
    assert counts(structure_plan) == dict.fromkeys(counts(structure_plan), 0)


def test_import_of_headers_only_is_refused(imported, kenya_coordinator):
    result = run_import(
        imported, kenya_coordinator, build_workbook(actions=[], indicators=[], budget=[])
    )
    assert "no objectives or actions" in result.refused
    assert counts(imported)["actions"] == 3


def test_export_then_import_roundtrip_is_identical(imported, kenya_coordinator, kenya):
    pillar = imported.structure_pillars.get(name="Prevention")
    services.objective_create(
        actor=kenya_coordinator, pillar=pillar, code="3.1", title="No actions yet"
    )
    services.pillar_create(actor=kenya_coordinator, plan=imported, name="Climate and security")
    exported = services.structure_export(plan=imported, fmt="xlsx")
    again = run_import(imported, kenya_coordinator, exported)
    assert again.ok and again.changes == []
    fresh = ActionPlanFactory(country=kenya)
    assert run_import(fresh, kenya_coordinator, exported).ok
    assert selectors.structure_rows(fresh) == selectors.structure_rows(imported)
    assert ["Prevention", "3.1", "No actions yet"] == selectors.structure_rows(fresh)["actions"][
        -1
    ][:3]


def test_formulas_are_never_evaluated(structure_plan, structure_agencies, kenya_coordinator):
    actions = copy.deepcopy(ACTIONS)
    actions[0][5] = "=1+1"
    assert run_import(structure_plan, kenya_coordinator, build_workbook(actions=actions)).ok
    assert Action.objects.get(plan=structure_plan, code="1.1.1").description == ""


def valid_xlsx_cut_in_half():
    data = build_workbook()
    return data[: len(data) // 2]


def zip_without_workbook():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return output.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"pillar,objective code\nParticipation,1.1\n", "not an XLSX workbook"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "not an XLSX workbook"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "not an XLSX workbook"),
        (valid_xlsx_cut_in_half(), "The file is damaged"),
        (zip_without_workbook(), "not an XLSX workbook"),
        (b"", "not an XLSX workbook"),
    ],
    ids=["csv text", "windows executable", "elf executable", "truncated zip", "other zip", "empty"],
)
def test_hostile_files_are_refused_with_a_clear_message(
    structure_plan, kenya_coordinator, data, message
):
    result = run_import(structure_plan, kenya_coordinator, data)
    assert message in result.refused
    assert counts(structure_plan) == dict.fromkeys(counts(structure_plan), 0)


def test_oversized_file_is_refused(structure_plan, kenya_coordinator, settings):
    settings.NAPTRACK_MAX_SPREADSHEET_BYTES = 1024
    result = run_import(structure_plan, kenya_coordinator, build_workbook())
    assert result.refused.startswith("The file is ")
    assert result.refused.endswith("; the limit is 1.0\xa0KB.")
    assert counts(structure_plan)["actions"] == 0


def test_zip_bomb_is_refused(structure_plan, kenya_coordinator, settings):
    settings.NAPTRACK_MAX_SPREADSHEET_BYTES = 20_000
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * 1_000_000)
    result = run_import(structure_plan, kenya_coordinator, output.getvalue())
    assert "expands to more data" in result.refused
