import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from naptrack.registry.choices import Publication
from tests.factories import people
from tests.factories.accounts import (
    AgencyFactory,
)
from tests.factories.registry import ActionPlanFactory

ACTION_HEADERS = [
    "pillar",
    "objective code",
    "objective",
    "action code",
    "action",
    "description",
    "start year",
    "end year",
    "lead agency",
    "supporting agencies",
]
INDICATOR_HEADERS = [
    "action code",
    "indicator code",
    "indicator",
    "unit",
    "baseline",
    "baseline date",
    "data source",
    "by sex",
    "by age",
    "by location",
    "UN indicator",
    "SDG indicator",
]
BUDGET_HEADERS = ["action code", "amount", "currency", "kind", "funding source"]

ACTIONS = [
    [
        "Participation",
        "1.1",
        "More women in peace talks",
        "1.1.1",
        "Train mediators",
        "Train 50 women mediators",
        2025,
        2027,
        "Ministry of Defence",
        "Ministry of Gender",
    ],
    [
        "Participation",
        "1.1",
        None,
        "1.1.2",
        "Fund networks",
        None,
        2025,
        2026,
        "Ministry of Gender",
        None,
    ],
    [
        "Protection",
        "2.1",
        "Safer services",
        "2.1.1",
        "Open gender desks",
        None,
        2025,
        2028,
        "National Police Service",
        "Ministry of Defence; Ministry of Gender",
    ],
]
INDICATORS = [
    [
        "1.1.1",
        "1.1.1.a",
        "Women mediators trained",
        "number",
        0,
        "2024-01-01",
        "Ministry records",
        "yes",
        "no",
        "no",
        "14",
        "5.5.1",
        20,
        50,
    ],
    [
        "2.1.1",
        "2.1.1.a",
        "Police stations with a gender desk",
        "%",
        None,
        None,
        "Police",
        "no",
        "no",
        "yes",
        None,
        None,
        40,
        None,
    ],
]
BUDGET = [
    ["1.1.1", 120000, "KES", "allocated", "Treasury"],
    ["1.1.1", 30000.5, "USD", "spent", "UN Women"],
    ["2.1.1", 5000, "kes", "estimated", None],
]


def build_workbook(
    actions=ACTIONS,
    indicators=INDICATORS,
    budget=BUDGET,
    periods=("2025", "2026"),
    sheets=("Actions", "Indicators", "Budget"),
) -> bytes:
    """A workbook as a coordinator would fill it, built cell by cell with openpyxl."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    content = {
        "Actions": (ACTION_HEADERS, actions),
        "Indicators": (INDICATOR_HEADERS + [f"target {p}" for p in periods], indicators),
        "Budget": (BUDGET_HEADERS, budget),
    }
    for name in sheets:
        headers, rows = content[name]
        sheet = workbook.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(data: bytes, name="structure.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.fixture
def structure_plan(kenya):
    return ActionPlanFactory(
        country=kenya, title="Kenya NAP test", period_start=2025, period_end=2027
    )


@pytest.fixture
def draft_plan(kenya):
    return ActionPlanFactory(country=kenya, title="Kenya draft NAP", publication=Publication.DRAFT)


@pytest.fixture
def structure_agencies(kenya):
    names = ["Ministry of Defence", "Ministry of Gender", "National Police Service"]
    return {name: AgencyFactory(name=name, country=kenya) for name in names}


@pytest.fixture
def member_of_role(db):
    return people.person


@pytest.fixture
def imported(structure_plan, structure_agencies, kenya_coordinator):
    """The plan with the default workbook imported by its coordinator."""
    from naptrack.plans.services import structure_import

    result = structure_import(
        actor=kenya_coordinator, plan=structure_plan, workbook_file=upload(build_workbook())
    )
    assert result.ok, [str(e) for e in result.errors] or result.refused
    return structure_plan
