"""In and Out schemas of the consultation API.

No Out schema has a field for a commenter's identity: `byline` is "Anonymous
participant" or the display name of a signed-in person who chose to be named, whoever
asks; the contact email and the account behind a comment are never given."""

import datetime
from typing import Literal

from ninja import Field, Schema

from naptrack.consultations.choices import (
    AgeBand,
    Identity,
    Outcome,
    Participation,
    SessionKind,
    Sex,
)
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


class PlaceOut(Schema):
    district: str
    records: int
    participants: int
    points: int


class GroupCountOut(Schema):
    sex: Sex
    age_band: AgeBand
    count: int


class ReachOut(Schema):
    """Who the offline input reached (facilitators' records), by place and group."""

    participants: int
    by_place: list[PlaceOut]
    by_group: list[GroupCountOut]
    changed_action_ids: list[int] = Field(
        ..., description="Actions the answers say changed because of input."
    )


class ConsultationOut(ConsultationSummaryOut):
    description: str
    questions: list[ConsultationQuestionOut]
    report_summary: str = Field(..., description="Empty until the answers are published.")
    tallies: ConsultationTalliesOut
    reach: ReachOut


class ConsultationAnswerOut(Schema):
    outcome: str = Field(..., description="accepted, partly or not_accepted.")
    text: str
    action_id: int | None = Field(..., description="The action that changed, if any.")
    answered_at: datetime.datetime


class ConsultationCommentOut(Schema):
    id: int
    consultation_id: int
    about: Literal["objective", "action", "question", "paragraph", "general"]
    objective_id: int | None
    action_id: int | None
    question_id: int | None
    paragraph_id: int | None
    part_label: str
    text: str
    byline: str = Field(..., description="A display name, or “Anonymous participant”.")
    channel: str
    created_at: datetime.datetime
    support_count: int = Field(..., description="How many people support it.")
    answer: ConsultationAnswerOut | None

    @staticmethod
    def resolve_about(obj) -> str:
        for name in ("objective", "action", "question", "paragraph"):
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
    objective_id: int | None = Field(None, description="At most one of the four ids.")
    action_id: int | None = None
    question_id: int | None = None
    paragraph_id: int | None = Field(None, description="A paragraph of the draft text.")


class ConsultationAnswerIn(Schema):
    outcome: Outcome
    text: str = Field(..., min_length=1)
    action_id: int | None = None


class ConsultationIn(Schema):
    plan_id: int
    title: str = Field(..., min_length=1, max_length=300)
    description: str = ""
    opens_on: datetime.date
    closes_on: datetime.date
    languages: list[str] = Field(default_factory=list, description="ISO 639-1 codes.")
    participation: Participation = Participation.PUBLIC
    invited_organization_ids: list[int] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)


class ConsultationReportIn(Schema):
    summary: str = Field(..., min_length=1, description="What the input changed.")


class ModerationIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000)


class GroupCountIn(Schema):
    sex: Sex
    age_band: AgeBand
    count: int = Field(..., ge=0)


class PointIn(Schema):
    text: str = Field(..., min_length=1)
    objective_id: int | None = Field(None, description="At most one of the four ids.")
    action_id: int | None = None
    question_id: int | None = None
    paragraph_id: int | None = None
    contact_email: str = Field("", description="Never shown; to tell them the answer.")


class SessionIn(Schema):
    kind: SessionKind
    held_on: datetime.date
    district: str = Field(..., min_length=1, max_length=200)
    language: str = Field(..., min_length=2, description="ISO 639-1 code.")
    counts: list[GroupCountIn]
    points: list[PointIn] = Field(default_factory=list, max_length=500)


class SessionOut(Schema):
    """A facilitator's record. Who recorded it is not given."""

    id: int
    consultation_id: int
    kind: str
    held_on: datetime.date
    district: str
    language: str
    counts: list[GroupCountOut]
    point_count: int

    @staticmethod
    def resolve_counts(obj):
        return list(obj.participant_counts.all())

    @staticmethod
    def resolve_point_count(obj) -> int:
        return getattr(obj, "point_count", None) or obj.points.count()
