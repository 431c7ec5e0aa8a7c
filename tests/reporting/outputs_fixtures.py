"""A real reporting cycle on the small Kenyan plan of tests/reporting/conftest.py, run
through the services up to a published official report, for the tests of the outputs
(standardized report, dashboard, compilation); tests/reporting/conftest.py wraps
published_report in the `reporting_published` fixture.

What is published (cycle 2025, period 2025-01-01 – 2025-12-31):
- 1.1 "Train women mediators", led by agency A: on track, 1500.50 KES spent, indicator
  1.1.a (mapped to UN global indicator 7, target 2025 = 50) at 20, 20 of them women.
- 2.1 "Open gender desks", led by agency B: delayed, 300 KES spent, indicator 2.1.a (no
  target) at 40. Agency A supports 2.1 and never submits: no approved report.
- Budget lines (allocated): 5000 KES on 1.1, 1000 KES on 2.1.
"""

from decimal import Decimal

from naptrack.registry.models import StandardIndicator
from naptrack.reporting import services
from naptrack.reporting.services import ValueInput
from tests.factories import people
from tests.factories.plans import BudgetLineFactory
from tests.factories.reporting import cycle_opened, report_published, update_approved

SUMMARY = "Two actions reported; gender desks are behind schedule."


def save(update, actor, **fields):
    update.refresh_from_db()
    return services.update_save(
        actor=actor, update=update, expected_version=update.version, **fields
    )


def approve(update, reporter, coordinator, **fields):
    update.refresh_from_db()
    return update_approved(update, coordinator, reporter, **fields)


def publish(cycle, coordinator, summary: str = SUMMARY):
    return report_published(cycle, coordinator, summary)


def reported_cycle(request):
    """The cycle with A's and B's lead updates approved (A's supporting update left as a
    draft). `request` is pytest's: the people and the plan are tests/reporting fixtures."""
    fixture = request.getfixturevalue
    structure, coordinator = fixture("reporting_structure"), fixture("kenya_coordinator")
    mediators, desks = structure["mediators"], structure["desks"]
    mediators.standard_indicator = StandardIndicator.objects.get(number="7")
    mediators.save()
    BudgetLineFactory(action=structure["first"], amount=5000, currency="KES")
    BudgetLineFactory(action=structure["second"], amount=1000, currency="KES")
    approve(
        fixture("update_a"),
        fixture("reporter_a"),
        coordinator,
        status="on_track",
        narrative="Trained 20 women mediators.",
        spending_amount=Decimal("1500.50"),
        spending_currency="KES",
        indicator_values=[ValueInput(mediators.pk, Decimal("20"), {"sex": {"female": "20"}})],
    )
    approve(
        fixture("update_b"),
        fixture("reporter_b"),
        coordinator,
        status="delayed",
        narrative="Desks opened in 40% of stations.",
        spending_amount=Decimal("300"),
        spending_currency="KES",
        indicator_values=[ValueInput(desks.pk, Decimal("40"))],
    )
    return fixture("reporting_cycle")


def published_report(request):
    """Version 1 of the 2025 report, published (see reported_cycle)."""
    return publish(reported_cycle(request), request.getfixturevalue("kenya_coordinator"))


def cycle_with_actions(
    country, coordinator, count: int, *, title: str = "Scaled test plan", standard=None
):
    """A published plan with `count` actions, each led by its own agency that reports it
    on track with an indicator value (30 %, target 40, mapped to the global indicator
    `standard` if given) and 250 USD spent; its 2025 report published."""

    from tests.factories.accounts import AgencyFactory
    from tests.factories.plans import (
        ActionFactory,
        IndicatorFactory,
        IndicatorTargetFactory,
        ObjectiveFactory,
        PlanPillarFactory,
        ResponsibilityFactory,
    )
    from tests.factories.registry import ActionPlanFactory

    plan = ActionPlanFactory(country=country, title=title, period_start=2025, period_end=2027)
    pillar = PlanPillarFactory(plan=plan, name="Participation")
    reporters = []
    for n in range(count):
        objective = ObjectiveFactory(pillar=pillar, code=f"{n + 1}")
        action = ActionFactory(objective=objective, code=f"{n + 1}.1")
        agency = AgencyFactory(name=f"Lead agency {n + 1} of {title}", country=country)
        ResponsibilityFactory(action=action, agency=agency, role="lead")
        indicator = IndicatorFactory(
            action=action, code=f"{n + 1}.1.a", unit="%", standard_indicator=standard
        )
        IndicatorTargetFactory(indicator=indicator, period="2025", value=40)
        BudgetLineFactory(action=action, amount=1000, currency="USD")
        reporters.append((people.reporter_for(agency), indicator))
    cycle = cycle_opened(coordinator, plan)
    for update, (reporter, indicator) in zip(
        cycle.updates.order_by("action__position"), reporters, strict=True
    ):
        approve(
            update,
            reporter,
            coordinator,
            status="on_track",
            spending_amount=Decimal("250"),
            spending_currency="USD",
            indicator_values=[ValueInput(indicator.pk, Decimal("30"))],
        )
    return publish(cycle, coordinator, summary=f"{count} actions reported.")
