"""Twinning's API shapes."""

import datetime

from ninja import Field, Schema

from naptrack.registry.schemas import _absolute
from naptrack.twinning.choices import ExchangeKind, PartnershipStatus


class PartnerOut(Schema):
    country: str | None = Field(None, description="ISO 3166 alpha-3 code.")
    regional_organization: str | None = Field(None, description="Slug of a regional body.")
    name: str
    agreed: bool

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.iso3 if obj.country_id else None

    @staticmethod
    def resolve_regional_organization(obj) -> str | None:
        return obj.regional_organization.slug if obj.regional_organization_id else None

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)

    @staticmethod
    def resolve_agreed(obj) -> bool:
        return obj.agreed_at is not None


class ExchangeOut(Schema):
    id: int
    kind: ExchangeKind
    title: str
    happened_on: datetime.date
    description: str
    outcomes: str
    link: str


class PartnershipOut(Schema):
    id: int
    title: str
    aims: str
    status: PartnershipStatus
    period_start: int | None
    period_end: int | None
    contacts: str
    partners: list[PartnerOut]
    source_url: str
    html_url: str

    @staticmethod
    def resolve_partners(obj) -> list:
        return list(obj.partners.all())

    @staticmethod
    def resolve_html_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class PartnershipDetailOut(PartnershipOut):
    exchanges: list[ExchangeOut]

    @staticmethod
    def resolve_exchanges(obj) -> list:
        return list(obj.exchanges.all())


class PartnershipFiltersIn(Schema):
    country: str | None = Field(None, description="ISO 3166 alpha-3 code of a partner.")
    status: PartnershipStatus | None = None
    q: str | None = Field(None, description="Words in the title or aims.")


class PartnershipIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    aims: str = Field(..., min_length=1)
    countries: list[str] = Field(default_factory=list, description="ISO alpha-3 codes.")
    regional_organizations: list[str] = Field(default_factory=list, description="Slugs.")
    period_start: int | None = Field(None, ge=2000, le=2100)
    period_end: int | None = Field(None, ge=2000, le=2100)
    contacts: str = ""


class PartnershipPatchIn(Schema):
    """Only the fields sent change; `null` clears a year."""

    title: str | None = Field(None, min_length=1, max_length=300)
    aims: str | None = Field(None, min_length=1)
    period_start: int | None = Field(None, ge=2000, le=2100)
    period_end: int | None = Field(None, ge=2000, le=2100)
    contacts: str | None = None


class PartnershipStatusIn(Schema):
    status: PartnershipStatus


class ExchangeIn(Schema):
    kind: ExchangeKind
    title: str = Field(..., min_length=1, max_length=300)
    happened_on: datetime.date
    description: str = ""
    outcomes: str = ""
    link: str = Field("", max_length=1000)


class FactorOut(Schema):
    code: str
    label: str
    weight: int
    value: float
    points: float = Field(..., description="weight × value")
    reason: str

    @staticmethod
    def resolve_points(obj) -> float:
        return obj.contribution


class SuggestionOut(Schema):
    kind: str = Field(..., description="country or regional_organization.")
    country: str | None = Field(..., description="ISO 3166 alpha-3 code; null for a body.")
    regional_organization: str | None = Field(
        ..., description="The regional body's slug; null for a country."
    )
    name: str
    score: float
    factors: list[FactorOut]

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.iso3 if obj.country else None

    @staticmethod
    def resolve_regional_organization(obj) -> str | None:
        return obj.regional_organization.slug if obj.regional_organization else None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.partner.name
