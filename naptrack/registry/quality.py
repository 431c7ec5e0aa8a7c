"""The data-quality page: which public plans rest on weak facts, so anyone can help.

Each check is one entry of CHECKS: a slug (the page's anchor), a title, why it matters and
a filter over the public plans (with `current_status`, `end_unknown` and `source_count`).
Add a check by adding an entry; the page, its counts and its links follow."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from naptrack.registry.choices import (
    WEAK_SOURCE_KINDS,
    Confidence,
    FactCode,
    PlanStatus,
    Publication,
)
from naptrack.registry.models import ActionPlan
from naptrack.registry.selectors import IN_FORCE, plan_list


@dataclass(frozen=True)
class DataCheck:
    slug: str
    title: str
    why: str
    select: Callable[[QuerySet], QuerySet]


CHECKS: list[DataCheck] = [
    DataCheck(
        "unsourced",
        _("Plans with no source"),
        _("Nothing on record supports these plans' facts."),
        lambda plans: plans.filter(source_count=0),
    ),
    DataCheck(
        "single-source",
        _("Plans resting on a single source"),
        _("One page supports every fact; a second, independent source would confirm them."),
        lambda plans: plans.filter(source_count=1),
    ),
    DataCheck(
        "weak-sources-only",
        _("Plans resting only on weak sources"),
        _(
            "Every source is untitled, an encyclopedia or a generic listing page: the plan "
            "itself or an official page about it would confirm the facts."
        ),
        lambda plans: plans.filter(source_count__gt=0, strong_source_count=0),
    ),
    DataCheck(
        "source-disagrees",
        _("Plans where a source disagrees with the registry"),
        _("A source coded for this plan gives another date or period: check and correct it."),
        lambda plans: plans.filter(facts__code=FactCode.REGISTRY_DISCREPANCY).distinct(),
    ),
    DataCheck(
        "no-end-year",
        _("Plans in force only because no end year is recorded"),
        _("Shown as “in force, end unknown”: the end of the period, or its extension, is needed."),
        lambda plans: plans.filter(current_status=PlanStatus.ADOPTED, end_unknown=True),
    ),
    DataCheck(
        "low-confidence",
        _("Plans with low confidence"),
        _("The facts come from a weak or undated source."),
        lambda plans: plans.filter(confidence=Confidence.LOW),
    ),
    DataCheck(
        "no-adoption-date",
        _("Adopted plans with no adoption date"),
        _("They are dated by the start of their period, or not at all."),
        lambda plans: plans.filter(status__in=IN_FORCE, adoption_date__isnull=True),
    ),
    DataCheck(
        "undated",
        _("Adopted plans with no date at all"),
        _("Neither an adoption date nor a period is known: they cannot be placed in time."),
        lambda plans: plans.filter(
            Q(status__in=IN_FORCE, adoption_date__isnull=True, period_start__isnull=True)
        ),
    ),
]


@dataclass(frozen=True)
class CheckResult:
    check: DataCheck
    plans: list[ActionPlan]


def quality_plans(user) -> QuerySet[ActionPlan]:
    """The plans the checks look at: the public ones, with what each check needs."""
    public = plan_list(user).filter(publication=Publication.PUBLISHED)
    strong = ~Q(citations__title="") & ~Q(citations__kind__in=WEAK_SOURCE_KINDS)
    return public.annotate(
        source_count=Count("citations", distinct=True),
        # The same rule as Citation.is_weak, counted in SQL.
        strong_source_count=Count("citations", filter=strong, distinct=True),
    ).select_related("country", "regional_organization")


def data_quality(user) -> list[CheckResult]:
    plans = quality_plans(user)
    return [CheckResult(check, list(check.select(plans))) for check in CHECKS]
