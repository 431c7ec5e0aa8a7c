"""Reads of the registry. Every list starts from plans_visible_to(user)."""

from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import ExpressionWrapper
from django.db.models.functions import Coalesce, ExtractYear, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.accounts.selectors import user_scopes
from naptrack.core.selectors import activities_for, activities_since_first
from naptrack.registry.choices import (
    PENDING_FILTER,
    PENDING_STATUSES,
    FactCode,
    Origin,
    PlanStatus,
    Publication,
)
from naptrack.registry.models import (
    ActionPlan,
    Country,
    Pillar,
    PlanFact,
    Region,
    RegionalOrganization,
    StandardIndicator,
)

IN_FORCE = (PlanStatus.ADOPTED, PlanStatus.EXPIRED, PlanStatus.SUPERSEDED)
LAPSED = (PlanStatus.EXPIRED, PlanStatus.SUPERSEDED, PlanStatus.WITHDRAWN)
# A country's status, from its national plans, in display order (national_statuses).
COUNTRY_STATUSES = ("in_force", "in_force_end_unknown", "lapsed", "pending", "none")


def editable_scope_q(user) -> Q:
    """Plans owned by a country or regional organization this user coordinates."""
    scopes = user_scopes(user)
    return Q(country_id__in=scopes.coordinated_country_ids) | Q(
        regional_organization_id__in=scopes.coordinated_regional_organization_ids
    )


def coordinates(user, plan: ActionPlan) -> bool:
    """Whether this user coordinates the plan's owner (the row-level editable_scope_q)."""
    scopes = user_scopes(user)
    return (
        plan.country_id in scopes.coordinated_country_ids
        or plan.regional_organization_id in scopes.coordinated_regional_organization_ids
    )


def plans_visible_to(user) -> QuerySet[ActionPlan]:
    """Published real plans, plus drafts inside the user's coordination scope."""
    real = ActionPlan.objects.exclude(origin=Origin.SYNTHETIC)
    return real.filter(Q(publication=Publication.PUBLISHED) | editable_scope_q(user))


def draft_ids_visible_to(user) -> list[int]:
    """The unpublished plans this user may see (drafts in their coordination scope): with
    the data version, what makes their view of the registry differ from the public's."""
    drafts = plans_visible_to(user).exclude(publication=Publication.PUBLISHED)
    return sorted(drafts.values_list("pk", flat=True))


def with_current_status(plans: QuerySet[ActionPlan], year: int | None = None) -> QuerySet:
    """Annotate `current_status`: an adopted plan shows as superseded once a published
    successor is in force, and as expired once its (extended) period has ended; and
    `end_unknown`: no end of the period (nor an extension) is recorded."""
    year = year or timezone.now().year
    successor_in_force = ActionPlan.objects.public().filter(
        predecessor=OuterRef("pk"), status__in=IN_FORCE
    )
    return plans.annotate(
        end_unknown=ExpressionWrapper(
            Q(extended_to__isnull=True, period_end__isnull=True), output_field=BooleanField()
        ),
        has_successor_in_force=Exists(successor_in_force),
        current_status=Case(
            When(
                status=PlanStatus.ADOPTED,
                has_successor_in_force=True,
                then=Value(PlanStatus.SUPERSEDED),
            ),
            When(status=PlanStatus.ADOPTED, extended_to__lt=year, then=Value(PlanStatus.EXPIRED)),
            When(
                status=PlanStatus.ADOPTED,
                extended_to__isnull=True,
                period_end__lt=year,
                then=Value(PlanStatus.EXPIRED),
            ),
            default=F("status"),
            output_field=CharField(),
        ),
    )


def plan_list(user, *, year: int | None = None) -> QuerySet[ActionPlan]:
    plans = plans_visible_to(user).select_related(
        "country__region", "country__subregion", "regional_organization", "predecessor"
    )
    return with_current_status(plans, year)


def plans_editable_by(user):
    """Plans this user may edit, drafts first: the "My work" list."""
    drafts_first = Case(
        When(publication=Publication.DRAFT, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    # The derived status (superseded, expired), as on every public page.
    plans = plans_visible_to(user).filter(editable_scope_q(user))
    return (
        with_current_status(plans)
        .select_related("country", "regional_organization")
        .order_by(drafts_first, "country__name", "regional_organization__short_name", "generation")
    )


def plan_detail(user, pk: int) -> ActionPlan:
    """One visible plan with everything its page shows; raises DoesNotExist otherwise."""
    return plan_list(user).prefetch_related("citations", "resolutions").get(pk=pk)


def plan_detail_with_relatives(
    user, pk: int
) -> tuple[ActionPlan, ActionPlan | None, ActionPlan | None]:
    """One visible plan as plan_detail gives it, with its predecessor and successor as
    plan_relatives gives them, from one query: the derived-status annotation, most of the
    cost of building a plan query, is compiled once per page rather than twice. Raises
    DoesNotExist when the plan is not visible to this user."""
    rows = plan_list(user).prefetch_related("citations", "resolutions")
    rows = list(rows.filter(Q(pk=pk) | Q(predecessor_id=pk) | Q(successor__pk=pk)))
    plan = next((row for row in rows if row.pk == pk), None)
    if plan is None:
        raise ActionPlan.DoesNotExist
    predecessor = successor = None
    for other in rows:
        if other.pk == pk:
            continue
        if other.pk == plan.predecessor_id:
            predecessor = other
        else:
            successor = other
    return plan, predecessor, successor


FACT_ORDER = {code: position for position, code in enumerate(FactCode.values)}


def plan_facts(plan: ActionPlan) -> list[PlanFact]:
    """The plan's coded facts in the order of the fact list (title, period, lead agency...)."""
    return sorted(plan.facts.all(), key=lambda f: (FACT_ORDER[f.code], f.source_url))


def countries_with_plans(user) -> QuerySet[Country]:
    return Country.objects.filter(plans__in=plans_visible_to(user)).distinct()


def home_summary(user) -> dict:
    """The home page: what is in force, recent, pending and lapsed, for this user's view."""
    plans = plan_list(user)
    return {
        "current_plans": plans.filter(current_status=PlanStatus.ADOPTED).order_by(
            "country__name", "regional_organization__short_name"
        ),
        "recent_plans": plans.filter(adoption_date__isnull=False).order_by(
            "-adoption_date", "country__name", "regional_organization__short_name"
        )[:10],
        "pending_plans": plans.filter(
            status__in=[PlanStatus.ANNOUNCED, PlanStatus.DRAFTING, PlanStatus.CONSULTATION]
        ).order_by("country__name", "regional_organization__short_name"),
        **national_overview(user),
    }


@dataclass(frozen=True)
class PlanFilters:
    """The registry's filters, shared by the list page, its CSV export and the API."""

    region: str = ""  # M49 code of a region
    subregion: str = ""  # M49 code of a sub-region
    status: str = ""  # a PlanStatus value, matched against the derived current status
    generation: int | None = None
    adopted_from: int | None = None  # year, inclusive
    adopted_to: int | None = None  # year, inclusive
    budget: str = ""  # a Budget value
    owner_kind: str = ""  # "national" or "regional"
    q: str = ""  # words in the country, organization or title
    sort: str = "owner"


PLAN_SORTS = {
    "owner": ["country__name", "regional_organization__short_name", "generation"],
    "-adopted": [F("adoption_date").desc(nulls_last=True), "country__name"],
    "adopted": [F("adoption_date").asc(nulls_last=True), "country__name"],
    "generation": [F("generation").asc(nulls_last=True), "country__name"],
    "-generation": [F("generation").desc(nulls_last=True), "country__name"],
    "-period_end": [F("period_end").desc(nulls_last=True), "country__name"],
}


def plan_search(user, filters: PlanFilters, *, year: int | None = None) -> QuerySet[ActionPlan]:
    plans = plan_list(user, year=year)
    conditions = {
        "country__region__m49": filters.region,
        "country__subregion__m49": filters.subregion,
        "current_status": "" if filters.status == PENDING_FILTER else filters.status,
        "generation": filters.generation,
        "adoption_date__year__gte": filters.adopted_from,
        "adoption_date__year__lte": filters.adopted_to,
        "budget": filters.budget,
    }
    plans = plans.filter(**{k: v for k, v in conditions.items() if v not in ("", None)})
    if filters.status == PENDING_FILTER:
        plans = plans.filter(current_status__in=PENDING_STATUSES)
    if filters.owner_kind == "national":
        plans = plans.filter(country__isnull=False)
    elif filters.owner_kind == "regional":
        plans = plans.filter(regional_organization__isnull=False)
    for word in filters.q.split():
        plans = plans.filter(
            Q(country__name__icontains=word)
            | Q(title__icontains=word)
            | Q(regional_organization__name__icontains=word)
            | Q(regional_organization__short_name__icontains=word)
        )
    return plans.order_by(*PLAN_SORTS.get(filters.sort, PLAN_SORTS["owner"]))


# Public registry pages: home, indexes, country / organization timelines, plan page.


@dataclass(frozen=True)
class Gap:
    """Years with no plan in force. `start` None means the gap's extent is unknown;
    `ongoing` means no plan has been in force since `start`."""

    start: int | None = None
    end: int | None = None
    ongoing: bool = False

    @property
    def known(self) -> bool:
        return self.start is not None


@dataclass(frozen=True)
class TimelineEntry:
    plan: ActionPlan
    gap_before: Gap | None = None


@dataclass(frozen=True)
class Timeline:
    entries: list[TimelineEntry]
    gap_after: Gap | None = None  # the owner's last plan has lapsed

    @property
    def plans(self) -> list[ActionPlan]:
        return [entry.plan for entry in self.entries]


def plan_start_year(plan: ActionPlan) -> int | None:
    """When a plan began: its period start, else the year it was adopted."""
    if plan.period_start:
        return plan.period_start
    return plan.adoption_date.year if plan.adoption_date else None


def _timeline_order(plans) -> list[ActionPlan]:
    """Plans by start year; an undated plan goes before the first dated plan of a later
    generation (Guinea's undated first plan before its dated second), else last."""
    plans = list(plans)
    starts = {p.pk: plan_start_year(p) for p in plans}

    def key(plan):
        start = starts[plan.pk]
        if start is None and plan.generation:
            later = [
                starts[p.pk]
                for p in plans
                if p.generation and p.generation > plan.generation and starts[p.pk] is not None
            ]
            start = min(later, default=None)
        return (start is None, start or 0, plan.generation is None, plan.generation or 0, plan.pk)

    return sorted(plans, key=key)


def _gap_between(previous: ActionPlan, following: ActionPlan) -> Gap | None:
    end, start = previous.effective_end, plan_start_year(following)
    if end is None or start is None:
        return Gap()
    if start - end > 1:
        return Gap(start=end + 1, end=start - 1)
    return None


def _lapse_after(plan: ActionPlan, year: int) -> Gap | None:
    if getattr(plan, "current_status", plan.status) != PlanStatus.EXPIRED:
        return None
    end = plan.effective_end
    # A plan recorded as expired before its stated end ended early, on a date we don't know.
    if end is None or end >= year:
        return Gap(ongoing=True)
    return Gap(start=end + 1, ongoing=True)


def plan_timeline(plans, *, year: int | None = None) -> Timeline:
    """One owner's plans in order, with the gaps between plans that were in force.

    Only adopted plans (adopted, expired, superseded) can leave or close a gap; pending
    and withdrawn plans appear in the timeline but never count as being in force."""
    year = year or timezone.now().year
    entries, previous = [], None
    for plan in _timeline_order(plans):
        in_force = plan.status in IN_FORCE
        gap = _gap_between(previous, plan) if in_force and previous else None
        entries.append(TimelineEntry(plan=plan, gap_before=gap))
        previous = plan if in_force else previous
    return Timeline(entries=entries, gap_after=_lapse_after(previous, year) if previous else None)


def owner_timeline(user, owner: Country | RegionalOrganization) -> Timeline:
    """Every plan of one country or organization this user may see, with its sources."""
    field = "country" if isinstance(owner, Country) else "regional_organization"
    plans = plan_list(user).filter(**{field: owner}).prefetch_related("citations")
    return plan_timeline(plans)


def _visible_plan_count(user, owner_field: str) -> Coalesce:
    counts = (
        plans_visible_to(user)
        .filter(**{owner_field: OuterRef("pk")})
        .order_by()
        .values(owner_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def country_index(user) -> list[tuple[Region, list[Country]]]:
    """All countries grouped by region, each with `plan_count` (plans this user may see)."""
    countries = (
        Country.objects.select_related("region", "subregion")
        .annotate(plan_count=_visible_plan_count(user, "country"))
        .order_by("region__name", "name")
    )
    return [(region, list(group)) for region, group in groupby(countries, attrgetter("region"))]


def regional_organization_index(user) -> QuerySet[RegionalOrganization]:
    return RegionalOrganization.objects.annotate(
        plan_count=_visible_plan_count(user, "regional_organization")
    ).order_by("short_name")


def plan_relatives(user, plan: ActionPlan) -> tuple[ActionPlan | None, ActionPlan | None]:
    """The plan's predecessor and successor, each only if this user may see it, with
    their current status."""
    related = plan_list(user).filter(Q(pk=plan.predecessor_id) | Q(predecessor=plan))
    predecessor = successor = None
    for other in related.select_related("country", "regional_organization"):
        if other.pk == plan.predecessor_id:
            predecessor = other
        else:
            successor = other
    return predecessor, successor


@dataclass(frozen=True)
class StatusReason:
    """Why a plan's current status differs from what was recorded, in words: `text`, then
    a link to `successor` when there is one, then `after`."""

    text: str
    successor: ActionPlan | None = None
    after: str = ""


def _successor_fate(successor: ActionPlan) -> str:
    """What became of the plan that superseded another: the truth, not "in force"."""
    status = getattr(successor, "current_status", successor.status)
    if successor.in_force_end_unknown:
        return _(", which is counted in force: no end of its period is recorded.")
    if status == PlanStatus.ADOPTED:
        return _(", which is in force.")
    if status == PlanStatus.SUPERSEDED:
        return _(", which has itself been superseded.")
    if status == PlanStatus.EXPIRED and successor.effective_end:
        text = _(", which has itself lapsed: its period ended in %(year)s.")
        return text % {"year": successor.effective_end}
    return _(", which has itself lapsed.")


def plan_status_reason(plan: ActionPlan, *, successor: ActionPlan | None = None):
    """Explains a derived status (see with_current_status); None when nothing to explain."""
    current = getattr(plan, "current_status", plan.status)
    if plan.status != PlanStatus.ADOPTED:
        return None
    if current == PlanStatus.SUPERSEDED and successor is None:
        return StatusReason(_("Superseded: a later plan was adopted."))
    if current == PlanStatus.SUPERSEDED:
        return StatusReason(
            _("Superseded by"), successor=successor, after=_successor_fate(successor)
        )
    if current == PlanStatus.EXPIRED and plan.extended_to:
        text = _("Expired: its period was extended to %(year)s, and that year has ended.")
        return StatusReason(text % {"year": plan.extended_to})
    if current == PlanStatus.EXPIRED:
        text = _("Expired: its period ended in %(year)s and no extension is recorded.")
        return StatusReason(text % {"year": plan.period_end})
    if plan.effective_end is None:
        return StatusReason(
            _(
                "In force, end unknown: counted as in force because it was adopted and no "
                "end of its period is recorded."
            )
        )
    return None


@dataclass(frozen=True)
class CountryStatus:
    """One country as every page counts it (see national_statuses)."""

    country: Country
    status: str  # one of COUNTRY_STATUSES
    current_plans: list[ActionPlan]
    last_plan: ActionPlan | None = None  # the last plan in force, for a lapsed country
    since: int | None = None  # first year without a plan in force; None when unknown


def _country_status(country: Country, plans: list[ActionPlan], year: int) -> CountryStatus:
    current = [p for p in plans if p.current_status == PlanStatus.ADOPTED]
    if current:
        end_unknown = all(p.in_force_end_unknown for p in current)
        status = "in_force_end_unknown" if end_unknown else "in_force"
        return CountryStatus(country, status, current)
    if any(p.current_status in LAPSED for p in plans):
        timeline = plan_timeline(plans, year=year)
        in_force = [e.plan for e in timeline.entries if e.plan.status in IN_FORCE]
        since = timeline.gap_after.start if timeline.gap_after else None
        return CountryStatus(country, "lapsed", [], in_force[-1] if in_force else None, since)
    if any(p.status in PENDING_STATUSES for p in plans):
        return CountryStatus(country, "pending", [])
    return CountryStatus(country, "none", [])


def national_statuses(
    user, *, un_members_only: bool = False, year: int | None = None
) -> list[CountryStatus]:
    """Every country (or UN member state) by its national plans: in force, in force with
    no end recorded, lapsed, pending or none: the analysis page's country figures. The
    home page counts the same in SQL (national_overview); a test holds them to agree."""
    year = year or timezone.now().year
    countries = Country.objects.order_by("name")
    if un_members_only:
        countries = countries.filter(un_member=True)
    by_country: dict[int, list[ActionPlan]] = {}
    for plan in plan_list(user, year=year).filter(country__in=countries):
        by_country.setdefault(plan.country_id, []).append(plan)
    return [_country_status(c, by_country.get(c.pk, []), year) for c in countries]


def national_status_counts(statuses: list[CountryStatus]) -> dict[str, int]:
    counts = {status: 0 for status in COUNTRY_STATUSES}
    for entry in statuses:
        counts[entry.status] += 1
    return counts


def national_overview(user, *, year: int | None = None) -> dict:
    """The home page's country figures, counted by the database: a country is in force
    when one of its national plans this user may see is adopted and in force today (end
    unknown when none of those records an end), and lapsed when none is but one has
    expired, been superseded or withdrawn. The same rules as national_statuses, which the
    analysis page uses (tests/registry/test_national_overview.py holds them to agree)."""
    year = year or timezone.now().year
    visible = plans_visible_to(user).filter(country__isnull=False)
    national = with_current_status(visible.select_related("country"), year)
    figures = _country_figures(national)
    in_force = _countries_in_force(national, figures)
    return {
        "countries_in_force": in_force,
        "countries_end_unknown": [s for s in in_force if s.status == "in_force_end_unknown"],
        "lapsed_countries": _lapsed_countries(visible, national, figures, year),
    }


def _country_figures(national: QuerySet[ActionPlan]) -> dict[int, dict]:
    """Per country with a plan in force or lapsed: how many of its plans are in force
    today, how many of those record an end, and how many have lapsed."""
    in_force_today = Q(current_status=PlanStatus.ADOPTED)
    rows = (
        national.order_by()
        .values("country_id")
        .annotate(
            current=Count("pk", filter=in_force_today),
            current_with_end=Count("pk", filter=in_force_today & Q(end_unknown=False)),
            lapsed=Count("pk", filter=Q(current_status__in=LAPSED)),
        )
        .filter(Q(current__gt=0) | Q(lapsed__gt=0))
    )
    return {row.pop("country_id"): row for row in rows}


def _countries_in_force(national: QuerySet[ActionPlan], figures: dict) -> list[CountryStatus]:
    ids = [pk for pk, row in figures.items() if row["current"]]
    current = national.filter(country_id__in=ids, current_status=PlanStatus.ADOPTED).order_by(
        "country__name", "generation", "pk"
    )
    statuses = []
    for country, plans in groupby(current, attrgetter("country")):
        end_unknown = not figures[country.pk]["current_with_end"]
        status = "in_force_end_unknown" if end_unknown else "in_force"
        statuses.append(CountryStatus(country, status, list(plans)))
    return statuses


def _lapsed_countries(visible, national, figures: dict, year: int) -> list[CountryStatus]:
    """Lapsed countries, each with its last plan that was in force (in timeline order:
    see plan_timeline) and the first year after it ended, when its end is known."""
    ids = [pk for pk, row in figures.items() if not row["current"] and row["lapsed"]]
    last = _last_in_force(visible, national.filter(country_id__in=ids), year)
    last_plans = {plan.country_id: plan for plan in last}
    return [
        CountryStatus(
            country,
            "lapsed",
            [],
            last_plans.get(country.pk),
            getattr(last_plans.get(country.pk), "lapsed_since", None),
        )
        for country in Country.objects.filter(pk__in=ids).order_by("name")
    ]


def _last_in_force(visible: QuerySet[ActionPlan], national: QuerySet[ActionPlan], year: int):
    """Each country's last plan that was ever in force, ordered as plan_timeline orders
    them (by start year; an undated plan before the first dated plan of a later
    generation, else last), with `lapsed_since`: the year after its end, when it has
    expired and its end is known and past."""
    start = Coalesce("period_start", ExtractYear("adoption_date"))
    later_start = (
        visible.filter(country_id=OuterRef("country_id"), generation__gt=OuterRef("generation"))
        .annotate(start=start)
        .filter(start__isnull=False)
        .order_by("start")
        .values("start")[:1]
    )
    timeline_last = Window(
        RowNumber(),
        partition_by=F("country_id"),
        order_by=[
            F("timeline_start").desc(nulls_first=True),
            F("generation").desc(nulls_first=True),
            F("pk").desc(),
        ],
    )
    return (
        national.filter(status__in=IN_FORCE)
        .annotate(
            timeline_start=Coalesce(start, Subquery(later_start)),
            timeline_end=Coalesce("extended_to", "period_end"),
        )
        .annotate(
            position=timeline_last,
            lapsed_since=Case(
                When(
                    current_status=PlanStatus.EXPIRED,
                    timeline_end__lt=year,
                    then=F("timeline_end") + 1,
                ),
                default=None,
                output_field=IntegerField(),
            ),
        )
        .filter(position=1)
    )


def plan_history(user, plan: ActionPlan) -> list:
    """The plan's audit trail as this user may read it, newest first, with `public_actor`:
    who made each change as the public sees it — the role, never the person. Only
    coordinators of a plan's owner can change it (see permissions.py); administrators see
    the person in the admin. Others see the plan's history from its publication on, and
    no plan they may not read is named in it (see `_hide_unseen_plans`)."""
    system = Q(actor__isnull=True, actor_label__in=["", "system"])
    activities = activities_for(plan).annotate(
        public_actor=Case(
            When(system & Q(channel="command"), then=Value(_("system (reference data load)"))),
            When(system, then=Value(_("system"))),
            default=Value(_("a coordinator of %(owner)s") % {"owner": plan.owner}),
            output_field=CharField(),
        )
    )
    if not coordinates(user, plan):
        activities = activities_since_first(activities, "plan.published")
    return _hide_unseen_plans(user, list(activities))


PLAN_FIELDS = ("predecessor",)


def _hide_unseen_plans(user, activities: list) -> list:
    """Plan ids in the changes (the predecessor) that this user may not read become None,
    as on the plan page; the others are named in `named_plans` {id: display title}."""
    ids = {
        value
        for activity in activities
        for field in PLAN_FIELDS
        for value in (activity.changes.get(field) or {}).values()
        if isinstance(value, int)
    }
    visible = (
        plans_visible_to(user).filter(pk__in=ids).select_related("country", "regional_organization")
    )
    named = {other.pk: other.display_title for other in visible} if ids else {}
    for activity in activities:
        activity.named_plans = named
        for field in PLAN_FIELDS:
            change = activity.changes.get(field)
            if change:
                seen = {side: v if v in named else None for side, v in change.items()}
                activity.changes[field] = seen
                if seen["before"] is None and seen["after"] is None:
                    del activity.changes[field]
    return activities


def indicator_library() -> list[tuple[Pillar, list[StandardIndicator]]]:
    """The four pillars, each with its UN global indicators, in the annex's order."""
    indicators = StandardIndicator.objects.select_related("pillar").order_by("position")
    by_pillar: dict[int, list[StandardIndicator]] = {}
    for indicator in indicators:
        by_pillar.setdefault(indicator.pillar_id, []).append(indicator)
    return [(pillar, by_pillar.get(pillar.pk, [])) for pillar in Pillar.objects.all()]


def plan_id_of(target) -> int | None:
    """The plan a changed object (an audit row's target) belongs to, through the foreign
    keys that lead there; None for objects outside any plan."""
    if isinstance(target, ActionPlan):
        return target.pk
    if getattr(target, "plan_id", None) is not None:
        return target.plan_id
    for parent in ("cycle", "report", "document", "action", "indicator"):
        if getattr(target, f"{parent}_id", None) is not None:
            return plan_id_of(getattr(target, parent))
    return None
