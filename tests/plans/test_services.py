import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.core.models import Activity
from naptrack.plans import services
from naptrack.plans.models import (
    Action,
    BudgetLine,
    Indicator,
    IndicatorTarget,
    Objective,
    PlanPillar,
    Responsibility,
    StructureChange,
    StructureVersion,
)
from naptrack.registry.models import Pillar
from tests.factories.accounts import AgencyFactory


def structure_activities(plan):
    return Activity.objects.filter(target_id=str(plan.pk), verb__startswith="structure.")


@pytest.fixture
def objective(structure_plan, kenya_coordinator):
    pillar = services.structure_start(actor=kenya_coordinator, plan=structure_plan)[0]
    return services.objective_create(
        actor=kenya_coordinator, pillar=pillar, code="1.1", title="Voice"
    )


@pytest.fixture
def created_action(objective, kenya_coordinator):
    return services.action_create(
        actor=kenya_coordinator, objective=objective, code="1.1.1", title="Train", start_year=2025
    )


def test_structure_start_seeds_the_four_reference_pillars(structure_plan, kenya_coordinator):
    pillars = services.structure_start(actor=kenya_coordinator, plan=structure_plan)
    assert [p.name for p in pillars] == list(
        Pillar.objects.order_by("position").values_list("name", flat=True)
    )
    assert all(p.pillar_id for p in pillars)
    version = StructureVersion.objects.get(plan=structure_plan)
    assert version.number == 1
    assert sorted(version.changes.values_list("code", flat=True)) == sorted(p.name for p in pillars)
    services.structure_start(actor=kenya_coordinator, plan=structure_plan)
    assert PlanPillar.objects.filter(plan=structure_plan).count() == 4
    assert StructureVersion.objects.filter(plan=structure_plan).count() == 1


def test_first_change_seeds_pillars_in_the_same_version(structure_plan, kenya_coordinator):
    pillar = services.pillar_create(
        actor=kenya_coordinator, plan=structure_plan, name="Climate security"
    )
    assert PlanPillar.objects.filter(plan=structure_plan).count() == 5
    assert pillar.pillar_id is None
    assert StructureVersion.objects.filter(plan=structure_plan).count() == 1


def test_action_update_records_version_change_rows_and_activity(created_action, kenya_coordinator):
    plan = created_action.plan
    versions_before = StructureVersion.objects.filter(plan=plan).count()
    services.action_update(
        actor=kenya_coordinator, action=created_action, title="Train mediators", end_year=2027
    )
    version = StructureVersion.objects.filter(plan=plan).first()
    assert version.number == versions_before + 1
    changes = {(c.field, c.before, c.after) for c in version.changes.all()}
    assert changes == {("title", "Train", "Train mediators"), ("end_year", None, "2027")}
    activity = structure_activities(plan).first()
    assert activity.verb == "structure.action.updated"
    assert activity.changes["action 1.1.1: title"] == {
        "before": "Train",
        "after": "Train mediators",
    }
    assert activity.actor == kenya_coordinator


def test_update_with_same_values_records_nothing(created_action, kenya_coordinator):
    plan = created_action.plan
    versions, activities = StructureVersion.objects.count(), structure_activities(plan).count()
    services.action_update(
        actor=kenya_coordinator, action=created_action, title="Train", start_year=2025
    )
    assert StructureVersion.objects.count() == versions
    assert structure_activities(plan).count() == activities


def test_duplicate_action_code_is_a_validation_error(created_action, kenya_coordinator):
    with pytest.raises(ValidationError) as error:
        services.action_create(
            actor=kenya_coordinator, objective=created_action.objective, code="1.1.1", title="Again"
        )
    assert "already has an action with this code" in str(error.value)
    assert Action.objects.filter(plan=created_action.plan).count() == 1


def test_second_lead_agency_is_refused(created_action, kenya_coordinator, structure_agencies):
    defence, gender = (
        structure_agencies["Ministry of Defence"],
        structure_agencies["Ministry of Gender"],
    )
    services.responsibility_create(
        actor=kenya_coordinator, action=created_action, agency=defence, role="lead"
    )
    with pytest.raises(ValidationError) as error:
        services.responsibility_create(
            actor=kenya_coordinator, action=created_action, agency=gender, role="lead"
        )
    assert "already has a lead agency" in str(error.value)
    services.responsibility_create(
        actor=kenya_coordinator, action=created_action, agency=gender, role="supporting"
    )
    assert sorted(
        Responsibility.objects.filter(action=created_action).values_list("role", flat=True)
    ) == [
        "lead",
        "supporting",
    ]


def test_agency_of_another_country_is_refused(created_action, kenya_coordinator):
    from naptrack.registry.models import Country

    foreign = AgencyFactory(name="Uganda Police Force", country=Country.objects.get(iso3="UGA"))
    with pytest.raises(ValidationError) as error:
        services.responsibility_create(
            actor=kenya_coordinator, action=created_action, agency=foreign, role="lead"
        )
    assert "not a government agency of this plan's owner" in str(error.value)
    assert not Responsibility.objects.filter(action=created_action).exists()


def test_target_set_then_changed_records_before_and_after(created_action, kenya_coordinator):
    indicator = services.indicator_create(
        actor=kenya_coordinator,
        action=created_action,
        code="1.1.1.a",
        name="Women trained",
        unit="number",
    )
    services.target_set(actor=kenya_coordinator, indicator=indicator, period="2025", value=40)
    services.target_set(
        actor=kenya_coordinator, indicator=indicator, period="2025", value=decimal.Decimal("25")
    )
    change = StructureChange.objects.filter(kind="target").latest("id")
    assert (change.code, change.field, change.before, change.after) == (
        "1.1.1.a",
        "2025",
        "40",
        "25",
    )
    assert IndicatorTarget.objects.get(indicator=indicator).value == 25


def test_baseline_change_is_recorded_with_unknown_as_none(created_action, kenya_coordinator):
    indicator = services.indicator_create(
        actor=kenya_coordinator, action=created_action, code="I1", name="Share of women", unit="%"
    )
    services.indicator_update(actor=kenya_coordinator, indicator=indicator, baseline_value=12)
    change = StructureChange.objects.get(field="baseline_value")
    assert (change.before, change.after) == (None, "12")
    assert change.is_baseline and change.is_measure_change


def test_action_delete_removes_and_records_everything_under_it(
    created_action, kenya_coordinator, structure_agencies
):
    services.responsibility_create(
        actor=kenya_coordinator,
        action=created_action,
        agency=structure_agencies["Ministry of Gender"],
        role="lead",
    )
    indicator = services.indicator_create(
        actor=kenya_coordinator, action=created_action, code="I1", name="Share", unit="%"
    )
    services.target_set(actor=kenya_coordinator, indicator=indicator, period="2026", value=50)
    services.budget_line_create(
        actor=kenya_coordinator, action=created_action, amount=100, currency="EUR", kind="spent"
    )
    services.action_delete(actor=kenya_coordinator, action=created_action)
    assert not Action.objects.filter(plan=created_action.plan).exists()
    assert not Indicator.objects.exists() and not BudgetLine.objects.filter().exists()
    removed = StructureVersion.objects.filter(plan=created_action.plan).first().changes.all()
    assert {c.kind for c in removed} == {
        "action",
        "indicator",
        "target",
        "budget",
        "responsibility",
    }
    assert all(c.after is None for c in removed)


def test_pillar_with_objectives_cannot_be_deleted(objective, kenya_coordinator):
    with pytest.raises(ValidationError):
        services.pillar_delete(actor=kenya_coordinator, plan_pillar=objective.pillar)
    assert PlanPillar.objects.filter(pk=objective.pillar_id).exists()


def test_budget_line_refuses_unknown_currency(created_action, kenya_coordinator):
    with pytest.raises(ValidationError) as error:
        services.budget_line_create(
            actor=kenya_coordinator,
            action=created_action,
            amount=5,
            currency="XYZ",
            kind="allocated",
        )
    assert "ISO 4217" in str(error.value)
    assert not BudgetLine.objects.filter(action=created_action).exists()


def test_other_country_coordinator_cannot_write(created_action, uganda_coordinator):
    versions = StructureVersion.objects.count()
    with pytest.raises(PermissionDenied):
        services.action_update(actor=uganda_coordinator, action=created_action, title="Hijacked")
    with pytest.raises(PermissionDenied):
        services.objective_create(
            actor=uganda_coordinator, pillar=created_action.objective.pillar, code="9", title="X"
        )
    created_action.refresh_from_db()
    assert created_action.title == "Train"
    assert Objective.objects.filter(plan=created_action.plan).count() == 1
    assert StructureVersion.objects.count() == versions


def test_agency_create_registers_a_government_agency_of_the_plan_country(
    structure_plan, kenya_coordinator
):
    agency = services.agency_create(
        actor=kenya_coordinator, plan=structure_plan, name="  Ministry of   Interior "
    )
    assert (agency.name, agency.kind, agency.country_id) == (
        "Ministry of Interior",
        "government_agency",
        structure_plan.country_id,
    )
    with pytest.raises(ValidationError):
        services.agency_create(
            actor=kenya_coordinator, plan=structure_plan, name="ministry of interior"
        )


def test_regional_plan_names_bodies_of_its_organization(db):
    from naptrack.registry.models import RegionalOrganization
    from tests.factories.accounts import MembershipFactory, TotpAuthenticatorFactory
    from tests.factories.registry import ActionPlanFactory

    organization = RegionalOrganization.objects.order_by("pk").first()
    plan = ActionPlanFactory(country=None, regional_organization=organization)
    coordinator = MembershipFactory(role="coordinator", regional_organization=organization).user
    TotpAuthenticatorFactory(user=coordinator)
    body = services.agency_create(actor=coordinator, plan=plan, name="Peace and Security Council")
    assert (body.kind, body.regional_organization) == ("regional_body", organization)
    pillar = services.structure_start(actor=coordinator, plan=plan)[0]
    objective = services.objective_create(actor=coordinator, pillar=pillar, code="1", title="T")
    action = services.action_create(actor=coordinator, objective=objective, code="1.1", title="A")
    services.responsibility_create(actor=coordinator, action=action, agency=body, role="lead")
    national = AgencyFactory(name="Ministry of Defence")
    with pytest.raises(ValidationError):
        services.responsibility_create(
            actor=coordinator, action=action, agency=national, role="supporting"
        )
    assert [r.agency for r in action.responsibilities.all()] == [body]
