"""A synthetic scale dataset: made-up countries, their agencies and plans, each plan's
structure, quarterly reporting cycles with approved agency updates, and published official
reports. For benchmarks and demonstrations in a throw-away database only.

Everything it makes is labelled: plans have origin "synthetic" (the registry, analysis,
exports, search and the real compilation leave them out), countries, regions, agencies and
plans carry "[SYNTHETIC]" in their names, countries use ISO 3166 user-assigned codes
(QMA-QZZ, which no real country has) and money is in XTS, the ISO 4217 code reserved for
testing. The structure and updates are written with bulk inserts for speed; cycles and
official reports go through the reporting services, so every published snapshot is the
one the real code compiles. See docs/configuration.md (generate_synthetic_data).
"""

import datetime
import random
import string
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import JSONField
from django.utils import timezone

from naptrack.accounts.choices import OrganizationKind
from naptrack.accounts.models import Membership, Organization, User
from naptrack.core.services import activity_record
from naptrack.plans.choices import BudgetKind, ResponsibilityRole
from naptrack.plans.models import (
    Action,
    BudgetLine,
    Indicator,
    IndicatorTarget,
    Objective,
    PlanPillar,
    Responsibility,
)
from naptrack.registry.choices import DatePrecision, Origin, PlanStatus, Publication
from naptrack.registry.models import ActionPlan, Country, Pillar, Region, StandardIndicator
from naptrack.reporting import selectors as reporting_selectors
from naptrack.reporting import services
from naptrack.reporting.choices import (
    CycleState,
    Frequency,
    ImplementationStatus,
    ReportState,
    UpdateState,
)
from naptrack.reporting.models import (
    ActionUpdate,
    IndicatorValue,
    OfficialReport,
    ReportingCycle,
)

LABEL = "[SYNTHETIC]"
SOURCE = "NAPtrack synthetic data (manage.py generate_synthetic_data): not a real country"
CURRENCY = "XTS"  # ISO 4217: "codes specifically reserved for testing purposes"
REGIONS = (("Q01", 1), ("Q02", 2))  # made-up M49-like codes: real ones are digits
FIRST_YEAR = 2021
AGENCIES_PER_COUNTRY = 8
OBJECTIVES_PER_PILLAR = 2
UNITS = ("%", "women", "people", "cases", "institutions")


@dataclass(frozen=True)
class Scale:
    plans: int = 200
    actions: int = 100  # per plan
    indicators: int = 5  # per action
    cycles: int = 20  # quarterly, per plan, from 2021-Q1
    published: int | None = None  # official reports published per plan (latest cycles); all
    seed: int = 1325


class UnsafeDatabase(Exception):
    """The database holds data that synthetic records must not be mixed with."""


# ---- Safety -------------------------------------------------------------------------------


def real_data_counts() -> dict[str, int]:
    """What this database holds beyond the reference data shipped with NAPtrack: a sign
    that it is not a throw-away database."""
    return {
        "plans entered on the platform": ActionPlan.objects.filter(origin=Origin.PLATFORM).count(),
        "plan structures of real plans": PlanPillar.objects.exclude(
            plan__origin=Origin.SYNTHETIC
        ).count(),
        "reporting cycles of real plans": ReportingCycle.objects.exclude(
            plan__origin=Origin.SYNTHETIC
        ).count(),
        "user accounts": User.objects.count(),
        "memberships": Membership.objects.count(),
        "organizations": Organization.objects.exclude(country__source=SOURCE).count(),
    }


def synthetic_counts() -> dict[str, int]:
    return {
        "plans": ActionPlan.objects.filter(origin=Origin.SYNTHETIC).count(),
        "countries": Country.objects.filter(source=SOURCE).count(),
    }


def check_database(*, allow_mixed: bool) -> None:
    found = {name: n for name, n in real_data_counts().items() if n}
    if found and not allow_mixed:
        listed = ", ".join(f"{n} {name}" for name, n in found.items())
        raise UnsafeDatabase(
            f"This database holds real data ({listed}). Synthetic data belongs in a "
            "throw-away database: point DATABASE_URL at an empty one, migrate and "
            "load_reference_data, or pass --allow-mixed if you really mean to mix them."
        )


# ---- Owners ---------------------------------------------------------------------------------


def _free_codes(count: int) -> list[str]:
    taken = set(Country.objects.filter(iso3__startswith="Q").values_list("iso3", flat=True))
    codes = [
        f"Q{second}{third}"
        for second in string.ascii_uppercase[12:]  # M..Z: the user-assigned Q range
        for third in string.ascii_uppercase
        if f"Q{second}{third}" not in taken
    ]
    if len(codes) < count:
        raise UnsafeDatabase(f"Only {len(codes)} user-assigned codes (QMA-QZZ) are free.")
    return codes[:count]


def synthetic_regions() -> tuple[Region, Region]:
    region, _ = Region.objects.get_or_create(
        m49=REGIONS[0][0], defaults={"name": f"Synthetic region {LABEL}", "level": 1}
    )
    subregion, _ = Region.objects.get_or_create(
        m49=REGIONS[1][0],
        defaults={"name": f"Synthetic sub-region {LABEL}", "level": 2, "parent": region},
    )
    return region, subregion


def countries_create(count: int) -> list[Country]:
    region, subregion = synthetic_regions()
    first = Country.objects.filter(source=SOURCE).count() + 1
    return Country.objects.bulk_create(
        Country(
            iso3=code,
            name=f"Synthetic Country {first + n:03d} {LABEL}",
            region=region,
            subregion=subregion,
            un_member=False,
            source=SOURCE,
        )
        for n, code in enumerate(_free_codes(count))
    )


def agencies_create(countries: list[Country]) -> dict[int, list[Organization]]:
    created = Organization.objects.bulk_create(
        Organization(
            name=f"Synthetic Ministry {k + 1} of {country.name}",
            kind=OrganizationKind.GOVERNMENT_AGENCY,
            country=country,
        )
        for country in countries
        for k in range(AGENCIES_PER_COUNTRY)
    )
    by_country: dict[int, list[Organization]] = {}
    for agency in created:
        by_country.setdefault(agency.country_id, []).append(agency)
    return by_country


# ---- A plan's structure ----------------------------------------------------------------------


@dataclass
class Context:
    scale: Scale
    rng: random.Random
    pillars: list[Pillar]
    standards: list[StandardIndicator]

    @property
    def last_year(self) -> int:
        return FIRST_YEAR + (self.scale.cycles - 1) // 4


def plan_create(country: Country, ctx: Context) -> ActionPlan:
    return ActionPlan.objects.create(
        country=country,
        generation=1,
        title=f"Synthetic National Action Plan for {country.name}",
        status=PlanStatus.ADOPTED,
        publication=Publication.PUBLISHED,
        origin=Origin.SYNTHETIC,
        adoption_date=datetime.date(FIRST_YEAR - 1, 10, 31),
        adoption_precision=DatePrecision.DAY,
        period_start=FIRST_YEAR,
        period_end=ctx.last_year,
        lead_agency=f"Synthetic Ministry 1 of {country.name}",
        status_note="SYNTHETIC DATA: made up for benchmarks; not a real plan.",
    )


def _objectives_create(plan: ActionPlan, ctx: Context) -> list[Objective]:
    plan_pillars = PlanPillar.objects.bulk_create(
        PlanPillar(plan=plan, pillar=pillar, name=pillar.name, position=n)
        for n, pillar in enumerate(ctx.pillars)
    )
    return Objective.objects.bulk_create(
        Objective(
            plan=plan,
            pillar=pillar,
            code=f"{p + 1}.{o + 1}",
            title=f"Synthetic objective {p + 1}.{o + 1} on {pillar.name.lower()}",
            position=p * OBJECTIVES_PER_PILLAR + o,
        )
        for p, pillar in enumerate(plan_pillars)
        for o in range(OBJECTIVES_PER_PILLAR)
    )


def _actions_create(plan: ActionPlan, objectives: list[Objective], ctx: Context) -> list[Action]:
    actions = []
    for n in range(ctx.scale.actions):
        objective = objectives[n % len(objectives)]
        actions.append(
            Action(
                plan=plan,
                objective=objective,
                code=f"{objective.code}.{n // len(objectives) + 1}",
                title=f"Synthetic action {n + 1}",
                start_year=FIRST_YEAR,
                end_year=ctx.rng.randint(FIRST_YEAR + 1, ctx.last_year + 1),
                position=n,
            )
        )
    return Action.objects.bulk_create(actions)


def _responsibilities_create(actions: list[Action], agencies: list[Organization]) -> list:
    lines = []
    for n, action in enumerate(actions):
        lines.append(
            Responsibility(
                action=action, agency=agencies[n % len(agencies)], role=ResponsibilityRole.LEAD
            )
        )
        if n % 5 == 0:  # one action in five has a supporting agency
            supporting = agencies[(n + 1) % len(agencies)]
            lines.append(
                Responsibility(action=action, agency=supporting, role=ResponsibilityRole.SUPPORTING)
            )
    return Responsibility.objects.bulk_create(lines)


def _indicators_create(actions: list[Action], ctx: Context) -> list[Indicator]:
    indicators = []
    for n, action in enumerate(actions):
        for k in range(ctx.scale.indicators):
            baseline = None if ctx.rng.random() < 0.2 else Decimal(ctx.rng.randint(0, 40))
            indicators.append(
                Indicator(
                    plan=action.plan,
                    action=action,
                    code=f"{action.code}.{string.ascii_lowercase[k % 26]}{k // 26 or ''}",
                    name=f"Synthetic indicator {k + 1} of action {n + 1}",
                    unit=UNITS[(n + k) % len(UNITS)],
                    baseline_value=baseline,
                    disaggregated_by_sex=k == 0,
                    # the first indicator of each action reports on a UN global indicator
                    standard_indicator=ctx.standards[n % len(ctx.standards)] if k == 0 else None,
                    position=k,
                )
            )
    return Indicator.objects.bulk_create(indicators)


def _targets_create(indicators: list[Indicator], ctx: Context) -> None:
    years = range(FIRST_YEAR, ctx.last_year + 1)
    rows = [
        {"indicator": i.pk, "period": str(year), "value": _target(i, year, ctx)}
        for i in indicators
        for year in years
    ]
    insert_rows(IndicatorTarget, rows)


def _target(indicator: Indicator, year: int, ctx: Context) -> Decimal:
    start = indicator.baseline_value or Decimal(0)
    step = Decimal(60 - int(start)) / (ctx.last_year - FIRST_YEAR + 1)
    return (start + step * (year - FIRST_YEAR + 1)).quantize(Decimal("0.1"))


def structure_create(plan: ActionPlan, agencies: list[Organization], ctx: Context) -> dict:
    actions = _actions_create(plan, _objectives_create(plan, ctx), ctx)
    lines = _responsibilities_create(actions, agencies)
    indicators = _indicators_create(actions, ctx)
    _targets_create(indicators, ctx)
    BudgetLine.objects.bulk_create(
        BudgetLine(
            action=a,
            amount=Decimal(ctx.rng.randint(20, 500) * 1000),
            currency=CURRENCY,
            kind=BudgetKind.ALLOCATED,
            funding_source=f"Synthetic fund {LABEL}",
        )
        for a in actions
    )
    by_action: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_action.setdefault(indicator.action_id, []).append(indicator)
    return {"lines": lines, "indicators": by_action}


# ---- Reporting --------------------------------------------------------------------------------


def _quarter(n: int) -> tuple[str, datetime.date, datetime.date]:
    year, quarter = FIRST_YEAR + n // 4, n % 4 + 1
    start = datetime.date(year, 3 * quarter - 2, 1)
    following = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return f"{year}-Q{quarter}", start, following - datetime.timedelta(days=1)


def cycles_create(plan: ActionPlan, ctx: Context) -> list[ReportingCycle]:
    services.schedule_set(
        actor=None,
        plan=plan,
        frequency=Frequency.QUARTERLY,
        first_period_start=datetime.date(FIRST_YEAR, 1, 1),
        due_days=30,
    )
    cycles = []
    for n in range(ctx.scale.cycles):
        label, start, end = _quarter(n)
        due = end + datetime.timedelta(days=30)
        cycles.append(
            services.cycle_create(
                actor=None, plan=plan, label=label, period_start=start, period_end=end, due_date=due
            )
        )
    now = timezone.now()
    ReportingCycle.objects.filter(plan=plan).update(
        state=CycleState.CLOSED, opened_at=now, closed_at=now
    )
    return cycles


STATUS_WEIGHTS = (
    (ImplementationStatus.NOT_STARTED, lambda p: 0.5 * (1 - p)),
    (ImplementationStatus.ON_TRACK, lambda p: 0.45),
    (ImplementationStatus.DELAYED, lambda p: 0.2),
    (ImplementationStatus.COMPLETED, lambda p: 0.6 * p),
    (ImplementationStatus.CANCELLED, lambda p: 0.02),
)


def _state(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.03:
        return UpdateState.DRAFT
    return UpdateState.SUBMITTED if draw < 0.06 else UpdateState.APPROVED


def insert_rows(model, rows: list[dict]) -> None:
    """Plain INSERTs in one executemany. At this scale (millions of rows) building a model
    instance per row is most of bulk_create's time; the database still checks every
    constraint. Values are given ready for the database (ids, text, numbers, aware
    datetimes) except JSON, which goes through its field's own conversion."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in rows[0]]
    quote = connection.ops.quote_name
    # Names come from the model's metadata, quoted; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    converters = [_converter(field) for field in fields]
    values = [
        [convert(row[f.name]) for f, convert in zip(fields, converters, strict=True)]
        for row in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY is many times faster than INSERTs there
            copy_sql = sql.split(" VALUES ")[0].replace("INSERT INTO", "COPY") + " FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(sql, values)


def _converter(field) -> Callable:
    if isinstance(field, JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def _update_row(cycle, line, progress: float, ctx: Context, now) -> dict:
    rng, state = ctx.rng, _state(ctx.rng)
    statuses, weights = zip(*((s, w(progress)) for s, w in STATUS_WEIGHTS), strict=True)
    status = "" if state == UpdateState.DRAFT else rng.choices(statuses, weights)[0]
    spent = None if rng.random() < 0.1 else Decimal(rng.randint(100, 20000)) + Decimal("0.5")
    return {
        "cycle": cycle.pk,
        "action": line.action_id,
        "agency": line.agency_id,
        "role": line.role,
        "status": status,
        "narrative": f"Synthetic progress note {LABEL}.",
        "spending_amount": spent,
        "spending_currency": CURRENCY if spent is not None else "",
        "state": state,
        "version": 1,
        "saved_at": now,
        "submitted_at": None if state == UpdateState.DRAFT else now,
        "reviewed_at": now if state == UpdateState.APPROVED else None,
        "created_at": now,
    }


def _value_row(update_id: int, indicator: Indicator, progress: float, ctx: Context) -> dict:
    start = float(indicator.baseline_value or 0)
    value = start + (60 - start) * progress * ctx.rng.uniform(0.5, 1.2)
    value = Decimal(str(round(min(value, 100) if indicator.unit == "%" else value, 1)))
    breakdown = {}
    if indicator.disaggregated_by_sex:
        women = (value * Decimal("0.6")).quantize(Decimal("0.1"))
        breakdown = {"sex": {"female": str(women), "male": str(value - women)}}
    return {
        "update": update_id,
        "indicator": indicator.pk,
        "value": value,
        "disaggregation": breakdown,
        "note": "",
    }


def updates_create(cycles: list[ReportingCycle], structure: dict, ctx: Context) -> int:
    """Every responsible agency's update in every cycle; the leads report the indicators
    (the supporting agencies' status and spending only)."""
    now = timezone.now()
    insert_rows(
        ActionUpdate,
        [
            _update_row(cycle, line, (n + 1) / len(cycles), ctx, now)
            for n, cycle in enumerate(cycles)
            for line in structure["lines"]
        ],
    )
    progress = {cycle.pk: (n + 1) / len(cycles) for n, cycle in enumerate(cycles)}
    reporting = ActionUpdate.objects.filter(cycle__in=cycles, role=ResponsibilityRole.LEAD).exclude(
        state=UpdateState.DRAFT
    )
    insert_rows(
        IndicatorValue,
        [
            _value_row(pk, indicator, progress[cycle_id], ctx)
            for pk, cycle_id, action_id in reporting.values_list("pk", "cycle_id", "action_id")
            for indicator in structure["indicators"].get(action_id, [])
        ],
    )
    return len(cycles) * len(structure["lines"])


def reports_publish(cycles: list[ReportingCycle], ctx: Context) -> int:
    """Publish the latest cycles' official reports through report_publish, which compiles
    each snapshot the way it compiles a real one."""
    count = len(cycles) if ctx.scale.published is None else min(ctx.scale.published, len(cycles))
    with structure_read_once():
        for cycle in cycles[len(cycles) - count :]:
            draft = OfficialReport.objects.create(
                cycle=cycle,
                version=1,
                state=ReportState.DRAFT,
                summary=f"SYNTHETIC DATA: made-up official report for {cycle.label}.",
            )
            services.report_publish(actor=None, report=draft)
    return count


@contextmanager
def structure_read_once():
    """cycle_snapshot reads the plan's whole structure again for every cycle: most of its
    time. Nothing changes the structure while a plan's reports are published here, so
    the snapshot code runs unchanged on a structure read once."""
    original, cache = reporting_selectors.structure_for, {}

    def read_once(plan):
        if plan.pk not in cache:
            cache.clear()
            cache[plan.pk] = original(plan)
        return cache[plan.pk]

    reporting_selectors.structure_for = read_once
    try:
        yield
    finally:
        reporting_selectors.structure_for = original


# ---- The whole dataset -------------------------------------------------------------------------


def generate(scale: Scale, *, allow_mixed: bool = False, progress: Callable = print) -> dict:
    check_database(allow_mixed=allow_mixed)
    ctx = Context(
        scale=scale,
        rng=random.Random(scale.seed),
        pillars=list(Pillar.objects.order_by("position")),
        standards=list(StandardIndicator.objects.order_by("position", "number")),
    )
    if not ctx.pillars:
        raise UnsafeDatabase("Load the reference data first: manage.py load_reference_data.")
    with transaction.atomic():
        countries = countries_create(scale.plans)
        agencies = agencies_create(countries)
    totals = {"plans": 0, "updates": 0, "reports": 0}
    for n, country in enumerate(countries, start=1):
        with transaction.atomic():
            plan = plan_create(country, ctx)
            structure = structure_create(plan, agencies[country.pk], ctx)
            cycles = cycles_create(plan, ctx)
            totals["updates"] += updates_create(cycles, structure, ctx)
            totals["reports"] += reports_publish(cycles, ctx)
            totals["plans"] += 1
        progress(f"plan {n}/{scale.plans}: {plan.title}")
    activity_record(
        actor=None,
        verb="synthetic.generated",
        target=plan,
        changes={"plans": {"before": None, "after": totals["plans"]}},
        channel="command",
    )
    return totals


def delete_all(*, progress: Callable = print) -> dict:
    """Remove every synthetic record, plan by plan (the reporting tables protect their
    rows, so the order matters)."""
    plans = list(ActionPlan.objects.filter(origin=Origin.SYNTHETIC).order_by("pk"))
    for n, plan in enumerate(plans, start=1):
        with transaction.atomic():
            for report in OfficialReport.objects.filter(cycle__plan=plan).order_by("-version"):
                report.delete()
            ActionUpdate.objects.filter(cycle__plan=plan).delete()
            ReportingCycle.objects.filter(plan=plan).delete()
            Action.objects.filter(plan=plan).delete()
            Objective.objects.filter(plan=plan).delete()
            plan.delete()
        progress(f"deleted plan {n}/{len(plans)}")
    with transaction.atomic():
        Organization.objects.filter(country__source=SOURCE).delete()
        countries = Country.objects.filter(source=SOURCE).delete()[0]
        for code, _level in reversed(REGIONS):  # the sub-region first: it points to its region
            Region.objects.filter(m49=code).delete()
    return {"plans": len(plans), "countries": countries}
