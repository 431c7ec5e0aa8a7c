"""In and Out schemas of the registry API. Unknown facts are null, never 0 or ""."""

import datetime
from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from naptrack.registry.choices import (
    Budget,
    CodedBy,
    Confidence,
    DatePrecision,
    FactCode,
    Focus,
    PlanStatus,
    SourceKind,
)
from naptrack.registry.forms import FIRST_YEAR, LAST_YEAR
from naptrack.registry.models import partial_date_text
from naptrack.registry.selectors import PLAN_SORTS, PlanFilters, plan_facts


def _absolute(context: dict | None, url: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(url) if request else url


def _or_none(value: str) -> str | None:
    return value or None


# -- Reference data ---------------------------------------------------------------------


class RegionRef(Schema):
    m49: str
    name: str


class RegionOut(Schema):
    m49: str = Field(..., description="UN M49 code.")
    name: str
    level: int = Field(..., description="1 region, 2 sub-region, 3 intermediate region.")
    parent_m49: str | None

    @staticmethod
    def resolve_parent_m49(obj) -> str | None:
        return obj.parent.m49 if obj.parent_id else None


class ResolutionOut(Schema):
    number: int
    year: int
    summary: str
    source_url: str


class ResolutionRef(Schema):
    number: int
    year: int


class PillarOut(Schema):
    code: str
    name: str
    description: str
    position: int
    source_url: str


class StandardIndicatorOut(Schema):
    number: str
    short_name: str
    pillar: str = Field(..., description="Code of the pillar (see /pillars).")
    verified: bool = Field(
        ...,
        description="True once checked against the annex of S/2010/498; unverified "
        "wording may differ from the official text.",
    )
    source_url: str
    position: int

    @staticmethod
    def resolve_pillar(obj) -> str:
        return obj.pillar.code


class StandardIndicatorFiltersIn(Schema):
    pillar: str | None = Field(None, description="Pillar code.")
    verified: bool | None = None


class RegionFiltersIn(Schema):
    level: int | None = Field(None, ge=1, le=3)


# -- Owners -----------------------------------------------------------------------------


class PlanOwnerOut(Schema):
    kind: Literal["country", "regional_organization"]
    code: str = Field(..., description="ISO 3166-1 alpha-3 code or organization slug.")
    name: str
    url: str


class CountryFiltersIn(Schema):
    region: str | None = Field(None, description="M49 code of a region, e.g. 002 (Africa).")
    subregion: str | None = Field(None, description="M49 code of a sub-region.")
    un_member: bool | None = None
    has_plan: bool | None = Field(None, description="Has at least one plan you can see.")
    q: str | None = Field(None, max_length=200, description="Words in the name.")


class CountryOut(Schema):
    iso3: str
    iso2: str | None
    m49: str | None
    name: str
    region: RegionRef
    subregion: RegionRef
    intermediate_region: RegionRef | None
    un_member: bool
    source: str
    plan_count: int = Field(..., description="Plans you can see.")
    url: str
    html_url: str

    @staticmethod
    def resolve_iso2(obj) -> str | None:
        return _or_none(obj.iso2)

    @staticmethod
    def resolve_m49(obj) -> str | None:
        return _or_none(obj.m49)

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, reverse("api:country", args=[obj.iso3]))

    @staticmethod
    def resolve_html_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class RegionalOrganizationOut(Schema):
    slug: str
    short_name: str
    name: str
    plan_count: int = Field(..., description="Plans you can see.")
    url: str
    html_url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, reverse("api:regional_organization", args=[obj.slug]))

    @staticmethod
    def resolve_html_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


# -- Plans ------------------------------------------------------------------------------


class PlanFiltersIn(Schema):
    """The registry page's filters (selectors.PlanFilters)."""

    region: str | None = Field(None, description="M49 code of the owner country's region.")
    subregion: str | None = Field(None, description="M49 code of its sub-region.")
    status: PlanStatus | Literal["pending"] | None = Field(
        None,
        description="Matched against current_status; `pending`: announced, drafting or in "
        "consultation.",
    )
    generation: int | None = Field(None, ge=1)
    adopted_from: int | None = Field(
        None, ge=FIRST_YEAR, le=LAST_YEAR, description="Adopted in or after this year."
    )
    adopted_to: int | None = Field(
        None, ge=FIRST_YEAR, le=LAST_YEAR, description="Adopted in or before this year."
    )
    budget: Budget | None = None
    owner_kind: Literal["national", "regional"] | None = None
    q: str | None = Field(None, max_length=200, description="Words in owner or title.")
    sort: Literal[tuple(PLAN_SORTS)] = "owner"  # type: ignore[valid-type]

    @field_validator("adopted_to")
    @classmethod
    def _not_before_start(cls, end: int | None, info: ValidationInfo) -> int | None:
        start = info.data.get("adopted_from")
        if start and end and start > end:
            message = "{end} is before adopted_from ({start})."
            raise PydanticCustomError("year_order", message, {"start": start, "end": end})
        return end

    def to_filters(self) -> PlanFilters:
        values = {name: value for name, value in self.dict().items() if value is not None}
        return PlanFilters(**{k: getattr(v, "value", v) for k, v in values.items()})


class CitationOut(Schema):
    id: int
    url: str
    title: str | None = Field(..., description="null when no title is recorded (a weak source).")
    publisher: str | None
    published_date: str | None = Field(
        ..., description="As precisely as known: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    kind: SourceKind | None
    supports: str | None = Field(..., description="Which of the plan's facts it supports.")
    weak: bool = Field(..., description="No title recorded, or an encyclopedia or listing page.")
    accessed: datetime.date | None

    @staticmethod
    def resolve_title(obj) -> str | None:
        return _or_none(obj.title)

    @staticmethod
    def resolve_publisher(obj) -> str | None:
        return _or_none(obj.publisher)

    @staticmethod
    def resolve_published_date(obj) -> str | None:
        return _or_none(partial_date_text(obj.published_date, obj.published_precision))

    @staticmethod
    def resolve_kind(obj) -> str | None:
        return _or_none(obj.kind)

    @staticmethod
    def resolve_supports(obj) -> str | None:
        return _or_none(obj.supports)

    @staticmethod
    def resolve_weak(obj) -> bool:
        return obj.is_weak


class PlanFactOut(Schema):
    fact: FactCode
    value: str
    source_url: str
    source_title: str | None
    source_publisher: str | None
    source_date: str | None = Field(
        ..., description="As precisely as known: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    quote: str | None = Field(..., description="The source's own words supporting the value.")
    location: str | None = Field(..., description="Where in the source: a page or a heading.")
    confidence: Confidence
    coded_by: CodedBy
    coded_on: datetime.date

    @staticmethod
    def resolve_fact(obj) -> str:
        return obj.code

    @staticmethod
    def resolve_source_title(obj) -> str | None:
        return _or_none(obj.source_title)

    @staticmethod
    def resolve_source_publisher(obj) -> str | None:
        return _or_none(obj.source_publisher)

    @staticmethod
    def resolve_source_date(obj) -> str | None:
        return _or_none(partial_date_text(obj.source_date, obj.source_precision))

    @staticmethod
    def resolve_quote(obj) -> str | None:
        return _or_none(obj.quote)

    @staticmethod
    def resolve_location(obj) -> str | None:
        return _or_none(obj.location)


class PlanSummaryOut(Schema):
    id: int
    url: str
    html_url: str
    display_title: str
    title: str | None
    language: str | None = Field(
        ..., description="ISO 639-1 code of the language it is written in; null when unknown."
    )
    owner: PlanOwnerOut
    generation: int | None = Field(
        ..., description="null when the sources disagree or say nothing."
    )
    status: PlanStatus = Field(..., description="The recorded lifecycle status.")
    current_status: PlanStatus = Field(
        ..., description="status, with adopted plans shown as expired or superseded when due."
    )
    publication: Literal["draft", "published"]
    origin: Literal["reference", "platform"]
    adoption_date: datetime.date | None
    adoption_precision: DatePrecision | None = Field(
        ..., description="How much of adoption_date is known: year, month or day."
    )
    period_start: int | None
    period_end: int | None
    extended_to: int | None
    in_force_end_unknown: bool = Field(
        ...,
        description="true when the plan counts as in force only because no end of its "
        "period (nor an extension) is recorded: shown as “in force, end unknown”.",
    )
    best_year: int | None = Field(
        ..., description="The best date known: the adoption year, else the period's start."
    )
    best_year_basis: Literal["adoption", "period_start"] | None = Field(
        ..., description="Which fact best_year comes from; null when no date is known."
    )
    budget: Budget
    focus: Focus
    lead_agency: str | None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, reverse("api:plan", args=[obj.pk]))

    @staticmethod
    def resolve_html_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_owner(obj, context) -> dict:
        return plan_owner(obj, context)

    @staticmethod
    def resolve_title(obj) -> str | None:
        return _or_none(obj.title)

    @staticmethod
    def resolve_language(obj) -> str | None:
        return _or_none(obj.language)

    @staticmethod
    def resolve_adoption_precision(obj) -> str | None:
        return _or_none(obj.adoption_precision)

    @staticmethod
    def resolve_lead_agency(obj) -> str | None:
        return _or_none(obj.lead_agency)

    @staticmethod
    def resolve_best_year_basis(obj) -> str | None:
        return _or_none(obj.best_year_basis)


class PlanDetailOut(PlanSummaryOut):
    status_note: str | None
    confidence: Confidence | None
    resolutions: list[ResolutionRef]
    citations: list[CitationOut]
    facts: list[PlanFactOut] = Field(
        ..., description="What public sources say the plan contains, one fact each, coded."
    )
    predecessor_id: int | None = Field(..., description="null when none or not visible to you.")
    successor_id: int | None = Field(..., description="null when none or not visible to you.")
    can_edit: bool = Field(..., description="Whether you may change this plan.")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_status_note(obj) -> str | None:
        return _or_none(obj.status_note)

    @staticmethod
    def resolve_confidence(obj) -> str | None:
        return _or_none(obj.confidence)

    # The endpoint sets api_* after checking what this user may see (api.plan_out).
    @staticmethod
    def resolve_predecessor_id(obj) -> int | None:
        return obj.api_predecessor_id

    @staticmethod
    def resolve_successor_id(obj) -> int | None:
        return obj.api_successor_id

    @staticmethod
    def resolve_can_edit(obj) -> bool:
        return obj.api_can_edit

    @staticmethod
    def resolve_resolutions(obj) -> list:
        return list(obj.resolutions.all())

    @staticmethod
    def resolve_citations(obj) -> list:
        return list(obj.citations.all())

    @staticmethod
    def resolve_facts(obj) -> list:
        return plan_facts(obj)


class CountryDetailOut(CountryOut):
    plans: list[PlanSummaryOut] = Field(..., description="Plans you can see, oldest first.")

    @staticmethod
    def resolve_plans(obj) -> list:
        return obj.visible_plans  # set by the endpoint: `plans` would be every plan


class RegionalOrganizationDetailOut(RegionalOrganizationOut):
    plans: list[PlanSummaryOut] = Field(..., description="Plans you can see, oldest first.")

    @staticmethod
    def resolve_plans(obj) -> list:
        return obj.visible_plans


class ActivityOut(Schema):
    when: datetime.datetime
    actor: str = Field(
        ..., description="Who made the change, by role (never a person's name or email)."
    )
    verb: str
    channel: str
    changes: dict[str, Any] = Field(..., description="{field: {before, after}}")

    @staticmethod
    def resolve_when(obj) -> datetime.datetime:
        return obj.created_at

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.public_actor  # annotated by selectors.plan_history


def plan_owner(plan, context) -> dict:
    if plan.country_id:
        owner, kind, code, name = plan.country, "country", plan.country.iso3, plan.country.name
    else:
        owner = plan.regional_organization
        kind, code, name = "regional_organization", owner.slug, owner.short_name
    url = reverse(f"api:{kind}", args=[code])
    return {"kind": kind, "code": code, "name": name, "url": _absolute(context, url)}


# -- Writes -----------------------------------------------------------------------------


class PlanFieldsIn(Schema):
    """Fields a coordinator may set. Leave a field out to keep it; null clears it."""

    generation: int | None = Field(None, ge=1)
    title: str | None = Field(None, max_length=500)
    language: str | None = Field(
        None, max_length=2, description="ISO 639-1 code of the plan's language; null: unknown."
    )
    adoption_date: datetime.date | None = None
    adoption_precision: DatePrecision | None = None
    period_start: int | None = None
    period_end: int | None = None
    extended_to: int | None = None
    lead_agency: str | None = Field(None, max_length=300)
    predecessor_id: int | None = None
    focus: Focus = Field(None, description="Not nullable; use unknown.")
    budget: Budget = Field(None, description="Not nullable; use unknown.")
    status_note: str | None = None
    confidence: Confidence | None = None
    resolutions: list[int] = Field(None, description="Resolution numbers, e.g. [1325, 1820].")


class PlanCreateIn(PlanFieldsIn):
    country: str | None = Field(None, description="ISO alpha-3 code of the owner country.")
    regional_organization: str | None = Field(None, description="Slug of the owner organization.")
    status: PlanStatus = PlanStatus.DRAFTING


# The API's enum keeps its published order; tests check it names the same transitions as
# the one table (naptrack/registry/transitions.py).
TRANSITIONS = (
    "adopt",
    "extend",
    "expire",
    "supersede",
    "withdraw",
    "start_drafting",
    "open_consultation",
)


class TransitionIn(Schema):
    action: Literal[TRANSITIONS]  # type: ignore[valid-type]
    adoption_date: datetime.date | None = Field(None, description="Required for adopt.")
    precision: DatePrecision = Field(DatePrecision.DAY, description="Of adoption_date.")
    extended_to: int | None = Field(None, description="Required for extend: a year.")
    successor_id: int | None = Field(None, description="Required for supersede.")


class CitationIn(Schema):
    url: str = Field(..., max_length=1000)
    title: str = Field("", max_length=500)
    accessed: datetime.date | None = None
