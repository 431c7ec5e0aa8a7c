"""Who may see and change a plan's structure: every role that must not, tries."""

import pytest
from django.test import Client
from django.urls import reverse

from naptrack.accounts.choices import Role
from naptrack.plans import services
from naptrack.plans.models import Action, Objective, PlanPillar, StructureVersion
from tests.factories.registry import ActionPlanFactory
from tests.plans.conftest import build_workbook, upload


def url(name, plan, *args):
    return reverse(f"plans:{name}", args=[plan.pk, *args])


@pytest.fixture(params=["anonymous", "analyst", "cso_member", "other_coordinator"])
def outsider_client(request, client, member_of_role, uganda_coordinator):
    """A client for each kind of user who must not change Kenya's plans."""
    if request.param == "anonymous":
        return client
    user = {
        "analyst": lambda: member_of_role(Role.ANALYST),
        "cso_member": lambda: member_of_role(Role.CSO_MEMBER),
        "other_coordinator": lambda: uganda_coordinator,
    }[request.param]()
    client.force_login(user)
    return client


def snapshot(plan):
    return (
        list(Action.objects.filter(plan=plan).values_list("code", "title")),
        Objective.objects.filter(plan=plan).count(),
        StructureVersion.objects.filter(plan=plan).count(),
    )


def test_outsiders_cannot_upload(outsider_client, imported):
    before = snapshot(imported)
    page = outsider_client.get(url("upload", imported))
    assert page.status_code == 403
    response = outsider_client.post(
        url("upload", imported), {"workbook": upload(build_workbook(actions=[]))}
    )
    assert response.status_code == 403
    assert "Upload a structure spreadsheet" not in response.content.decode()
    assert snapshot(imported) == before


def test_outsiders_cannot_add_edit_or_delete(outsider_client, imported):
    before = snapshot(imported)
    action = Action.objects.get(plan=imported, code="1.1.1")
    pillar = PlanPillar.objects.filter(plan=imported).first()
    attempts = [
        (url("add", imported, "objective"), {"pillar": pillar.pk, "code": "9", "title": "X"}),
        (
            url("edit", imported, "action", action.pk),
            {"objective": action.objective_id, "code": "1.1.1", "title": "Hijacked"},
        ),
        (url("delete", imported, "action", action.pk), {}),
        (url("start", imported), {}),
        (url("agency_add", imported), {"name": "Ministry of Nothing"}),
    ]
    for address, data in attempts:
        response = outsider_client.post(address, data)
        assert response.status_code == 403, address
    assert snapshot(imported) == before


def test_other_country_coordinator_cannot_reach_kenyan_elements_through_own_plan(
    client, uganda_coordinator, imported
):
    uganda_plan = ActionPlanFactory(country=uganda_coordinator.memberships.get().country)
    client.force_login(uganda_coordinator)
    action = Action.objects.get(plan=imported, code="1.1.1")
    data = {"objective": action.objective_id, "code": "1.1.1", "title": "Hijacked"}
    response = client.post(url("edit", uganda_plan, "action", action.pk), data)
    assert response.status_code == 404
    response = client.post(url("delete", uganda_plan, "action", action.pk))
    assert response.status_code == 404
    assert Action.objects.get(pk=action.pk).title == "Train mediators"


def test_coordinator_cannot_move_an_element_under_another_plans_parent(
    kenya_coordinator_client, imported, kenya
):
    other_plan = ActionPlanFactory(country=kenya)
    foreign_pillar = services.structure_start(actor=None, plan=other_plan)[0]
    response = kenya_coordinator_client.post(
        url("add", imported, "objective"), {"pillar": foreign_pillar.pk, "code": "8", "title": "X"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Objective.objects.filter(code="8").exists()


@pytest.fixture
def draft_with_structure(draft_plan, structure_agencies, kenya_coordinator):
    result = services.structure_import(
        actor=kenya_coordinator, plan=draft_plan, workbook_file=upload(build_workbook())
    )
    assert result.ok
    return draft_plan


DRAFT_PAGES = ["structure", "changes", "export_xlsx", "export_csv", "template"]


@pytest.mark.parametrize("page", DRAFT_PAGES)
def test_draft_structure_is_404_for_outsiders(outsider_client, draft_with_structure, page):
    response = outsider_client.get(url(page, draft_with_structure))
    assert response.status_code == 404
    assert b"Train mediators" not in response.content


@pytest.mark.parametrize("page", DRAFT_PAGES)
def test_draft_structure_is_visible_to_its_coordinators(
    kenya_coordinator_client, draft_with_structure, page
):
    response = kenya_coordinator_client.get(url(page, draft_with_structure))
    assert response.status_code == 200
    if page in ("structure", "export_csv"):
        assert b"Train mediators" in response.content
    if page == "changes":
        assert "Target for 1.1.1.a 2025 set to 20" in response.content.decode()


def test_draft_upload_and_edit_are_404_for_outsiders(outsider_client, draft_with_structure):
    action = Action.objects.get(plan=draft_with_structure, code="1.1.1")
    before = snapshot(draft_with_structure)
    assert outsider_client.post(url("upload", draft_with_structure)).status_code == 404
    edit = url("edit", draft_with_structure, "action", action.pk)
    assert outsider_client.post(edit, {"title": "X"}).status_code == 404
    assert snapshot(draft_with_structure) == before


def test_public_change_log_hides_who_made_changes(
    kenya_coordinator_client, imported, kenya_coordinator
):
    anonymous = Client()
    kenya_coordinator.display_name = "Amina Zq5 Coordinator"
    kenya_coordinator.save()
    public = anonymous.get(url("changes", imported)).content.decode()
    assert kenya_coordinator.display_name not in public and kenya_coordinator.email not in public
    own = kenya_coordinator_client.get(url("changes", imported)).content.decode()
    assert kenya_coordinator.display_name in own  # coordinators see who, by name, never by email
    assert kenya_coordinator.email not in own
