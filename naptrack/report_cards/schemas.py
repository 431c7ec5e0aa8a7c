"""Out schemas of the report-card API. Scores and shares are exact decimal strings between
"0" and "1"; a grade of null means insufficient information, never a fail. No schema has a
field for a pseudonymous CSO card's organization or for any person."""

import datetime
from typing import Literal

from ninja import Field, Schema

from naptrack.registry.choices import PlanStatus
from naptrack.reporting.validators import decimal_text


def _text(value) -> str | None:
    return None if value is None else decimal_text(value)


def grade_of(obj, dimension: str, prefix: str = "") -> dict:
    return {
        "grade": getattr(obj, f"{prefix}{dimension}_grade") or None,
        "score": _text(getattr(obj, f"{prefix}{dimension}_score")),
        "coverage": _text(getattr(obj, f"{prefix}{dimension}_coverage")),
        "unknown": getattr(obj, f"{prefix}{dimension}_unknown"),
    }


class GradeOut(Schema):
    grade: str | None = Field(..., description="A to E; null = insufficient information.")
    score: str | None = Field(..., description="Over known criteria only; null if none known.")
    coverage: str = Field(..., description="Share of the criteria that are known.")
    unknown: int = Field(..., description="Criteria unknown: counted neither as pass nor fail.")


class ReportCardSummaryOut(Schema):
    id: int
    plan_id: int
    method_version: str
    computed_at: datetime.datetime
    is_current: bool
    design: GradeOut
    implementation: GradeOut

    @staticmethod
    def resolve_design(obj) -> dict:
        return grade_of(obj, "design")

    @staticmethod
    def resolve_implementation(obj) -> dict:
        return grade_of(obj, "implementation")


class EvidenceOut(Schema):
    kind: str = Field(..., description="field, structure, document, statement, report or shadow.")
    label: str
    url: str | None
    quote: str | None = Field(..., description="A document passage or a statement's text.")
    self_reported: bool = Field(
        ..., description="Confirmed only by the graded government (statements, its own passages)."
    )
    supplied_by: str | None = Field(
        None,
        description="government, civil_society, platform or analyst; null on cards made "
        "before method 1.2.",
    )
    confirmed_by: str | None = Field(
        None,
        description="government, civil_society, platform or analyst; empty for a published "
        "record not confirmed separately; null before method 1.2.",
    )


class CriterionOut(Schema):
    code: str
    kind: Literal["design", "implementation"]
    label: str
    result: Literal["met", "partly", "not_met", "unknown"]
    explanation: str
    evidence: list[EvidenceOut]
    self_reported: bool = Field(
        False,
        description="Rests only on the graded government's own confirmation (method 1.2+).",
    )


class CsoGradeOut(Schema):
    code: str
    result: Literal["met", "partly", "not_met", "unknown"]
    reason: str


class CsoCardOut(Schema):
    id: int
    byline: str = Field(..., description="The organization's name, or its pseudonym.")
    published_at: datetime.datetime
    method_version: str
    design: GradeOut
    implementation: GradeOut
    criteria: list[CsoGradeOut]


class ReportCardOut(Schema):
    id: int
    plan_id: int
    method_version: str
    computed_at: datetime.datetime
    is_current: bool
    design: GradeOut
    implementation: GradeOut
    plan_title: str
    criteria: list[CriterionOut]
    method: dict = Field(..., description="The method's criteria and thresholds as used.")
    inputs: dict = Field(..., description="The exact inputs the method read.")
    cso_cards: list[CsoCardOut] = Field(..., description="Published civil-society cards.")


class RankingRowOut(Schema):
    plan_id: int
    plan_title: str
    owner: str
    current_status: str
    card_id: int
    computed_at: datetime.datetime
    method_version: str
    design: GradeOut
    implementation: GradeOut

    @staticmethod
    def resolve_plan_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_plan_title(obj) -> str:
        return obj.display_title

    @staticmethod
    def resolve_owner(obj) -> str:
        return str(obj.owner)

    @staticmethod
    def resolve_card_id(obj) -> int:
        return obj.card_pk

    @staticmethod
    def resolve_computed_at(obj):
        return obj.card_computed_at

    @staticmethod
    def resolve_method_version(obj) -> str:
        return obj.card_method_version

    @staticmethod
    def resolve_design(obj) -> dict:
        return grade_of(obj, "design", "card_")

    @staticmethod
    def resolve_implementation(obj) -> dict:
        return grade_of(obj, "implementation", "card_")


class RankingIn(Schema):
    q: str = ""
    region: str = Field("", description="UN M49 code of a region.")
    status: PlanStatus | Literal[""] = Field(
        "", description="A plan status, against the derived current status."
    )
    dimension: Literal["design", "implementation"] = "design"
    best: Literal["", "A", "B", "C", "D", "E"] = ""
    worst: Literal["", "A", "B", "C", "D", "E"] = ""
    sort: Literal["grade", "-grade", "coverage", "owner"] = "grade"


class NotGradedOut(Schema):
    dimension: Literal["design", "implementation"]
    total: int = Field(..., description="Plans the filters match that are not ranked.")
    reasons: dict[str, int] = Field(
        ...,
        description="Counts by reason: no_card, insufficient (too few criteria known), "
        "unfinished_cycle (implementation: published reports only of unfinished cycles).",
    )
