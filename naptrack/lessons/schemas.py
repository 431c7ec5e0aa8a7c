"""Lessons' API shapes."""

import datetime

from ninja import Field, Schema

from naptrack.lessons.choices import LessonState, LessonTheme
from naptrack.registry.schemas import _absolute


class LessonOut(Schema):
    id: int
    title: str
    summary: str
    result: str
    themes: list[LessonTheme]
    pillars: list[str] = Field(..., description="Pillar codes.")
    countries: list[str] = Field(..., description="ISO 3166 alpha-3 codes.")
    plan_ids: list[int] = Field(..., description="Published plans only.")
    evidence_url: str
    evidence_document_id: int | None
    organization: str | None
    state: LessonState
    created_at: datetime.datetime
    html_url: str

    @staticmethod
    def resolve_pillars(obj) -> list[str]:
        return [pillar.code for pillar in obj.pillars.all()]

    @staticmethod
    def resolve_countries(obj) -> list[str]:
        return [country.iso3 for country in obj.countries.all()]

    @staticmethod
    def resolve_plan_ids(obj) -> list[int]:
        # The list prefetches the public plans; a single lesson asks for them.
        plans = getattr(obj, "public_plans", None)
        if plans is None:
            from naptrack.lessons.selectors import public_plans_of

            plans = public_plans_of(obj)
        return [plan.pk for plan in plans]

    @staticmethod
    def resolve_organization(obj) -> str | None:
        return obj.organization.name if obj.organization_id else None

    @staticmethod
    def resolve_html_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class LessonFiltersIn(Schema):
    q: str | None = Field(None, description="Words in the title, summary or result.")
    country: str | None = Field(None, description="ISO 3166 alpha-3 code.")
    theme: LessonTheme | None = None
    pillar: str | None = Field(None, description="A pillar's code.")
    plan: int | None = Field(None, ge=1, description="A plan's id.")


class LessonIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    summary: str = Field(..., min_length=1)
    result: str = Field(..., min_length=1)
    evidence_url: str = Field("", max_length=1000)
    evidence_document_id: int | None = None
    themes: list[LessonTheme] = Field(default_factory=list)
    pillars: list[str] = Field(default_factory=list, description="Pillar codes.")
    countries: list[str] = Field(default_factory=list, description="ISO alpha-3 codes.")
    plan_ids: list[int] = Field(default_factory=list)


class LessonRejectIn(Schema):
    reason: str = Field(..., min_length=1)
