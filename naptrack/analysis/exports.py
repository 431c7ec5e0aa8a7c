"""Rows of the open-data files, written as a stream so a large registry never sits in memory."""

import json
from collections.abc import Callable, Iterable, Iterator

from django.core.serializers.json import DjangoJSONEncoder

from naptrack.analysis.schema import (
    COUNTRY_COLUMNS,
    DATA_LICENCE,
    FACT_COLUMNS,
    PLAN_COLUMNS,
    SOURCE_COLUMNS,
)
from naptrack.core.spreadsheets import csv_writer
from naptrack.registry.models import (
    ActionPlan,
    Citation,
    Country,
    PlanFact,
    partial_date_text,
)

CHUNK_SIZE = 500


def adoption_date_text(plan: ActionPlan) -> str:
    return partial_date_text(plan.adoption_date, plan.adoption_precision)


def plan_record(plan: ActionPlan, page_url: str) -> dict:
    """One plan as typed values keyed by PLAN_COLUMNS (lists stay lists for JSON)."""
    country, organization = plan.country, plan.regional_organization
    return {
        "id": plan.pk,
        "reference_key": plan.reference_key or "",
        "owner_type": "country" if country else "regional_organization",
        "owner_code": country.iso3 if country else organization.slug,
        "owner_name": country.name if country else organization.name,
        "region": country.region.name if country else "",
        "subregion": country.subregion.name if country else "",
        "generation": plan.generation,
        "title": plan.title,
        "status": plan.status,
        "current_status": plan.current_status,
        "publication": plan.publication,
        "adoption_date": adoption_date_text(plan),
        "adoption_precision": plan.adoption_precision,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "extended_to": plan.extended_to,
        "in_force_end_unknown": plan.in_force_end_unknown,
        "best_year": plan.best_year,
        "best_year_basis": plan.best_year_basis,
        "lead_agency": plan.lead_agency,
        "predecessor_id": plan.visible_predecessor_id,
        "successor_id": plan.visible_successor_id,
        "focus": plan.focus,
        "resolutions": sorted(r.number for r in plan.resolutions.all()),
        "budget": plan.budget,
        "confidence": plan.confidence,
        "status_note": plan.status_note,
        "sources": [c.url for c in plan.citations.all()],
        "url": page_url,
    }


def csv_cell(name: str, value) -> str:
    if value is None:
        return ""
    if name == "resolutions":
        return ";".join(str(number) for number in value)
    if name == "sources":
        return " ; ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def stream_plans_csv(plans: Iterable[ActionPlan], page_url: Callable) -> Iterator[str]:
    writer = csv_writer(_Echo())
    yield writer.writerow(PLAN_COLUMNS)
    for plan in plans:
        record = plan_record(plan, page_url(plan))
        yield writer.writerow([csv_cell(name, record[name]) for name in PLAN_COLUMNS])


def stream_plans_json(plans: Iterable[ActionPlan], page_url: Callable, schema_url: str):
    """{"licence", "schema", "plans": [...]}, one plan per chunk."""
    head = json.dumps({"licence": DATA_LICENCE, "schema": schema_url})
    yield head[:-1] + ', "plans": ['
    separator = ""
    for plan in plans:
        record = plan_record(plan, page_url(plan))
        yield separator + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ","
    yield "]}\n"


def country_row(country: Country) -> list[str]:
    return [
        country.iso3,
        country.iso2,
        country.m49,
        country.name,
        country.region.name,
        country.subregion.name,
        "true" if country.un_member else "false",
        country.source,
    ]


def stream_countries_csv(countries: Iterable[Country]) -> Iterator[str]:
    return stream_rows_csv(COUNTRY_COLUMNS, countries, country_row)


def fact_row(fact: PlanFact) -> list:
    return [
        fact.plan_id,
        fact.plan.reference_key or "",
        fact.code,
        fact.value,
        fact.source_url,
        fact.source_title,
        fact.source_publisher,
        partial_date_text(fact.source_date, fact.source_precision),
        fact.quote,
        fact.location,
        fact.confidence,
        fact.coded_by,
        fact.coded_on.isoformat(),
    ]


def source_row(citation: Citation) -> list:
    return [
        citation.plan_id,
        citation.plan.reference_key or "",
        citation.url,
        citation.title,
        citation.publisher,
        partial_date_text(citation.published_date, citation.published_precision),
        citation.kind,
        citation.supports,
        "true" if citation.is_weak else "false",
    ]


def stream_rows_csv(columns: list[str], rows: Iterable, to_row: Callable) -> Iterator[str]:
    writer = csv_writer(_Echo())
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow(to_row(row))


def stream_facts_csv(facts: Iterable[PlanFact]) -> Iterator[str]:
    return stream_rows_csv(FACT_COLUMNS, facts, fact_row)


def stream_sources_csv(citations: Iterable[Citation]) -> Iterator[str]:
    return stream_rows_csv(SOURCE_COLUMNS, citations, source_row)


def iterate(queryset) -> Iterator:
    return queryset.iterator(chunk_size=CHUNK_SIZE)
