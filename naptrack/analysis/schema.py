"""The open-data files described as a Frictionless Data Package with a Table Schema per file.

docs/data-dictionary.md describes every column in the same words; a test keeps the two,
and the columns actually written, in step."""

from django.urls import reverse

from naptrack.registry.choices import (
    Budget,
    CodedBy,
    Confidence,
    DatePrecision,
    FactCode,
    Focus,
    PlanStatus,
    Publication,
    SourceKind,
)

DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def _field(name: str, type_: str, description: str, **extra) -> dict:
    return {"name": name, "type": type_, "description": description, **extra}


def _enum(values) -> dict:
    return {"enum": [str(v) for v in values]}


PLAN_FIELDS = [
    _field(
        "id",
        "integer",
        "NAPtrack's number for the plan; stable, used in the page URL.",
        constraints={"required": True, "unique": True},
    ),
    _field(
        "reference_key",
        "string",
        "Key of the row in NAPtrack's reference data, such as NAP:KEN:g2 (Kenya's second "
        "plan) or RAP:european-union:g2; empty for plans entered on the platform.",
    ),
    _field(
        "owner_type",
        "string",
        "country for a national plan, regional_organization for a regional plan.",
        constraints={"required": True, "enum": ["country", "regional_organization"]},
    ),
    _field(
        "owner_code",
        "string",
        "ISO 3166-1 alpha-3 code of the country, or the regional organization's slug.",
        constraints={"required": True},
    ),
    _field(
        "owner_name",
        "string",
        "Name of the country or the regional organization.",
        constraints={"required": True},
    ),
    _field("region", "string", "UN M49 region of the country; empty for regional plans."),
    _field("subregion", "string", "UN M49 sub-region of the country; empty for regional plans."),
    _field(
        "generation",
        "integer",
        "Which plan of its owner this is (1 = first), as the sources number it; empty when "
        "unknown or when the sources disagree.",
        constraints={"minimum": 1},
    ),
    _field("title", "string", "Official title when a source gives one; empty otherwise."),
    _field(
        "status",
        "string",
        "Lifecycle status as recorded: announced, drafting, consultation, adopted, expired, "
        "superseded or withdrawn.",
        constraints={"required": True, **_enum(PlanStatus)},
    ),
    _field(
        "current_status",
        "string",
        "Status today: an adopted plan counts as superseded once a published successor is in "
        "force, and as expired once its (extended) period has ended.",
        constraints={"required": True, **_enum(PlanStatus)},
    ),
    _field(
        "publication",
        "string",
        "published for public plans; draft only in the exports of the owner's coordinators.",
        constraints={"required": True, **_enum(Publication)},
    ),
    _field(
        "adoption_date",
        "string",
        "Date of adoption, written only as precisely as known: YYYY, YYYY-MM or YYYY-MM-DD; "
        "empty when no source gives it.",
        constraints={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    ),
    _field(
        "adoption_precision",
        "string",
        "How precise adoption_date is: year, month or day; empty when the date is unknown.",
        constraints=_enum(DatePrecision),
    ),
    _field("period_start", "year", "First year of the plan's period, when stated."),
    _field("period_end", "year", "Last year of the plan's period, when stated."),
    _field("extended_to", "year", "Year to which the period was extended, when it was."),
    _field(
        "in_force_end_unknown",
        "boolean",
        "true when the plan counts as in force only because no end of its period (nor an "
        "extension) is recorded: shown as “in force, end unknown”.",
    ),
    _field("best_year", "year", "The best date known: the adoption year, else the period's start."),
    _field(
        "best_year_basis",
        "string",
        "Which fact best_year comes from: adoption or period_start; empty when no date is known.",
        constraints={"enum": ["adoption", "period_start"]},
    ),
    _field("lead_agency", "string", "Agency leading the plan, when known."),
    _field(
        "predecessor_id",
        "integer",
        "id of the plan this one follows; empty when none is known or visible.",
    ),
    _field(
        "successor_id",
        "integer",
        "id of the plan that follows this one; empty when none is known or visible.",
    ),
    _field(
        "focus",
        "string",
        "Domestic, external (foreign policy), both, or unknown.",
        constraints={"required": True, **_enum(Focus)},
    ),
    _field(
        "resolutions",
        "string",
        "Security Council resolutions the plan covers, as numbers separated by ';' "
        "(a list of numbers in plans.json); empty when not recorded.",
    ),
    _field(
        "budget",
        "string",
        "Whether the plan has an allocated budget: allocated, not_allocated or unknown "
        "(unknown means no source recorded yet says).",
        constraints={"required": True, **_enum(Budget)},
    ),
    _field(
        "confidence",
        "string",
        "How sure the sources are: high (an official, WILPF or UN source states it), medium "
        "(a secondary source, or one field inferred), low (weak or undated source); empty "
        "when not rated.",
        constraints=_enum(Confidence),
    ),
    _field(
        "status_note",
        "string",
        "Free-text note on the sources: extensions, launch versus adoption, disagreements.",
    ),
    _field(
        "sources",
        "string",
        "URLs of the public sources for the plan's facts, separated by ' ; ' "
        "(a list in plans.json).",
        constraints={"required": True},
    ),
    _field(
        "url",
        "string",
        "Address of the plan's page on NAPtrack.",
        format="uri",
        constraints={"required": True},
    ),
]

COUNTRY_FIELDS = [
    _field(
        "iso3",
        "string",
        "ISO 3166-1 alpha-3 code (XKX for Kosovo).",
        constraints={"required": True, "unique": True},
    ),
    _field("iso2", "string", "ISO 3166-1 alpha-2 code; empty when there is none."),
    _field(
        "m49",
        "string",
        "UN M49 numeric code (three digits); empty when there is none, as for Kosovo.",
    ),
    _field(
        "name", "string", "Short name of the country or territory.", constraints={"required": True}
    ),
    _field("region", "string", "UN M49 region.", constraints={"required": True}),
    _field("subregion", "string", "UN M49 sub-region.", constraints={"required": True}),
    _field(
        "un_member",
        "boolean",
        "true for the 193 UN member states; false for other countries and territories.",
        constraints={"required": True},
    ),
    _field(
        "source",
        "string",
        "Where the codes, regions and membership come from.",
        constraints={"required": True},
    ),
]

_PLAN_KEYS = [
    _field(
        "plan_id",
        "integer",
        "id of the plan in plans.csv.",
        constraints={"required": True},
    ),
    _field("reference_key", "string", "The plan's reference key, as in plans.csv."),
]
_PARTIAL_DATE = {"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
FACT_FIELDS = [
    *_PLAN_KEYS,
    _field(
        "fact",
        "string",
        "What the fact is about (see docs/reference-data.md for each fact and its values).",
        constraints={"required": True, **_enum(FactCode)},
    ),
    _field(
        "value",
        "string",
        "What the source says: yes, partly or no; allocated, estimated or not_allocated for "
        "the budget; YYYY-YYYY for the period; '<number> <currency>' for a budget amount; "
        "free text for titles, agencies and discrepancies.",
        constraints={"required": True},
    ),
    _field(
        "source_url", "string", "The page or document that says it.", constraints={"required": True}
    ),
    _field("source_title", "string", "The source's title; empty when not recorded."),
    _field("source_publisher", "string", "Who published the source; empty when not recorded."),
    _field(
        "source_date",
        "string",
        "The source's date, only as precisely as known: YYYY, YYYY-MM or YYYY-MM-DD.",
        constraints=_PARTIAL_DATE,
    ),
    _field("quote", "string", "The source's own words supporting the value, when it allows."),
    _field("location", "string", "Where in the source: a page such as p.6, or a heading."),
    _field(
        "confidence",
        "string",
        "high: the plan or an official page states it; medium: a civil-society analysis "
        "states it; low: anything weaker.",
        constraints={"required": True, **_enum(Confidence)},
    ),
    _field(
        "coded_by",
        "string",
        "Who coded it: platform (NAPtrack, from public sources), government, civil_society "
        "or analyst.",
        constraints={"required": True, **_enum(CodedBy)},
    ),
    _field(
        "coded_on",
        "date",
        "When the fact was coded or last changed.",
        constraints={"required": True},
    ),
]
SOURCE_FIELDS = [
    *_PLAN_KEYS,
    _field("url", "string", "Address of the source.", constraints={"required": True}),
    _field("title", "string", "The source's title; empty when not recorded (a weak source)."),
    _field("publisher", "string", "Who published it; empty when not recorded."),
    _field(
        "date",
        "string",
        "The source's date, only as precisely as known: YYYY, YYYY-MM or YYYY-MM-DD.",
        constraints=_PARTIAL_DATE,
    ),
    _field(
        "kind",
        "string",
        "official, un, cso (civil society or research), news, listing (a page listing many "
        "plans), encyclopedia or other; empty when not recorded.",
        constraints=_enum(SourceKind),
    ),
    _field("supports", "string", "Which of the plan's facts the source supports."),
    _field(
        "weak",
        "boolean",
        "true when no title is recorded or the source is an encyclopedia or a listing page.",
        constraints={"required": True},
    ),
]

PLAN_COLUMNS = [f["name"] for f in PLAN_FIELDS]
COUNTRY_COLUMNS = [f["name"] for f in COUNTRY_FIELDS]
FACT_COLUMNS = [f["name"] for f in FACT_FIELDS]
SOURCE_COLUMNS = [f["name"] for f in SOURCE_FIELDS]


def _csv_resource(name: str, path: str, fields: list, key: list[str] | None = None) -> dict:
    schema = {"fields": fields, "missingValues": [""]}
    if key:
        schema["primaryKey"] = key
    return {
        "name": name,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def data_package(build_absolute_uri) -> dict:
    """The descriptor served at /data/schema.json."""
    return {
        "profile": "tabular-data-package",
        "name": "naptrack",
        "title": "NAPtrack: national and regional action plans on UNSCR 1325",
        "description": (
            "Every plan visible to the requester, and the countries and territories they belong "
            "to. Facts come from the named public sources listed for each plan."
        ),
        "licenses": [DATA_LICENCE],
        "resources": [
            {
                "name": "plans",
                "path": build_absolute_uri(reverse("analysis:plans_csv")),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": PLAN_FIELDS, "primaryKey": ["id"], "missingValues": [""]},
            },
            _csv_resource(
                "countries",
                build_absolute_uri(reverse("analysis:countries_csv")),
                COUNTRY_FIELDS,
                ["iso3"],
            ),
            _csv_resource("facts", build_absolute_uri(reverse("analysis:facts_csv")), FACT_FIELDS),
            _csv_resource(
                "sources", build_absolute_uri(reverse("analysis:sources_csv")), SOURCE_FIELDS
            ),
        ],
    }
