"""Deadlines derived at read time from the data they come from, never stored: a
reporting cycle's due date or a plan's end that changes shows changed at the next read,
and an entry's UID stays the same so subscribed calendars move it instead of adding one.

Each source is a function (plans, filters) -> entries, registered in DEADLINE_SOURCES
with the kind it yields: reporting due dates, plan ends and consultation closing dates.
"""

import datetime

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from naptrack.consultations.choices import PUBLIC_STATES as PUBLIC_CONSULTATION_STATES
from naptrack.consultations.models import Consultation
from naptrack.events.choices import EventKind
from naptrack.events.entries import UTC, CalendarEntry, CalendarFilters
from naptrack.plans.models import Action
from naptrack.registry.models import ActionPlan
from naptrack.registry.selectors import IN_FORCE, editable_scope_q, plans_visible_to
from naptrack.reporting.models import ReportingCycle
from naptrack.reporting.permissions import reporter_agency_ids


def plan_filter_q(filters: CalendarFilters) -> Q:
    """The owner filters (country, region, regional body, plan) applied to plans."""
    q = Q()
    if filters.country:
        q &= Q(country__iso3=filters.country)
    if filters.region:
        q &= Q(country__region__m49=filters.region) | Q(country__subregion__m49=filters.region)
    if filters.regional_body:
        q &= Q(regional_organization__slug=filters.regional_body)
    if filters.plan:
        q &= Q(pk=filters.plan)
    return q


def plans_for_calendar(user, filters: CalendarFilters) -> QuerySet[ActionPlan]:
    """The plans whose deadlines this user's calendar shows: those they may read."""
    return plans_visible_to(user).filter(plan_filter_q(filters))


def plans_of_person(user, filters: CalendarFilters) -> QuerySet[ActionPlan]:
    """The plans whose deadlines are this person's own: those they coordinate, and
    those with an action an agency they report for is responsible for."""
    reported_on = Action.objects.filter(
        responsibilities__agency__in=reporter_agency_ids(user)
    ).values("plan")
    mine = editable_scope_q(user) | Q(pk__in=reported_on)
    return plans_for_calendar(user, filters).filter(mine)


def _day_entry(*, uid: str, title: str, kind: str, day: datetime.date, url: str, **extra):
    start = datetime.datetime.combine(day, datetime.time(), UTC)
    return CalendarEntry(
        uid=uid,
        title=title,
        kind=kind,
        kind_label=EventKind(kind).label,
        starts_at=start,
        ends_at=start + datetime.timedelta(days=1),
        time_zone="UTC",
        all_day=True,
        url=url,
        derived=True,
        **extra,
    )


def reporting_deadlines(plans, filters: CalendarFilters) -> list[CalendarEntry]:
    cycles = ReportingCycle.objects.filter(plan__in=plans).select_related(
        "plan__country", "plan__regional_organization"
    )
    if filters.date_from and filters.date_to:
        cycles = cycles.filter(due_date__range=(filters.date_from, filters.date_to))
    return [
        _day_entry(
            uid=f"reporting-cycle-{cycle.pk}-due@naptrack",
            title=_("%(plan)s: report %(label)s due") % {"plan": cycle.plan, "label": cycle.label},
            kind=EventKind.REPORTING_DEADLINE,
            day=cycle.due_date,
            url=cycle.get_absolute_url(),
            description=_("Reporting period %(start)s to %(end)s.")
            % {"start": cycle.period_start, "end": cycle.period_end},
            plans=(cycle.plan,),
        )
        for cycle in cycles.order_by("due_date", "pk")
    ]


def plan_end_deadlines(plans, filters: CalendarFilters) -> list[CalendarEntry]:
    """The end of each adopted plan's period, or of its extension. The registry records
    years only, so the entry is 31 December of that year and says so."""
    plans = plans.filter(status__in=IN_FORCE).annotate(
        end_year=Coalesce("extended_to", "period_end")
    )
    plans = plans.filter(end_year__isnull=False).select_related("country", "regional_organization")
    if filters.date_from and filters.date_to:
        plans = plans.filter(
            end_year__gte=filters.date_from.year, end_year__lte=filters.date_to.year
        )
    entries = [_plan_end(plan) for plan in plans.order_by("end_year", "pk")]
    return [e for e in entries if _in_window(e.first_day, filters)]


def _plan_end(plan: ActionPlan) -> CalendarEntry:
    if plan.extended_to:
        note = _("Extended to %(year)s (the period first ended in %(end)s).")
        note %= {"year": plan.extended_to, "end": plan.period_end or _("an unknown year")}
    else:
        note = _("The period ends in %(year)s.") % {"year": plan.end_year}
    return _day_entry(
        uid=f"plan-{plan.pk}-period-end@naptrack",
        title=_("%(plan)s: period ends") % {"plan": plan},
        kind=EventKind.PLAN_END,
        day=datetime.date(plan.end_year, 12, 31),
        url=plan.get_absolute_url(),
        description=note + " " + _("The registry records the year only: shown on 31 December."),
        plans=(plan,),
    )


def _in_window(day: datetime.date, filters: CalendarFilters) -> bool:
    if not (filters.date_from and filters.date_to):
        return True
    return filters.date_from <= day <= filters.date_to


def consultation_closing_dates(plans, filters: CalendarFilters) -> list[CalendarEntry]:
    """The last day of each public consultation (open, closed or reported) on the plans;
    one being prepared is its coordinators' business and never listed."""
    consultations = Consultation.objects.filter(
        plan__in=plans, state__in=PUBLIC_CONSULTATION_STATES
    ).select_related("plan__country", "plan__regional_organization")
    if filters.date_from and filters.date_to:
        consultations = consultations.filter(closes_on__range=(filters.date_from, filters.date_to))
    return [
        _day_entry(
            uid=f"consultation-{consultation.pk}-closes@naptrack",
            title=_("%(plan)s: consultation “%(title)s” closes")
            % {"plan": consultation.plan, "title": consultation.title},
            kind=EventKind.CONSULTATION,
            day=consultation.closes_on,
            url=consultation.get_absolute_url(),
            description=_("Input is taken until the end of this day (opened %(opens)s).")
            % {"opens": consultation.opens_on},
            plans=(consultation.plan,),
        )
        for consultation in consultations.order_by("closes_on", "pk")
    ]


DEADLINE_SOURCES = [
    (EventKind.REPORTING_DEADLINE, reporting_deadlines),
    (EventKind.PLAN_END, plan_end_deadlines),
    (EventKind.CONSULTATION, consultation_closing_dates),
]


def deadlines_for_plans(plans, filters: CalendarFilters) -> list[CalendarEntry]:
    return [
        entry
        for kind, source in DEADLINE_SOURCES
        if not filters.kind or filters.kind == kind
        for entry in source(plans, filters)
    ]
