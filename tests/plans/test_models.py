import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from naptrack.plans.models import Action, BudgetLine, Indicator, IndicatorTarget, Responsibility
from tests.factories.accounts import AgencyFactory
from tests.factories.plans import (
    ActionFactory,
    BudgetLineFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    ObjectiveFactory,
    ResponsibilityFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def model_action(db):
    return ActionFactory(code="1.1.1")


def test_action_code_unique_within_plan(model_action):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Action.objects.create(
            plan=model_action.plan, objective=model_action.objective, code="1.1.1", title="Again"
        )
    other = ObjectiveFactory()
    Action.objects.create(plan=other.plan, objective=other, code="1.1.1", title="Other plan")
    assert Action.objects.filter(code="1.1.1").count() == 2


def test_objective_code_unique_within_plan(model_action):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ObjectiveFactory(pillar=model_action.objective.pillar, code=model_action.objective.code)


def test_responsibility_one_lead_per_action(model_action):
    ResponsibilityFactory(action=model_action, role="lead")
    with transaction.atomic(), pytest.raises(IntegrityError):
        ResponsibilityFactory(action=model_action, role="lead")
    ResponsibilityFactory(action=model_action, role="supporting")
    ResponsibilityFactory(action=model_action, role="supporting")
    assert Responsibility.objects.filter(action=model_action).count() == 3


def test_responsibility_agency_once_per_action(model_action):
    agency = AgencyFactory(country=model_action.plan.country)
    Responsibility.objects.create(action=model_action, agency=agency, role="lead")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Responsibility.objects.create(action=model_action, agency=agency, role="supporting")


def test_action_timeframe_end_not_before_start(model_action):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Action.objects.filter(pk=model_action.pk).update(start_year=2027, end_year=2025)
    Action.objects.filter(pk=model_action.pk).update(start_year=None, end_year=2025)
    assert Action.objects.get(pk=model_action.pk).end_year == 2025


@pytest.mark.parametrize(
    "fields",
    [{"amount": -1}, {"currency": "usd"}, {"currency": "DOLLARS"}, {"kind": "promised"}],
    ids=["negative amount", "lower-case currency", "long currency", "unknown kind"],
)
def test_budget_line_constraints(model_action, fields):
    values = {"action": model_action, "amount": 10, "currency": "USD", "kind": "spent", **fields}
    # PostgreSQL refuses a too-long currency as a DataError before checking constraints.
    with transaction.atomic(), pytest.raises((IntegrityError, DataError)):
        BudgetLine.objects.create(**values)
    assert not BudgetLine.objects.filter(action=model_action).exists()


def test_budget_line_currency_must_be_iso_4217(model_action):
    line = BudgetLineFactory.build(action=model_action, currency="XYZ")
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert "ISO 4217" in str(error.value.message_dict["currency"])
    BudgetLineFactory.build(action=model_action, currency="KES").full_clean()


@pytest.mark.parametrize("period", ["2025-H3", "25", "2025-Q5", "2025/26"])
def test_target_period_format(period):
    indicator = IndicatorFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        IndicatorTarget.objects.create(indicator=indicator, period=period, value=1)


def test_target_period_unique_per_indicator():
    target = IndicatorTargetFactory(period="2025-H1")
    with transaction.atomic(), pytest.raises(IntegrityError):
        IndicatorTarget.objects.create(indicator=target.indicator, period="2025-H1", value=2)


@pytest.mark.parametrize("sdg", ["5.5", "18.1.1", "5.5.1.1", "five"])
def test_indicator_sdg_format(sdg):
    indicator = IndicatorFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Indicator.objects.filter(pk=indicator.pk).update(sdg_indicator=sdg)
    Indicator.objects.filter(pk=indicator.pk).update(sdg_indicator="16.a.1")
    assert Indicator.objects.get(pk=indicator.pk).sdg_indicator == "16.a.1"


def test_indicator_baseline_date_needs_value():
    indicator = IndicatorFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Indicator.objects.filter(pk=indicator.pk).update(baseline_date="2024-01-01")


def test_indicator_code_unique_within_plan():
    indicator = IndicatorFactory(code="X1")
    with transaction.atomic(), pytest.raises(IntegrityError):
        IndicatorFactory(action=indicator.action, code="X1")
    IndicatorFactory(code="X1")
