"""The reporting cycle: schedules, cycles, updates, evidence and official reports."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests.factories.accounts import AgencyFactory, UserFactory
from tests.factories.core import EvidenceLinkFactory
from tests.factories.plans import ActionFactory, IndicatorFactory
from tests.factories.registry import ActionPlanFactory, kenya


class ReportingScheduleFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.ReportingSchedule"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(kenya))
    frequency = "annual"
    first_period_start = datetime.date(2025, 1, 1)
    due_days = 30


class ReportingCycleFactory(DjangoModelFactory):
    """An open cycle; each one of a sequence covers its own 90-day period."""

    class Meta:
        model = "reporting.ReportingCycle"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(kenya))
    label = factory.Sequence(lambda n: f"Cycle {n + 1}")
    period_start = factory.Sequence(
        lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=91 * n)
    )
    period_end = factory.LazyAttribute(lambda o: o.period_start + datetime.timedelta(days=90))
    due_date = factory.LazyAttribute(lambda o: o.period_end + datetime.timedelta(days=30))
    state = "open"


class ActionUpdateFactory(DjangoModelFactory):
    """A draft update by the lead agency, on an action of the cycle's plan."""

    class Meta:
        model = "reporting.ActionUpdate"

    cycle = factory.SubFactory(ReportingCycleFactory)
    action = factory.SubFactory(
        ActionFactory, objective__pillar__plan=factory.SelfAttribute("....cycle.plan")
    )
    agency = factory.SubFactory(
        AgencyFactory, country=factory.SelfAttribute("..cycle.plan.country")
    )
    role = "lead"
    state = "draft"


class ReviewCommentFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.ReviewComment"

    update = factory.SubFactory(ActionUpdateFactory)
    field = "narrative"
    message = "Say which districts the training reached."


class EvidenceFactory(EvidenceLinkFactory):
    class Meta:
        model = "reporting.Evidence"

    update = factory.SubFactory(ActionUpdateFactory)
    description = "Training attendance list"


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.IndicatorValue"

    update = factory.SubFactory(ActionUpdateFactory)
    indicator = factory.SubFactory(
        IndicatorFactory, action=factory.SelfAttribute("..update.action")
    )
    value = 12


class OfficialReportFactory(DjangoModelFactory):
    """A draft version 1; publish through report_publish to get a real snapshot."""

    class Meta:
        model = "reporting.OfficialReport"

    cycle = factory.SubFactory(ReportingCycleFactory)
    version = 1
    state = "draft"
    summary = "Test summary"


class ReportEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.ReportEvidence"

    report = factory.SubFactory(OfficialReportFactory)
    evidence = factory.SubFactory(EvidenceFactory)


class ReminderLogFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.ReminderLog"

    update = factory.SubFactory(ActionUpdateFactory)
    recipient = factory.SubFactory(UserFactory)
    kind = "before_due"
    sent_on = datetime.date(2025, 1, 1)


# ---- The reporting workflow, through the services (each step audited as in real use) ---


def cycle_opened(coordinator, plan, year: int = 2025):
    """`plan`'s cycle for one calendar year, created and opened by its coordinator: one
    update per responsible agency and action, due on 31 January of the next year."""
    from naptrack.reporting import services

    cycle = services.cycle_create(
        actor=coordinator,
        plan=plan,
        label=str(year),
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        due_date=datetime.date(year + 1, 1, 31),
    )
    return services.cycle_open(actor=coordinator, cycle=cycle)


def update_approved(update, coordinator, reporter=None, **fields):
    """`update` saved with `fields`, submitted by a reporter of its agency (a new one unless
    given) and approved by the coordinator."""
    from naptrack.reporting import services
    from tests.factories.people import reporter_for

    reporter = reporter or reporter_for(update.agency)
    update = services.update_save(
        actor=reporter, update=update, expected_version=update.version, **fields
    )
    update = services.update_submit(actor=reporter, update=update)
    return services.update_approve(actor=coordinator, update=update)


def report_published(cycle, coordinator, summary: str = "In brief."):
    """The cycle's official report, compiled and published by the coordinator."""
    from naptrack.reporting import services

    report = services.report_compile(actor=coordinator, cycle=cycle, summary=summary)
    return services.report_publish(actor=coordinator, report=report)
