"""The plan lifecycle's transitions, in one table: each transition's name (used in URLs
and the API), the states it may start from, the status it moves to, its audit verb, the
words pages show and the participle the audit trail and messages use. Services, forms,
pages and the API all read this table; the service that carries a transition out is
`services.plan_<name>`."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from naptrack.registry.choices import PENDING_STATUSES, PlanStatus


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    participle: str
    label: Promise
    help: Promise
    to: str  # the status the plan moves to
    verb: str  # the audit row's verb


# In lifecycle order: pages offer the allowed ones in this order.
TABLE = (
    Transition(
        "start_drafting",
        (PlanStatus.ANNOUNCED,),
        "moved to drafting",
        _("Start drafting"),
        _("The government has started writing the plan."),
        to=PlanStatus.DRAFTING,
        verb="plan.drafting_started",
    ),
    Transition(
        "open_consultation",
        (PlanStatus.ANNOUNCED, PlanStatus.DRAFTING),
        "opened for consultation",
        _("Open consultation"),
        _("The draft is open for consultation with civil society."),
        to=PlanStatus.CONSULTATION,
        verb="plan.consultation_opened",
    ),
    Transition(
        "adopt",
        PENDING_STATUSES,
        "adopted",
        _("Record adoption"),
        _("The plan was formally adopted; give the date as precisely as the source does."),
        to=PlanStatus.ADOPTED,
        verb="plan.adopted",
    ),
    Transition(
        "extend",
        (PlanStatus.ADOPTED, PlanStatus.EXPIRED),
        "extended",
        _("Extend the period"),
        _("The adopted period was extended to a later year."),
        to=PlanStatus.ADOPTED,
        verb="plan.extended",
    ),
    Transition(
        "expire",
        (PlanStatus.ADOPTED,),
        "marked expired",
        _("Mark as expired"),
        _("The plan's period has ended and no extension is known."),
        to=PlanStatus.EXPIRED,
        verb="plan.expired",
    ),
    Transition(
        "supersede",
        (PlanStatus.ADOPTED, PlanStatus.EXPIRED),
        "superseded",
        _("Mark as superseded"),
        _("A newer plan of the same owner replaces this one."),
        to=PlanStatus.SUPERSEDED,
        verb="plan.superseded",
    ),
    Transition(
        "withdraw",
        (*PENDING_STATUSES, PlanStatus.ADOPTED),
        "withdrawn",
        _("Withdraw"),
        _("The plan was abandoned or withdrawn."),
        to=PlanStatus.WITHDRAWN,
        verb="plan.withdrawn",
    ),
)
BY_NAME = {transition.name: transition for transition in TABLE}
NAMES = tuple(BY_NAME)


def transition_service(name: str):
    """The service function that carries out transition `name` (plan_<name>)."""
    from naptrack.registry import services  # services import this table

    return getattr(services, f"plan_{BY_NAME[name].name}")
