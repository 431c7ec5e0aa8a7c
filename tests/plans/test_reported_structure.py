"""Structure that has been reported on cannot silently disappear."""

import pytest
from django.core.exceptions import ValidationError

from naptrack.plans.models import Action, Indicator
from naptrack.plans.services import action_delete, indicator_delete
from naptrack.reporting.models import ActionUpdate, IndicatorValue
from tests.factories.accounts import CoordinatorFactory
from tests.factories.reporting import IndicatorValueFactory


@pytest.fixture
def reported_value(db):
    return IndicatorValueFactory()


def coordinator_of(plan):
    return CoordinatorFactory(country=plan.country).user


def test_deleting_a_reported_action_is_refused_and_keeps_everything(reported_value):
    action = reported_value.update.action
    with pytest.raises(ValidationError, match=r"has been reported on and cannot be removed"):
        action_delete(actor=coordinator_of(action.plan), action=action)
    assert Action.objects.filter(pk=action.pk).exists()
    assert ActionUpdate.objects.filter(pk=reported_value.update.pk).exists()
    assert IndicatorValue.objects.filter(pk=reported_value.pk).exists()


def test_deleting_a_reported_indicator_names_it(reported_value):
    indicator = reported_value.indicator
    with pytest.raises(ValidationError, match=rf"Indicator {indicator.code} has been reported on"):
        indicator_delete(actor=coordinator_of(indicator.plan), indicator=indicator)
    assert Indicator.objects.filter(pk=indicator.pk).exists()
