"""Out schemas of the library analysis API. Unknown values are null, never 0."""

import datetime

from ninja import Field, Schema


class ConfirmedEvidenceOut(Schema):
    id: int
    criterion: str = Field(..., description="A report-card criterion code (docs/library.md).")
    criterion_label: str
    document_id: int
    document_title: str
    page: int
    passage: str = Field(..., description="Verbatim from the page's extracted text.")
    keywords: list[str]
    confirmed_at: datetime.datetime

    @staticmethod
    def resolve_criterion_label(obj) -> str:
        return str(obj.get_criterion_display())

    @staticmethod
    def resolve_document_title(obj) -> str:
        return obj.document.title

    @staticmethod
    def resolve_page(obj) -> int:
        return obj.page_number

    @staticmethod
    def resolve_keywords(obj) -> list[str]:
        return list(obj.terms)

    @staticmethod
    def resolve_confirmed_at(obj) -> datetime.datetime:
        return obj.reviewed_at


class FamilyCountOut(Schema):
    family: str = Field(..., description="The keyword family's slug.")
    name: str
    kind: str = Field(..., description="theme or criterion.")
    mentions: int
    pages: list[int]

    @staticmethod
    def resolve_family(obj) -> str:
        return obj.family.slug

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.family.name

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.family.kind

    @staticmethod
    def resolve_mentions(obj) -> int:
        return obj.count


class DocumentThemesOut(Schema):
    document_id: int
    title: str
    kind: str
    language: str
    analysed_at: datetime.datetime | None = Field(
        ..., description="Null when the document has not been analysed yet."
    )
    keywords: int | None = Field(
        ...,
        description="Keywords in the document's language; 0 or null: themes unknown.",
    )
    themes: list[FamilyCountOut] | None = Field(
        ..., description="Families found; null when unknown (not analysed, no keywords)."
    )

    @staticmethod
    def resolve_document_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_analysed_at(obj):
        return obj.run.created_at if obj.run else None

    @staticmethod
    def resolve_keywords(obj):
        return obj.run.keyword_count if obj.run else None

    @staticmethod
    def resolve_themes(obj):
        return obj.counts if obj.run and obj.run.counted else None


class ThemePrevalenceOut(Schema):
    family: str
    name: str
    kind: str
    compared_by: str = Field(..., description="year or region.")
    value: str = Field(..., description="A year, unknown, a UN M49 code or regional.")
    label: str
    plans_analysed: int
    plans_mentioning: int


# Documents and search ------------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    title: str
    kind: str = Field(..., description="A DocumentKind value (docs/library.md).")
    language: str = Field(..., description="ISO 639-1 code.")
    year: int | None
    plan_id: int | None = Field(..., description="Null for a library document.")
    official_report_id: int | None
    shadow_report_id: int | None
    file_format: str
    size_bytes: int
    original_name: str = Field(
        ...,
        description="As uploaded; generic for a shadow report unless you may know its authors.",
    )
    status: str = Field(..., description="queued, running, done, partial or failed.")
    pages_total: int | None
    pages_done: int
    created_at: datetime.datetime
    ingested_at: datetime.datetime | None
    url: str
    download_url: str


class DocumentStatusOut(Schema):
    id: int
    status: str
    pages_total: int | None
    pages_done: int
    percent_done: int | None = Field(..., description="Null until the page count is known.")
    error_code: str | None
    error: str | None = Field(..., description="Why reading failed, in words.")
    attempts: int


class DocumentPageOut(Schema):
    number: int
    text: str
    ocr: bool = Field(..., description="The text was recognised by OCR.")
    needs_ocr: bool = Field(..., description="No text layer, and no OCR was available.")
    url: str


class SearchHitOut(Schema):
    kind: str = Field(..., description="page, plan, action or lesson.")
    title: str
    url: str
    snippet: str = Field(..., description="HTML: matched words in <mark>, everything escaped.")
    page_number: int | None
    document_id: int | None
    plan_id: int | None
    language: str
    year: int | None


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    query: str
    total: int = Field(..., description="A lower bound when `capped` is true.")
    capped: bool
    page: int
    page_size: int
    error: str | None = Field(..., description="Why nothing was searched (an empty query).")
    hits: list[SearchHitOut]
    facets: dict[str, list[FacetValueOut]] = Field(
        ..., description="country, region, year, document_type, language, pillar."
    )
