"""A plan's structure: pillars, objectives, actions, indicators, budgets, versions."""

import factory
from factory.django import DjangoModelFactory

from tests.factories.accounts import AgencyFactory
from tests.factories.registry import ActionPlanFactory, kenya


class PlanPillarFactory(DjangoModelFactory):
    class Meta:
        model = "plans.PlanPillar"

    # A reference country: made-up ones run out (CountryFactory's 20th code is QAT, Qatar's).
    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(kenya))
    name = factory.Sequence(lambda n: f"Pillar {n}")
    position = factory.Sequence(lambda n: n)


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = "plans.Objective"

    pillar = factory.SubFactory(PlanPillarFactory)
    plan = factory.SelfAttribute("pillar.plan")
    code = factory.Sequence(lambda n: f"{n + 1}")
    title = factory.Sequence(lambda n: f"Objective {n + 1}")
    position = factory.Sequence(lambda n: n)


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = "plans.Action"

    objective = factory.SubFactory(ObjectiveFactory)
    plan = factory.SelfAttribute("objective.plan")
    code = factory.Sequence(lambda n: f"{n + 1}.1")
    title = factory.Sequence(lambda n: f"Action {n + 1}")
    start_year = 2025
    end_year = 2027
    position = factory.Sequence(lambda n: n)


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = "plans.Responsibility"

    action = factory.SubFactory(ActionFactory)
    agency = factory.SubFactory(
        AgencyFactory, country=factory.SelfAttribute("..action.plan.country")
    )
    role = "lead"


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = "plans.Indicator"

    action = factory.SubFactory(ActionFactory)
    plan = factory.SelfAttribute("action.plan")
    code = factory.Sequence(lambda n: f"I{n + 1}")
    name = factory.Sequence(lambda n: f"Share of women in test body {n + 1}")
    unit = "%"
    position = factory.Sequence(lambda n: n)


class IndicatorTargetFactory(DjangoModelFactory):
    class Meta:
        model = "plans.IndicatorTarget"

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.Sequence(lambda n: f"{2025 + n % 50}")
    value = 40


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = "plans.BudgetLine"

    action = factory.SubFactory(ActionFactory)
    amount = 1000
    currency = "USD"
    kind = "allocated"
    funding_source = "Test fund"


class StructureVersionFactory(DjangoModelFactory):
    class Meta:
        model = "plans.StructureVersion"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(kenya))
    number = factory.Sequence(lambda n: n + 1)
    summary = "Test change"


class StructureChangeFactory(DjangoModelFactory):
    class Meta:
        model = "plans.StructureChange"

    version = factory.SubFactory(StructureVersionFactory)
    kind = "target"
    code = "1.1.1"
    field = "2025"
    before = "40"
    after = "25"
