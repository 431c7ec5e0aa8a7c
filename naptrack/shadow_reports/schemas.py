"""In and Out schemas of the shadow-report API.

No Out schema has a field for the authoring organizations of a pseudonymous report or
for any person: `byline` is the pseudonym or the authors' names, and `authors` is empty
for pseudonymous reports, whoever asks."""

import datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

from naptrack.accounts.auth import api_user
from naptrack.shadow_reports import permissions
from naptrack.shadow_reports.choices import (
    Agreement,
    ImplementationStatus,
    InvitationState,
    PublicationMode,
)


def _absolute(context: dict | None, url: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(url) if request else url


class ShadowEvidenceOut(Schema):
    id: int
    kind: Literal["link", "file"]
    description: str
    url: str = Field(..., description="The link, or the file's download address.")
    name: str | None = Field(None, description="Files only: the neutral download name.")
    content_type: str | None = None
    size_bytes: int | None = None
    sha256: str | None = None

    @staticmethod
    def resolve_kind(obj) -> str:
        return "file" if obj.is_file else "link"

    @staticmethod
    def resolve_url(obj, context) -> str:
        if not obj.is_file:
            return obj.url
        return _absolute(context, reverse("shadow_reports:evidence_file", args=[obj.pk]))

    @staticmethod
    def resolve_name(obj) -> str | None:
        return obj.public_name if obj.is_file else None

    @staticmethod
    def resolve_content_type(obj) -> str | None:
        return obj.content_type if obj.is_file else None

    @staticmethod
    def resolve_sha256(obj) -> str | None:
        return obj.sha256 if obj.is_file else None


class ShadowAssessmentOut(Schema):
    id: int
    action_id: int | None = Field(..., description="null once the action left the plan.")
    action_code: str
    action_title: str
    agrees_with_official: str = Field(..., description="yes, no or unknown.")
    own_status: str | None = Field(..., description="The authors' status; null if not stated.")
    narrative: str
    evidence: list[ShadowEvidenceOut]

    @staticmethod
    def resolve_own_status(obj) -> str | None:
        return obj.own_status or None


class RightOfReplyOut(Schema):
    text: str
    published_at: datetime.datetime


class ShadowReportSummaryOut(Schema):
    id: int
    plan_id: int
    title: str
    publication_mode: str = Field(..., description="named or pseudonymous.")
    byline: str = Field(..., description="The pseudonym, or the authors' names.")
    authors: list[str] = Field(..., description="Named reports only; empty when pseudonymous.")
    cycle_id: int | None
    cycle_label: str | None
    period_start: datetime.date | None
    period_end: datetime.date | None
    state: str
    publish_at: datetime.datetime | None = Field(..., description="Public from this moment.")
    url: str

    @staticmethod
    def resolve_byline(obj) -> str:
        return obj.public_byline

    @staticmethod
    def resolve_authors(obj) -> list[str]:
        return [] if obj.is_pseudonymous else obj.author_names

    @staticmethod
    def resolve_cycle_label(obj) -> str | None:
        return obj.cycle.label if obj.cycle else None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class ShadowReportOut(ShadowReportSummaryOut):
    language: str | None = Field(..., description="ISO 639-1 code of its language; null: unknown.")

    @staticmethod
    def resolve_language(obj) -> str | None:
        return obj.language or None

    findings: str
    recommendations: str
    assessments: list[ShadowAssessmentOut]
    right_of_reply: RightOfReplyOut | None

    @staticmethod
    def resolve_assessments(obj) -> list:
        return list(obj.assessments.all())

    @staticmethod
    def resolve_right_of_reply(obj):
        return getattr(obj, "right_of_reply", None)


class ShadowReportIn(Schema):
    title: str = Field(..., max_length=300)
    cycle_id: int | None = Field(None, description="The cycle assessed; or give a period.")
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    co_author_ids: list[int] = Field(default_factory=list)
    publication_mode: PublicationMode = PublicationMode.NAMED
    pseudonym: str = Field("", max_length=120)
    findings: str = ""
    recommendations: str = ""
    language: str | None = Field(
        None, description='ISO 639-1 code of its language; leave out to keep it, "" for unknown.'
    )


class ShadowReportCreateIn(ShadowReportIn):
    author_id: int = Field(..., description="A CSO or coalition you are a member of.")


class ShadowAssessmentIn(Schema):
    agrees_with_official: Agreement
    own_status: ImplementationStatus | None = None
    narrative: str = ""


class ShadowEvidenceLinkIn(Schema):
    url: str = Field(..., max_length=1000)
    description: str = Field(..., max_length=500)


class ShadowPublishIn(Schema):
    publish_at: datetime.datetime | None = Field(
        None, description="Public from this moment; now when empty. Never in the past."
    )


class ShadowWithdrawIn(Schema):
    note: str = ""


class ModerationReasonIn(Schema):
    reason: str = Field(..., min_length=1)


class RightOfReplyIn(Schema):
    text: str = Field(..., min_length=1)


# -- Invitations to co-author --------------------------------------------------------------


NOT_READABLE = " Null when you may no longer read the report (see docs/shadow-reports.md)."


def _shown_report(obj, context):
    """The invitation's report if its holder may read it now, else None: a declined,
    withdrawn or lapsed invitation to an unpublished report shows nothing of it."""
    if not hasattr(obj, "shown_report"):
        obj.shown_report = permissions.invitation_report(api_user(context["request"]), obj)
    return obj.shown_report


def _report_field(name: str):
    def resolve(obj, context):
        report = _shown_report(obj, context)
        return getattr(report, name) if report else None

    return staticmethod(resolve)


class CoAuthorInvitationOut(Schema):
    """An invitation as its organization's members see it. The report is described as
    the public would see it once published (`byline`); only this organization's own
    name is given. Once the invitation no longer lets you read the report (declined,
    withdrawn or lapsed, and the report is not public) its title, state, mode and byline
    are null."""

    id: int
    state: str = Field(..., description="pending, accepted, declined, withdrawn or lapsed.")
    organization_id: int = Field(..., description="Your organization, the one invited.")
    organization_name: str
    report_id: int
    report_title: str | None = Field(..., description="The report's title." + NOT_READABLE)
    report_state: str | None = Field(..., description="The report's state." + NOT_READABLE)
    report_url: str | None = Field(..., description="The report's page." + NOT_READABLE)
    plan_id: int
    publication_mode: str | None = Field(..., description="named or pseudonymous." + NOT_READABLE)
    byline: str | None = Field(
        ..., description="The pseudonym, or the authors who accepted." + NOT_READABLE
    )
    invited_at: datetime.datetime
    responded_at: datetime.datetime | None

    resolve_report_title = _report_field("title")
    resolve_report_state = _report_field("state")
    resolve_publication_mode = _report_field("publication_mode")
    resolve_byline = _report_field("public_byline")

    @staticmethod
    def resolve_organization_name(obj) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_report_url(obj, context) -> str | None:
        report = _shown_report(obj, context)
        return _absolute(context, report.get_absolute_url()) if report else None

    @staticmethod
    def resolve_plan_id(obj) -> int:
        return obj.report.plan_id

    @staticmethod
    def resolve_invited_at(obj) -> datetime.datetime:
        return obj.created_at


class InvitationFilterIn(Schema):
    state: InvitationState | Literal[""] = Field(
        InvitationState.PENDING, description="Only invitations in this state; empty for all."
    )


# -- Side by side ---------------------------------------------------------------------------


class DivergenceTallyOut(Schema):
    label: str
    agrees: int
    diverges: int
    unknown: int


class OfficialAgencyOut(Schema):
    name: str
    agency_id: int | None
    role: str
    status: str | None


class ShadowEntryOut(Schema):
    report_id: int
    report_title: str
    byline: str
    agrees_with_official: str
    own_status: str | None
    comparison: str = Field(..., description="agrees, diverges or unknown.")

    @staticmethod
    def resolve_report_id(obj) -> int:
        return obj.report.pk

    @staticmethod
    def resolve_report_title(obj) -> str:
        return obj.report.title

    @staticmethod
    def resolve_byline(obj) -> str:
        return obj.report.public_byline

    @staticmethod
    def resolve_agrees_with_official(obj) -> str:
        return obj.assessment.agrees_with_official

    @staticmethod
    def resolve_own_status(obj) -> str | None:
        return obj.assessment.own_status or None


class SideBySideRowOut(Schema):
    action_id: int | None
    code: str
    title: str
    pillar: str | None
    agencies: list[OfficialAgencyOut]
    official_status: str | None = Field(..., description="null when unknown.")
    diverges: bool
    shadows: list[ShadowEntryOut]


class SideBySideOut(Schema):
    plan_id: int
    cycle_id: int | None
    official_report_version: int | None
    shadow_report_ids: list[int]
    totals: DivergenceTallyOut
    agreement_rate: str | None = Field(
        ..., description="Agreeing share of comparable assessments (0-1); null if none."
    )
    by_pillar: list[DivergenceTallyOut]
    by_agency: list[DivergenceTallyOut]
    rows: list[SideBySideRowOut]

    @staticmethod
    def resolve_plan_id(obj) -> int:
        return obj.plan.pk

    @staticmethod
    def resolve_cycle_id(obj) -> int | None:
        return obj.cycle.pk if obj.cycle else None

    @staticmethod
    def resolve_official_report_version(obj) -> int | None:
        return obj.official_report.version if obj.official_report else None

    @staticmethod
    def resolve_shadow_report_ids(obj) -> list[int]:
        return [report.pk for report in obj.shadow_reports]

    @staticmethod
    def resolve_agreement_rate(obj) -> str | None:
        compared = obj.totals.agrees + obj.totals.diverges
        if not compared:
            return None
        return f"{obj.totals.agrees / compared:.4f}"
