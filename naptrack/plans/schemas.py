"""Out schemas of the plan structure API. Numbers are exact decimal strings ("12.5");
unknown values are null, never 0 or ""."""

import datetime

from ninja import Field, Schema

from naptrack.plans.spreadsheet import number_text

DIMENSIONS = (
    ("sex", "disaggregated_by_sex"),
    ("age", "disaggregated_by_age"),
    ("location", "disaggregated_by_location"),
)


def _number(value) -> str | None:
    return None if value is None else number_text(value)


class TargetOut(Schema):
    period: str = Field(..., description="2025, 2025-H1 or 2025-Q3.")
    value: str

    @staticmethod
    def resolve_value(obj) -> str:
        return number_text(obj.value)


class IndicatorFieldsOut(Schema):
    """An indicator as it sits under its action (the structure tree has no action_id)."""

    id: int
    code: str
    name: str
    language: str | None = Field(..., description="ISO 639-1 code of its language; null: unknown.")

    @staticmethod
    def resolve_language(obj) -> str | None:
        return obj.language or None

    unit: str
    baseline_value: str | None
    baseline_date: datetime.date | None
    data_source: str | None
    disaggregated_by: list[str] = Field(..., description="Any of sex, age, location.")
    standard_indicator: str | None = Field(
        ..., description="Number of the UN global indicator on 1325 it reports on."
    )
    sdg_indicator: str | None
    targets: list[TargetOut]

    @staticmethod
    def resolve_baseline_value(obj) -> str | None:
        return _number(obj.baseline_value)

    @staticmethod
    def resolve_data_source(obj) -> str | None:
        return obj.data_source or None

    @staticmethod
    def resolve_disaggregated_by(obj) -> list[str]:
        return [name for name, flag in DIMENSIONS if getattr(obj, flag)]

    @staticmethod
    def resolve_standard_indicator(obj) -> str | None:
        return obj.standard_indicator.number if obj.standard_indicator_id else None

    @staticmethod
    def resolve_sdg_indicator(obj) -> str | None:
        return obj.sdg_indicator or None

    @staticmethod
    def resolve_targets(obj) -> list:
        return list(obj.targets.all())


class IndicatorOut(IndicatorFieldsOut):
    action_id: int


class ResponsibilityOut(Schema):
    agency_id: int
    agency: str
    role: str = Field(..., description="lead or supporting.")

    @staticmethod
    def resolve_agency(obj) -> str:
        return obj.agency.name


class BudgetLineOut(Schema):
    amount: str
    currency: str
    kind: str = Field(..., description="allocated, estimated or spent.")
    funding_source: str | None

    @staticmethod
    def resolve_amount(obj) -> str:
        return number_text(obj.amount)

    @staticmethod
    def resolve_funding_source(obj) -> str | None:
        return obj.funding_source or None


class ActionOut(Schema):
    id: int
    code: str
    title: str
    language: str | None = Field(..., description="ISO 639-1 code of its language; null: unknown.")

    @staticmethod
    def resolve_language(obj) -> str | None:
        return obj.language or None

    description: str | None
    start_year: int | None
    end_year: int | None
    pillar: str
    objective_code: str
    responsibilities: list[ResponsibilityOut]
    indicators: list[IndicatorOut]
    budget_lines: list[BudgetLineOut]

    @staticmethod
    def resolve_description(obj) -> str | None:
        return obj.description or None

    @staticmethod
    def resolve_pillar(obj) -> str:
        return obj.objective.pillar.name

    @staticmethod
    def resolve_objective_code(obj) -> str:
        return obj.objective.code

    @staticmethod
    def resolve_responsibilities(obj) -> list:
        return list(obj.responsibilities.all())

    @staticmethod
    def resolve_indicators(obj) -> list:
        return list(obj.indicators.all())

    @staticmethod
    def resolve_budget_lines(obj) -> list:
        return list(obj.budget_lines.all())


class AgencyActionOut(Schema):
    action_id: int
    code: str
    title: str
    role: str

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.action.code

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.action.title


class AgencyOut(Schema):
    """A line of accountability: an agency and the actions it leads or supports."""

    id: int
    name: str
    actions: list[AgencyActionOut]

    @staticmethod
    def resolve_actions(obj) -> list:
        return obj.plan_responsibilities
