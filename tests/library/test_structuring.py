"""Assisted structuring: an action matrix printed in a PDF becomes a proposal that a
coordinator reviews; accepting it creates the structure through the plan services."""

import io

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

from naptrack.accounts.choices import Role
from naptrack.accounts.models import Organization
from naptrack.core.models import Activity
from naptrack.library import structuring
from naptrack.plans.models import Action, Indicator, Objective, Responsibility, StructureVersion
from naptrack.registry.models import Country
from tests.factories import people
from tests.factories.accounts import AgencyFactory
from tests.factories.library import DocumentFactory, DocumentTableFactory
from tests.factories.people import person

pytestmark = pytest.mark.django_db

HEADER = ["Objective", "Action", "Lead agency", "Supporting partners", "Indicators", "Timeline",
          "Budget"]  # fmt: skip
PAGE_ONE = [
    HEADER,
    ["1. Increase women's participation\nin peace processes", "1.1 Train women mediators",
     "Ministry of Defence", "National Police Service;\nWomen Mediators Network",
     "- Number of women mediators trained\n- Share of mediators deployed", "2024-2026", "KES 2m"],
    ["", "Fund local peace committees", "MoD", "", "Committees funded", "2025", ""],
    ["2. Prevent sexual violence", "2.1 Set up gender desks", "National Police Service", "",
     "Gender desks operating", "2024", "KES 5m"],
]  # fmt: skip
PAGE_TWO = [  # the matrix goes on, without its headers
    ["", "2.2 Train police on survivor-centred response", "National Police Service", "",
     "Officers trained", "2025-2027", ""],
    ["3. Fund civil society monitoring", "", "", "", "", "", ""],
]  # fmt: skip


def matrix_pdf() -> bytes:
    buffer = io.BytesIO()
    style = TableStyle(
        [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTSIZE", (0, 0), (-1, -1), 7)]
    )
    first, second = Table(PAGE_ONE), Table(PAGE_TWO)
    first.setStyle(style)
    second.setStyle(style)
    SimpleDocTemplate(buffer, pagesize=landscape(A4)).build([first, PageBreak(), second])
    return buffer.getvalue()


@pytest.fixture
def structuring_agencies(db):
    kenya = Country.objects.get(iso3="KEN")
    return {
        "defence": AgencyFactory(name="Ministry of Defence (MoD)", country=kenya),
        "police": AgencyFactory(name="National Police Service", country=kenya),
    }


@pytest.fixture
def matrix_document(ingest, structuring_agencies):
    return ingest("matrix.pdf", matrix_pdf(), title="Synthetic Kenya plan with a matrix")


def proposal_page(client, document):
    return client.get(f"/documents/{document.pk}/structure/")


def form_data(page_html: str, **changes) -> dict:
    """What a browser would send: every select's chosen option, the ticked rows."""
    import re

    data: dict = {}
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page_html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body) or re.search(
            r'<option value="([^"]*)"', body
        )
        data[name] = chosen.group(1)
    data["rows"] = re.findall(r'name="rows" value="([^"]+)"[^>]*checked', page_html)
    data["unit"] = "number"
    data.update(changes)
    return data


def test_proposal_page_reads_the_matrix_and_guesses_columns(
    client, kenya_coordinator, matrix_document
):
    client.force_login(kenya_coordinator)
    page = proposal_page(client, matrix_document).content.decode()
    assert "Action matrix from page 1 (5 rows)" in page  # page 2 continues it
    data = form_data(page)
    guessed = [data[k] for k in sorted(k for k in data if k.startswith("column-"))]
    assert guessed == ["objective", "action", "lead", "supporting", "indicator", "timeline",
                       "budget"]  # fmt: skip
    assert len(data["rows"]) == 4  # every row naming an action, not the objective-only row
    assert "Train police on survivor-centred response" in page


def test_preview_lists_what_would_be_added_and_writes_nothing(
    client, kenya_coordinator, matrix_document
):
    client.force_login(kenya_coordinator)
    url = f"/documents/{matrix_document.pk}/structure/"
    data = form_data(proposal_page(client, matrix_document).content.decode(), step="preview")
    data["rows"] = [*data["rows"], f"{data['rows'][-1].split(':')[0]}:1"]  # objective-only row
    page = client.post(url, data).content.decode()
    assert "3 new objectives, 4 actions, 5 responsible agencies, 5 indicators." in page
    assert "Women Mediators Network" in page  # not registered, listed for the coordinator
    assert not Objective.objects.exists() and not StructureVersion.objects.exists()


def test_accept_creates_the_structure_through_the_plan_services(
    client, kenya_coordinator, matrix_document, structuring_agencies, library_kenya_plan
):
    client.force_login(kenya_coordinator)
    organizations = Organization.objects.count()
    data = form_data(proposal_page(client, matrix_document).content.decode(), step="accept")
    response = client.post(f"/documents/{matrix_document.pk}/structure/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{library_kenya_plan.pk}/structure/"
    message = "Added to the plan: 2 objectives, 4 actions, 5 responsible agencies, 5 indicators."
    assert message in client.get(response["Location"]).content.decode()

    objectives = Objective.objects.filter(plan=library_kenya_plan).select_related("pillar")
    assert [(o.code, o.title) for o in objectives] == [
        ("1", "Increase women's participation in peace processes"),
        ("2", "Prevent sexual violence"),
    ]
    assert {o.pillar.name for o in objectives} == {"Participation"}
    actions = Action.objects.filter(plan=library_kenya_plan).order_by("position")
    assert [(a.objective.code, a.code, a.title, a.start_year, a.end_year) for a in actions] == [
        ("1", "1.1", "Train women mediators", 2024, 2026),
        ("1", "1.2", "Fund local peace committees", 2025, 2025),
        ("2", "2.1", "Set up gender desks", 2024, 2024),
        ("2", "2.2", "Train police on survivor-centred response", 2025, 2027),
    ]
    first = actions[0]
    assert first.description == (
        "Timeline as printed: 2024-2026\nBudget as printed: KES 2m\n"
        "From “Synthetic Kenya plan with a matrix”, page 1."
    )
    roles = {(r.action.code, r.agency.name, r.role) for r in Responsibility.objects.all()}
    assert roles == {
        ("1.1", "Ministry of Defence (MoD)", "lead"),
        ("1.1", "National Police Service", "supporting"),
        ("1.2", "Ministry of Defence (MoD)", "lead"),  # "MoD" in the matrix
        ("2.1", "National Police Service", "lead"),
        ("2.2", "National Police Service", "lead"),
    }
    assert Organization.objects.count() == organizations  # the network was not invented
    indicators = Indicator.objects.filter(plan=library_kenya_plan).order_by("position")
    assert [(i.code, i.name, i.unit, i.action.code) for i in indicators] == [
        ("1.1-1", "Number of women mediators trained", "number", "1.1"),
        ("1.1-2", "Share of mediators deployed", "number", "1.1"),
        ("1.2-1", "Committees funded", "number", "1.2"),
        ("2.1-1", "Gender desks operating", "number", "2.1"),
        ("2.2-1", "Officers trained", "number", "2.2"),
    ]
    verbs = set(Activity.objects.values_list("verb", flat=True))
    assert {"structure.objective.created", "structure.action.created",
            "structure.responsibility.created", "structure.indicator.created",
            "document.structure_accepted"} <= verbs  # fmt: skip
    assert StructureVersion.objects.filter(plan=library_kenya_plan).exists()


def test_accepting_again_adds_nothing_twice(client, kenya_coordinator, matrix_document):
    client.force_login(kenya_coordinator)
    url = f"/documents/{matrix_document.pk}/structure/"
    data = form_data(proposal_page(client, matrix_document).content.decode(), step="accept")
    client.post(url, data)
    versions = StructureVersion.objects.count()
    data = form_data(proposal_page(client, matrix_document).content.decode(), step="accept")
    page = client.post(url, data).content.decode()
    assert "Everything ticked is already in the plan." in page
    assert Action.objects.count() == 4 and StructureVersion.objects.count() == versions


def test_accept_without_a_unit_for_indicators_is_refused(
    client, kenya_coordinator, matrix_document
):
    client.force_login(kenya_coordinator)
    data = form_data(
        proposal_page(client, matrix_document).content.decode(), step="accept", unit=""
    )
    page = client.post(f"/documents/{matrix_document.pk}/structure/", data).content.decode()
    assert "Nothing was added" in page and "Give the unit of the new indicators" in page
    assert not Objective.objects.exists() and not Action.objects.exists()


def test_columns_can_be_remapped_by_the_reviewer(client, kenya_coordinator, matrix_document):
    client.force_login(kenya_coordinator)
    page = proposal_page(client, matrix_document).content.decode()
    data = form_data(page, step="accept")
    indicator_column = next(k for k in data if k.startswith("column-") and k.endswith("-4"))
    data[indicator_column] = "ignore"
    assert client.post(f"/documents/{matrix_document.pk}/structure/", data).status_code == 302
    assert Action.objects.count() == 4 and not Indicator.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "analyst", "uganda_coordinator"])
def test_structuring_is_refused_to_all_but_the_plans_coordinators(
    client, who, kenya_coordinator, matrix_document
):
    client.force_login(kenya_coordinator)
    data = form_data(proposal_page(client, matrix_document).content.decode(), step="accept")
    client.logout()
    makers = {
        "analyst": lambda: people.analyst(),
        "uganda_coordinator": lambda: person(
            Role.COORDINATOR, totp=True, country=Country.objects.get(iso3="UGA")
        ),
    }
    if who != "anonymous":
        client.force_login(makers[who]())
    url = f"/documents/{matrix_document.pk}/structure/"
    for response in (client.get(url), client.post(url, data)):
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403
    assert (
        not Objective.objects.exists()
        and not Activity.objects.filter(verb__startswith="structure.").exists()
    )


def test_structuring_a_drafts_document_is_hidden_from_others(client, library_kenya_draft):
    document = DocumentFactory(plan=library_kenya_draft)
    DocumentTableFactory(document=document, rows=PAGE_ONE)
    client.force_login(people.analyst())
    assert client.get(f"/documents/{document.pk}/structure/").status_code == 404


# Reading matrices ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Objectif stratégique", "objective"),
        ("Activités", "action"),
        ("Institution responsable", "lead"),
        ("Partenaires", "supporting"),
        ("Indicateurs de l'action", "indicator"),
        ("Échéancier", "timeline"),
        ("Coût estimé (FCFA)", "budget"),
        ("Objetivo específico", "objective"),
        ("Acciones", "action"),
        ("Entidad responsable", "lead"),
        ("Indicadores", "indicator"),
        ("Plazo", "timeline"),
        ("Presupuesto", "budget"),
        ("Remarks", "description"),
        ("Number", "ignore"),
    ],
)
def test_column_headers_are_recognised_in_three_languages(header, field):
    assert structuring.column_field(header) == field


def test_tables_without_action_headers_are_not_matrices(library_kenya_plan):
    document = DocumentFactory(plan=library_kenya_plan)
    DocumentTableFactory(document=document, rows=[["Year", "Amount"], ["2024", "10"]])
    french = DocumentTableFactory(
        document=document,
        page_number=2,
        rows=[["Objectif", "Activité", "Responsable"], ["1. Paix", "Former", "Ministère"]],
    )
    matrices = structuring.find_matrices(document.tables.order_by("page_number"))
    assert [(m.key, m.fields) for m in matrices] == [(french.pk, ["objective", "action", "lead"])]


def test_cell_items_and_agency_names_are_split_carefully():
    assert structuring.split_items("- First\n- Second one\nwrapped") == [
        "First",
        "Second one wrapped",
    ]
    assert structuring.split_items("One indicator that\nwraps; another") == [
        "One indicator that wraps",
        "another",
    ]
    known = {"ministry of gender children and social protection": "gender", "police": "police"}
    names = structuring.agency_names("Ministry of Gender, Children and Social Protection", known)
    assert names == [("Ministry of Gender, Children and Social Protection", "gender")]
    assert structuring.agency_names("Police, Army", known) == [("Police, Army", None)]
    assert structuring.split_code("Objective 2: Protect") == ("2", "Protect")
    assert structuring.split_code("Protect women") == ("", "Protect women")
    assert structuring.years("Q1 2024 – Q4 2026") == (2024, 2026)
