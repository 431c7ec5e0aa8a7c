"""Every lifecycle transition from every state: allowed sources succeed, others are refused
with a message that names the state, and nothing changes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.core.selectors import activities_for
from naptrack.registry import services
from naptrack.registry.choices import DatePrecision, PlanStatus, Publication
from naptrack.registry.models import ActionPlan, Country
from tests.factories.people import coordinator_of, outsider
from tests.factories.registry import ActionPlanFactory

# Written out by hand (not read from services.TRANSITION_SOURCES) so a wrong table fails.
ALLOWED = {
    "start_drafting": {"announced"},
    "open_consultation": {"announced", "drafting"},
    "adopt": {"announced", "drafting", "consultation"},
    "extend": {"adopted", "expired"},
    "expire": {"adopted"},
    "supersede": {"adopted", "expired"},
    "withdraw": {"announced", "drafting", "consultation", "adopted"},
}
RESULT = {
    "start_drafting": "drafting",
    "open_consultation": "consultation",
    "adopt": "adopted",
    "extend": "adopted",
    "expire": "expired",
    "supersede": "superseded",
    "withdraw": "withdrawn",
}
CASES = [(name, status) for name in ALLOWED for status in PlanStatus.values]


def _plan(kenya, status):
    return ActionPlanFactory(
        country=kenya,
        status=status,
        publication=Publication.DRAFT,
        adoption_date=None,
        adoption_precision="",
        period_start=2020,
        period_end=2024,
    )


def _arguments(name, plan):
    if name == "adopt":
        return {"adoption_date": datetime.date(2021, 10, 31), "precision": DatePrecision.MONTH}
    if name == "extend":
        return {"extended_to": 2026}
    if name == "supersede":
        return {"successor": ActionPlanFactory(country=plan.country, generation=2)}
    return {}


def _service(name):
    return getattr(services, f"plan_{name}")


@pytest.mark.parametrize(("name", "status"), CASES)
def test_plan_transition_follows_the_lifecycle(kenya, name, status):
    user = coordinator_of("KEN")
    plan = _plan(kenya, status)
    arguments = _arguments(name, plan)
    if status in ALLOWED[name]:
        _service(name)(actor=user, plan=plan, **arguments)
        stored = ActionPlan.objects.get(pk=plan.pk)
        assert stored.status == RESULT[name]
        activity = activities_for(plan).get()
        assert activity.actor == user
        assert activity.verb.startswith("plan.")
        if status != RESULT[name]:
            assert activity.changes["status"] == {"before": status, "after": RESULT[name]}
    else:
        with pytest.raises(ValidationError) as refused:
            _service(name)(actor=user, plan=plan, **arguments)
        message = " ".join(refused.value.messages)
        assert f"This plan is {PlanStatus(status).label.lower()}" in message
        assert ActionPlan.objects.get(pk=plan.pk).status == status
        assert not activities_for(plan).exists()


def test_plan_transitions_allowed_lists_only_the_allowed_transitions(kenya):
    for status in PlanStatus.values:
        plan = _plan(kenya, status)
        expected = [name for name in ALLOWED if status in ALLOWED[name]]
        assert services.plan_transitions_allowed(plan) == expected


def test_plan_adopt_records_the_date_and_its_precision(kenya):
    user = coordinator_of("KEN")
    plan = _plan(kenya, PlanStatus.CONSULTATION)
    services.plan_adopt(
        actor=user, plan=plan, adoption_date=datetime.date(2021, 1, 1), precision="year"
    )
    stored = ActionPlan.objects.get(pk=plan.pk)
    assert (stored.adoption_date, stored.adoption_precision) == (datetime.date(2021, 1, 1), "year")
    changes = activities_for(plan).get().changes
    assert changes["adoption_date"] == {"before": None, "after": "2021-01-01"}
    assert changes["adoption_precision"] == {"before": "", "after": "year"}


def test_plan_extend_refuses_a_year_before_the_period_end(kenya):
    plan = _plan(kenya, PlanStatus.ADOPTED)
    with pytest.raises(ValidationError) as refused:
        services.plan_extend(actor=coordinator_of("KEN"), plan=plan, extended_to=2022)
    assert refused.value.message_dict["extended_to"] == [
        "The extension (2022) must not end before the period (2024)."
    ]
    assert ActionPlan.objects.get(pk=plan.pk).extended_to is None


def test_plan_extend_needs_a_period_end(kenya):
    plan = _plan(kenya, PlanStatus.ADOPTED)
    ActionPlan.objects.filter(pk=plan.pk).update(period_end=None)
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.plan_extend(actor=coordinator_of("KEN"), plan=plan, extended_to=2030)
    assert "period end" in refused.value.message_dict["extended_to"][0]


def test_plan_supersede_links_the_successor_to_its_predecessor(kenya):
    user = coordinator_of("KEN")
    plan = _plan(kenya, PlanStatus.ADOPTED)
    successor = ActionPlanFactory(country=kenya, generation=2)
    services.plan_supersede(actor=user, plan=plan, successor=successor)
    successor.refresh_from_db()
    assert successor.predecessor_id == plan.pk
    assert activities_for(successor).get().changes["predecessor"]["before"] is None


def test_plan_supersede_refuses_another_owners_plan(kenya):
    plan = _plan(kenya, PlanStatus.ADOPTED)
    foreign = ActionPlanFactory(country=Country.objects.get(iso3="UGA"))
    with pytest.raises(ValidationError) as refused:
        services.plan_supersede(actor=coordinator_of("KEN"), plan=plan, successor=foreign)
    assert "another plan of this owner" in refused.value.message_dict["successor"][0]
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.ADOPTED


@pytest.mark.parametrize("name", list(ALLOWED))
@pytest.mark.parametrize("kind", ["analyst", "platform_admin", "other_country_coordinator"])
def test_plan_transition_refuses_people_who_do_not_coordinate_the_owner(kenya, name, kind):
    plan = _plan(kenya, PlanStatus.ADOPTED)
    with pytest.raises(PermissionDenied):
        _service(name)(actor=outsider(kind), plan=plan, **_arguments(name, plan))
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.ADOPTED
    assert not activities_for(plan).exists()
