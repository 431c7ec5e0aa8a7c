"""In and Out schemas of the consultation API.

No Out schema has a field for a commenter's identity: `byline` is "Anonymous
participant" or the display name of a signed-in person who chose to be named, whoever
asks; the contact email and the account behind a comment are never given."""

import datetime
from typing import Literal

from ninja import Field, Schema

from naptrack.consultations.choices import Identity, Outcome
from naptrack.shadow_reports.schemas import _absolute


class ConsultationQuestionOut(Schema):
    id: int
    position: int
    text: str


class ConsultationSummaryOut(Schema):
    id: int
    plan_id: int
    title: str
    state: str = Field(..., description="draft (coordinators only), open, closed or reported.")
    opens_on: datetime.date
    closes_on: datetime.date
    languages: list[str] = Field(..., description="ISO 639-1 codes.")
    participation: str = Field(..., description="public, signed_in or invited.")
    comment_count: int = Field(..., description="Visible comments.")
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class ConsultationTalliesOut(Schema):
    total: int
    unanswered: int
    supports: int
    by_channel: dict[str, int]
    by_outcome: dict[str, int]


class ConsultationOut(ConsultationSummaryOut):
    description: str
    questions: list[ConsultationQuestionOut]
    report_summary: str = Field(..., description="Empty until the answers are published.")
    tallies: ConsultationTalliesOut


class ConsultationAnswerOut(Schema):
    outcome: str = Field(..., description="accepted, partly or not_accepted.")
    text: str
    action_id: int | None = Field(..., description="The action that changed, if any.")
    answered_at: datetime.datetime


class ConsultationCommentOut(Schema):
    id: int
    consultation_id: int
    about: Literal["objective", "action", "question", "general"]
    objective_id: int | None
    action_id: int | None
    question_id: int | None
    part_label: str
    text: str
    byline: str = Field(..., description="A display name, or “Anonymous participant”.")
    channel: str
    created_at: datetime.datetime
    support_count: int = Field(..., description="How many people support it.")
    answer: ConsultationAnswerOut | None

    @staticmethod
    def resolve_about(obj) -> str:
        for name in ("objective", "action", "question"):
            if getattr(obj, f"{name}_id"):
                return name
        return "general"

    @staticmethod
    def resolve_byline(obj) -> str:
        return obj.public_byline

    @staticmethod
    def resolve_answer(obj):
        return getattr(obj, "answer", None)


class ConsultationCommentIn(Schema):
    text: str = Field(..., min_length=1)
    identity: Identity = Identity.ANONYMOUS
    objective_id: int | None = Field(None, description="At most one of the three ids.")
    action_id: int | None = None
    question_id: int | None = None


class ConsultationAnswerIn(Schema):
    outcome: Outcome
    text: str = Field(..., min_length=1)
    action_id: int | None = None
