"""In and Out schemas of the reporting API. Numbers that agencies report are exact
decimal strings ("12.5"); unknown values are null."""

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from naptrack.plans.schemas import BudgetLineOut, IndicatorFieldsOut, ResponsibilityOut
from naptrack.reporting.choices import Frequency, ImplementationStatus
from naptrack.reporting.validators import decimal_text


def _number(value) -> str | None:
    return None if value is None else decimal_text(value)


def _absolute(context: dict | None, url: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(url) if request else url


# -- Cycles and schedules ----------------------------------------------------------------


class CycleOut(Schema):
    id: int
    plan_id: int
    label: str
    period_start: datetime.date
    period_end: datetime.date
    due_date: datetime.date
    state: str = Field(..., description="scheduled, open or closed.")
    published_versions: list[int] = Field(
        ..., description="Version numbers of the cycle's published official reports."
    )

    @staticmethod
    def resolve_published_versions(obj) -> list[int]:
        return [report.version for report in obj.published_reports]


class CycleIn(Schema):
    label: str = Field(..., max_length=40)
    period_start: datetime.date
    period_end: datetime.date
    due_date: datetime.date


class ScheduleIn(Schema):
    frequency: Frequency
    first_period_start: datetime.date
    due_days: int = Field(30, ge=0, le=366)


class ScheduleOut(Schema):
    plan_id: int
    frequency: str
    first_period_start: datetime.date
    due_days: int


# -- Updates --------------------------------------------------------------------------------


class IndicatorValueOut(Schema):
    indicator: str = Field(..., description="The indicator's code.")
    indicator_id: int
    value: str | None
    disaggregation: dict[str, dict[str, str]]
    note: str

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_value(obj) -> str | None:
        return _number(obj.value)


class EvidenceOut(Schema):
    id: int
    kind: Literal["link", "file"]
    description: str
    url: str | None = Field(None, description="The link, or where to download the file.")
    file_name: str | None = None
    size_bytes: int | None = None
    content_type: str | None = None

    @staticmethod
    def resolve_kind(obj) -> str:
        return "file" if obj.is_file else "link"

    @staticmethod
    def resolve_url(obj, context) -> str:
        if obj.is_file:
            return _absolute(context, reverse("reporting:evidence_file", args=[obj.pk]))
        return obj.url

    @staticmethod
    def resolve_file_name(obj) -> str | None:
        return obj.original_name or None

    @staticmethod
    def resolve_content_type(obj) -> str | None:
        return obj.content_type or None


class CommentOut(Schema):
    field: str = Field(
        ..., description="general, status, narrative, spending, evidence or indicator:<code>."
    )
    message: str
    created_at: datetime.datetime


class UpdateSummaryOut(Schema):
    id: int
    plan_id: int
    cycle_id: int
    cycle_label: str
    due_date: datetime.date
    action_id: int
    action_code: str
    action_title: str
    agency_id: int
    agency: str
    role: str
    state: str = Field(..., description="draft, submitted, returned or approved.")
    status: str | None = Field(None, description="Implementation status; null until stated.")
    version: int

    @staticmethod
    def resolve_plan_id(obj) -> int:
        return obj.cycle.plan_id

    @staticmethod
    def resolve_cycle_label(obj) -> str:
        return obj.cycle.label

    @staticmethod
    def resolve_due_date(obj) -> datetime.date:
        return obj.cycle.due_date

    @staticmethod
    def resolve_action_code(obj) -> str:
        return obj.action.code

    @staticmethod
    def resolve_action_title(obj) -> str:
        return obj.action.title

    @staticmethod
    def resolve_agency(obj) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_status(obj) -> str | None:
        return obj.status or None


class UpdateOut(UpdateSummaryOut):
    narrative: str
    spending_amount: str | None
    spending_currency: str | None
    saved_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    prefilled_from_id: int | None
    indicator_values: list[IndicatorValueOut]
    evidence: list[EvidenceOut]
    open_comments: list[CommentOut] = Field(
        ..., description="The coordinator's comments still to address, per field."
    )

    @staticmethod
    def resolve_spending_amount(obj) -> str | None:
        return _number(obj.spending_amount)

    @staticmethod
    def resolve_spending_currency(obj) -> str | None:
        return obj.spending_currency or None

    @staticmethod
    def resolve_indicator_values(obj):
        return list(obj.indicator_values.all())

    @staticmethod
    def resolve_evidence(obj):
        return list(obj.evidence.all())

    @staticmethod
    def resolve_open_comments(obj):
        return [c for c in obj.comments.all() if c.resolved_at is None]


class IndicatorValueIn(Schema):
    indicator: str = Field(..., description="Code of an indicator of the update's action.")
    value: Decimal | None = Field(None, description="Null when unknown.")
    disaggregation: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description='Such as {"sex": {"female": 12, "male": 8}, "location": {"Nairobi": 20}}; '
        "only the dimensions the indicator is disaggregated by.",
    )
    note: str = ""


class UpdateIn(Schema):
    version: int = Field(
        ..., ge=1, description="The version you read; a save after someone else's is a 409."
    )
    status: ImplementationStatus | None = None
    narrative: str | None = None
    spending_amount: Decimal | None = Field(None, ge=0)
    spending_currency: str | None = Field(None, max_length=3)
    indicator_values: list[IndicatorValueIn] | None = Field(
        None, description="Values to set; an entry with no value, breakdown or note removes one."
    )


class VersionIn(Schema):
    version: int = Field(..., ge=1)


class ReturnIn(Schema):
    comments: dict[str, str] = Field(
        ...,
        description="{field: what to fix}; fields: general, status, narrative, spending, "
        "evidence, indicator:<code>.",
    )


class EvidenceLinkIn(Schema):
    url: str = Field(..., max_length=1000)
    description: str = Field(..., max_length=500)


# -- Official reports --------------------------------------------------------------------


class ReportSummaryOut(Schema):
    id: int
    plan_id: int
    cycle_id: int
    cycle_label: str
    version: int
    state: str = Field(..., description="draft (coordinators only) or published.")
    published_at: datetime.datetime | None
    corrects_version: int | None
    correction_note: str | None
    url: str = Field(..., description="The report's public page.")

    @staticmethod
    def resolve_plan_id(obj) -> int:
        return obj.cycle.plan_id

    @staticmethod
    def resolve_cycle_label(obj) -> str:
        return obj.cycle.label

    @staticmethod
    def resolve_corrects_version(obj) -> int | None:
        return obj.corrects.version if obj.corrects_id else None

    @staticmethod
    def resolve_correction_note(obj) -> str | None:
        return obj.correction_note or None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class ReportOut(ReportSummaryOut):
    summary: str
    language: str | None = Field(..., description="ISO 639-1 code of its language; null: unknown.")
    compiled_at: datetime.datetime | None
    snapshot: dict[str, Any] = Field(
        ..., description="Everything the report shows, frozen at publication (docs/reporting.md)."
    )

    @staticmethod
    def resolve_language(obj) -> str | None:
        return obj.language or None


class ReportIn(Schema):
    summary: str
    language: str | None = Field(
        None, description="ISO 639-1 code of the summary's language; leave out to keep it."
    )


class CorrectionIn(Schema):
    note: str = Field(..., description="What the correction changes, and why.")


# -- The plan's structure (lines of accountability), read-only -------------------------------


class StructureActionOut(Schema):
    id: int
    code: str
    title: str
    description: str
    start_year: int | None
    end_year: int | None
    responsibilities: list[ResponsibilityOut]
    indicators: list[IndicatorFieldsOut]
    budget_lines: list[BudgetLineOut]

    @staticmethod
    def resolve_responsibilities(obj):
        return list(obj.responsibilities.all())

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.all())

    @staticmethod
    def resolve_budget_lines(obj):
        return list(obj.budget_lines.all())


class StructureObjectiveOut(Schema):
    id: int
    code: str
    title: str
    actions: list[StructureActionOut]

    @staticmethod
    def resolve_actions(obj):
        return list(obj.actions.all())


class StructurePillarOut(Schema):
    id: int
    name: str
    reference_pillar: str | None = Field(
        ..., description="Code of the resolution 1325 pillar this is; null for the plan's own."
    )
    objectives: list[StructureObjectiveOut]

    @staticmethod
    def resolve_reference_pillar(obj) -> str | None:
        return obj.pillar.code if obj.pillar_id else None

    @staticmethod
    def resolve_objectives(obj):
        return list(obj.objectives.all())


class PlanStructureOut(Schema):
    plan_id: int
    pillars: list[StructurePillarOut]
