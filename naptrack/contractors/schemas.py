"""In and Out schemas of the contractors API.

No Out schema has a field for a challenger organization or for any person: a challenge
has only its `byline` (the pseudonym or the organization's name, as published). An
incident has a year, a type and, once published, its summary; unpublished incidents
appear only in `incident_counts`."""

import datetime
from decimal import Decimal
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

from naptrack.contractors.choices import Answer, IncidentType


def _absolute(context: dict | None, url: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(url) if request else url


class ContractEvidenceOut(Schema):
    kind: Literal["link", "file"]
    description: str
    url: str = Field(..., description="The link, or the file's download address.")
    sha256: str | None = None

    @staticmethod
    def resolve_kind(obj) -> str:
        return "file" if obj.file else "link"

    @staticmethod
    def resolve_url(obj, context) -> str:
        if not obj.file:
            return obj.url
        name = (
            "contractors:answer_evidence_file"
            if hasattr(obj, "answer_id")
            else "contractors:challenge_evidence_file"
        )
        return _absolute(context, reverse(name, args=[obj.pk]))

    @staticmethod
    def resolve_sha256(obj) -> str | None:
        return obj.sha256 if obj.file else None


class ChecklistItemOut(Schema):
    code: str
    label: str
    guidance: str
    position: int


class ChecklistOut(Schema):
    number: int
    published_at: datetime.datetime | None
    notes: str
    items: list[ChecklistItemOut]

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.all())


class ChallengeOut(Schema):
    byline: str = Field(..., description="The pseudonym, or the organization's name.")
    claimed_answer: Answer
    text: str
    published_at: datetime.datetime | None
    evidence: list[ContractEvidenceOut]

    @staticmethod
    def resolve_byline(obj) -> str:
        return obj.public_byline

    @staticmethod
    def resolve_published_at(obj):
        return obj.moderated_at

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.all())


class AnswerOut(Schema):
    id: int
    checklist_version: int
    item: str
    answer: Answer
    explanation: str
    answered_at: datetime.datetime
    evidence: list[ContractEvidenceOut]
    challenges: list[ChallengeOut] = Field(..., description="Published challenges only.")

    @staticmethod
    def resolve_checklist_version(obj) -> int:
        return obj.item.version.number

    @staticmethod
    def resolve_item(obj) -> str:
        return obj.item.code

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.all())

    @staticmethod
    def resolve_challenges(obj) -> list:
        return getattr(obj, "published_challenges", [])


class ContractorOut(Schema):
    id: int
    name: str
    country_of_registration: str | None = Field(None, description="ISO 3166 alpha-3.")
    icoca_membership: str
    icoca_source: str
    icoc_signatory: Answer
    icoc_source: str
    other_codes: str
    url: str

    @staticmethod
    def resolve_country_of_registration(obj) -> str | None:
        country = obj.country_of_registration
        return country.iso3 if country else None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class ContractSummaryOut(Schema):
    id: int
    title: str
    contractor_id: int
    contractor: str
    authority: str = Field(..., description="The awarding country or regional organization.")
    authority_body: str | None = None
    country_of_operation: str = Field(..., description="ISO 3166 alpha-3.")
    start_date: datetime.date | None
    end_date: datetime.date | None
    value: Decimal | None = Field(None, description="Empty when unknown.")
    currency: str
    services: str
    url: str

    @staticmethod
    def resolve_contractor(obj) -> str:
        return obj.contractor.name

    @staticmethod
    def resolve_authority(obj) -> str:
        return str(obj.authority)

    @staticmethod
    def resolve_authority_body(obj) -> str | None:
        return obj.authority_body.name if obj.authority_body else None

    @staticmethod
    def resolve_country_of_operation(obj) -> str:
        return obj.country_of_operation.iso3

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class IncidentCountOut(Schema):
    year: int
    incident_type: IncidentType
    count: int


class PublishedIncidentOut(Schema):
    year: int
    incident_type: IncidentType
    summary: str
    published_at: datetime.datetime


class ContractOut(ContractSummaryOut):
    """Read from a contract that api._with_detail filled from selectors.contract_detail."""

    action_ids: list[int] = Field(..., description="Actions of public plans it concerns.")
    answers: list[AnswerOut]
    incident_counts: list[IncidentCountOut]
    published_incidents: list[PublishedIncidentOut]

    @staticmethod
    def resolve_action_ids(obj) -> list[int]:
        return [action.pk for action in obj.detail["actions"]]

    @staticmethod
    def resolve_answers(obj) -> list:
        return [answer for _, answers in obj.detail["answers_by_version"] for answer in answers]

    @staticmethod
    def resolve_incident_counts(obj) -> list[dict]:
        return obj.detail["incident_counts"]

    @staticmethod
    def resolve_published_incidents(obj) -> list:
        return obj.detail["published_incidents"]


class ContractFilterIn(Schema):
    country: str = Field("", description="ISO3 of the awarding country or of operation.")
    authority: int | None = Field(None, description="Id of the signing body.")
    company: int | None = Field(None, description="Id of the contractor.")
    item: str = Field("", description="A checklist item code …")
    answer: Answer | Literal[""] = Field("", description="… answered this way.")


class AnswerIn(Schema):
    item: str = Field(..., description="Code of an item of the current checklist version.")
    answer: Answer
    explanation: str = ""
