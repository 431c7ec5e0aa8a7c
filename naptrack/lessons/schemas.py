"""Lessons' API shapes."""

import datetime

from ninja import Field, Schema

from naptrack.lessons.choices import LessonState, LessonTheme
from naptrack.registry.schemas import _absolute


def _links(lesson) -> dict:
    # The list prefetches the public links; a single lesson asks for them once.
    links = getattr(lesson, "public_links", None)
    if links is None and hasattr(lesson, "public_actions"):
        links = lesson.public_links = {
            "actions": lesson.public_actions,
            "indicators": lesson.public_indicators,
            "documents": lesson.public_documents,
        }
    if links is None:
        from naptrack.lessons.selectors import public_links_of

        links = lesson.public_links = public_links_of(lesson)
    return links


class LessonOut(Schema):
    id: int
    title: str
    summary: str
    result: str
    themes: list[LessonTheme]
    pillars: list[str] = Field(..., description="Pillar codes.")
    countries: list[str] = Field(..., description="ISO 3166 alpha-3 codes.")
    plan_ids: list[int] = Field(..., description="Published plans only.")
    action_ids: list[int] = Field(..., description="Actions of published plans only.")
    indicator_ids: list[int] = Field(..., description="Indicators of published plans only.")
    document_ids: list[int] = Field(..., description="Public library documents only.")
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
    def resolve_action_ids(obj) -> list[int]:
        return [action.pk for action in _links(obj)["actions"]]

    @staticmethod
    def resolve_indicator_ids(obj) -> list[int]:
        return [indicator.pk for indicator in _links(obj)["indicators"]]

    @staticmethod
    def resolve_document_ids(obj) -> list[int]:
        return [document.pk for document in _links(obj)["documents"]]

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
    action_ids: list[int] = Field(default_factory=list, description="Actions of published plans.")
    indicator_ids: list[int] = Field(
        default_factory=list, description="Indicators of published plans."
    )
    document_ids: list[int] = Field(default_factory=list, description="Public library documents.")
    organization_id: int | None = Field(
        None, description="Shared on behalf of this organization: one the signer belongs to."
    )


class LessonRejectIn(Schema):
    reason: str = Field(..., min_length=1)
