"""Loading the reference data in naptrack/registry/reference_data/ (docs/reference-data.md).

All files are parsed and validated first; any error stops the load before anything is
written, and every error names its file, line and field. Then one transaction creates or
updates records. Plans and standard indicators keep a snapshot of what the file said, so
a correction made on the platform survives a reload unless the file itself changes.
Source URLs must pass the rules of validators.py (denylisted hosts and malformed URLs are
refused); sources.csv describes them, and coded_facts.csv adds what each plan contains.
"""

import csv
import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from naptrack.core.services import _jsonable, activity_record
from naptrack.registry.choices import (
    FACT_VALUES,
    CodedBy,
    Confidence,
    DatePrecision,
    FactCode,
    Origin,
    PlanStatus,
    Publication,
    SourceKind,
)
from naptrack.registry.models import (
    ActionPlan,
    Citation,
    Country,
    Pillar,
    PlanFact,
    Region,
    RegionalOrganization,
    Resolution,
    StandardIndicator,
)
from naptrack.registry.validators import is_encyclopedia, source_url_problem

REFERENCE_DIR = Path(__file__).resolve().parent / "reference_data"
COLUMNS = {
    "countries.csv": [
        "iso3",
        "iso2",
        "m49",
        "name",
        "region_code",
        "region",
        "subregion_code",
        "subregion",
        "intermediate_region_code",
        "intermediate_region",
        "un_member",
        "source",
    ],
    "regional_organizations.csv": ["slug", "data_name", "short_name", "name", "source"],
    "pillars.csv": ["code", "name", "position", "description", "source_url"],
    "resolutions.csv": ["number", "year", "summary", "source_url"],
    "un_global_indicators.csv": ["number", "short_name", "pillar", "verified", "source_url"],
    "naps.csv": [
        "iso3",
        "country",
        "plan_generation",
        "adoption_year",
        "period_start",
        "period_end",
        "source_url",
        "status_note",
        "confidence",
    ],
    "raps.csv": [
        "organization",
        "generation",
        "adoption_year",
        "period_start",
        "period_end",
        "title",
        "source_url",
        "confidence",
        "status_note",
    ],
    "sources.csv": ["url", "title", "publisher", "date", "kind"],
    "coded_facts.csv": [
        "plan_key",
        "fact",
        "value",
        "source_url",
        "source_title",
        "source_publisher",
        "source_date",
        "quote",
        "location",
        "confidence",
    ],
    "status_overrides.csv": ["reference_key", "status", "extended_to", "reason", "source_url"],
    "removed_plans.csv": ["reference_key", "reason"],
}
FIRST_PLAN_YEAR = 2000  # resolution 1325 was adopted in October 2000
PRECISIONS = {1: DatePrecision.YEAR, 2: DatePrecision.MONTH, 3: DatePrecision.DAY}
# What a registry row's sources support; a coded fact carries its own source.
REGISTRY_SUPPORTS = "adoption, period, status"


class ReferenceDataError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Summary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.removed))
        if not kinds:
            return "Reference data is up to date: nothing changed."
        return "\n".join(
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.removed[kind]} removed"
            for kind in kinds
        )


class Rows:
    """Reads one CSV file and collects errors that name file, line and field."""

    def __init__(self, directory: Path, name: str, errors: list[str]):
        self.name, self.errors = name, errors
        self.rows: list[tuple[int, dict[str, str]]] = []
        path = directory / name
        if not path.exists():
            self.error(0, None, "the file is missing")
            return
        try:
            with path.open(newline="", encoding="utf-8") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in COLUMNS[name] if c not in (reader.fieldnames or [])]
                if missing:
                    self.error(1, ", ".join(missing), "required column missing from the header")
                    return
                for row in reader:
                    if None in row or any(value is None for value in row.values()):
                        self.error(reader.line_num, None, "wrong number of fields in this row")
                        continue
                    self.rows.append((reader.line_num, {k: v.strip() for k, v in row.items()}))
        except (UnicodeDecodeError, csv.Error) as exc:
            self.error(0, None, f"cannot be read as UTF-8 CSV ({exc})")

    def error(self, line: int, column: str | None, message: str) -> None:
        where = f"{self.name}, line {line}" if line else self.name
        if column:
            where += f", field {column}"
        self.errors.append(f"{where}: {message}")

    def integer(self, line, row, column, *, required=False, low=None, high=None) -> int | None:
        raw = row[column]
        if raw == "":
            if required:
                self.error(line, column, "a value is required")
            return None
        try:
            value = int(raw)
        except ValueError:
            self.error(line, column, f"{raw!r} is not a whole number")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.error(line, column, f"{value} is outside {low}–{high}")
            return None
        return value

    def text(self, line, row, column) -> str:
        if not row[column]:
            self.error(line, column, "a value is required")
        return row[column]

    def choice(self, line, row, column, choices, *, required=True) -> str:
        value = row[column]
        if value == "" and not required:
            return value
        if value not in choices:
            self.error(line, column, f"{value!r} is not one of: {', '.join(choices)}")
        return value

    def urls(self, line, row, column, *, required=True) -> list[str]:
        urls = [u.strip() for u in row[column].split(" ; ") if u.strip()]
        if not urls and required:
            self.error(line, column, "at least one source URL is required")
        for url in urls:
            problem = source_url_problem(url)
            if problem:
                self.error(line, column, problem)
        return urls

    def partial_date(self, line, row, column) -> tuple[datetime.date | None, str]:
        """YYYY, YYYY-MM or YYYY-MM-DD: the date and how precise it is; empty is unknown."""
        raw = row[column]
        if not raw:
            return None, ""
        parts = raw.split("-")
        precision = PRECISIONS.get(len(parts))
        try:
            numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
            if precision is None or len(parts[0]) != 4:
                raise ValueError
            return datetime.date(*numbers), precision
        except ValueError:
            self.error(line, column, f"{raw!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
            return None, ""

    def yes_no(self, line, row, column) -> bool:
        return self.choice(line, row, column, ["yes", "no"]) == "yes"


def _parse_countries(directory, errors) -> list[dict]:
    rows, parsed = Rows(directory, "countries.csv", errors), []
    for line, row in rows.rows:
        if len(row["iso3"]) != 3 or not row["iso3"].isupper():
            rows.error(line, "iso3", f"{row['iso3']!r} is not an ISO 3166-1 alpha-3 code")
        for level in ("region", "subregion"):
            rows.text(line, row, f"{level}_code")
        parsed.append(
            {
                **row,
                "un_member": rows.yes_no(line, row, "un_member"),
                "name": rows.text(line, row, "name"),
            }
        )
    _reject_duplicates(rows, parsed, "iso3")
    return parsed


def _reject_duplicates(rows: Rows, parsed: list[dict], key: str) -> None:
    seen = {}
    for (line, _row), record in zip(rows.rows, parsed, strict=True):
        if record[key] in seen:
            rows.error(line, key, f"{record[key]!r} repeats line {seen[record[key]]}")
        seen.setdefault(record[key], line)


def _parse_simple(directory, errors, name, key) -> list[dict]:
    rows = Rows(directory, name, errors)
    parsed = [dict(row) for _line, row in rows.rows]
    for line, row in rows.rows:
        for column in COLUMNS[name]:
            if column not in ("description",):
                rows.text(line, row, column)
    _reject_duplicates(rows, parsed, key)
    return parsed


def _parse_indicators(directory, errors, pillar_names) -> list[dict]:
    rows, parsed = Rows(directory, "un_global_indicators.csv", errors), []
    for position, (line, row) in enumerate(rows.rows):
        rows.urls(line, row, "source_url")
        parsed.append(
            {
                "number": rows.text(line, row, "number"),
                "short_name": rows.text(line, row, "short_name"),
                "pillar": rows.choice(line, row, "pillar", pillar_names),
                "verified": rows.yes_no(line, row, "verified"),
                "source_url": row["source_url"],
                "position": position,
            }
        )
    _reject_duplicates(rows, parsed, "number")
    return parsed


def _plan_fields(rows: Rows, line: int, row: dict, generation_column: str) -> dict[str, Any]:
    last_year = timezone.now().year + 1
    start = rows.integer(line, row, "period_start", low=FIRST_PLAN_YEAR, high=last_year + 20)
    end = rows.integer(line, row, "period_end", low=FIRST_PLAN_YEAR, high=last_year + 20)
    if start and end and end < start:
        rows.error(line, "period_end", f"{end} is before period_start {start}")
    year = rows.integer(line, row, "adoption_year", low=FIRST_PLAN_YEAR, high=last_year)
    urls = rows.urls(line, row, "source_url", required=False)
    confidence = rows.choice(line, row, "confidence", Confidence.values)
    _check_weak_sources(rows, line, urls, confidence)
    return {
        "generation": rows.integer(line, row, generation_column, low=1, high=20),
        "adoption_date": datetime.date(year, 1, 1) if year else None,
        "adoption_precision": DatePrecision.YEAR if year else "",
        "period_start": start,
        "period_end": end,
        "confidence": confidence,
        "status_note": row["status_note"],
        "status": PlanStatus.ADOPTED,
        "extended_to": None,
        "correction_note": "",
        "urls": urls,
    }


def _check_weak_sources(rows: Rows, line: int, urls: list[str], confidence: str) -> None:
    """A row with no source, or with an encyclopedia as its only source, is kept (it is
    still the best knowledge of the plan) but must say its confidence is low."""
    if confidence == Confidence.LOW:
        return
    if not urls:
        rows.error(line, "confidence", "a row without a source must have confidence low")
    elif all(is_encyclopedia(url) for url in urls):
        rows.error(line, "confidence", "a row resting on an encyclopedia alone must be low")


def _parse_naps(directory, errors, iso3_codes) -> list[dict]:
    rows, parsed = Rows(directory, "naps.csv", errors), []
    for line, row in rows.rows:
        if row["iso3"] not in iso3_codes:
            rows.error(line, "iso3", f"{row['iso3']!r} is not in countries.csv")
        fields = _plan_fields(rows, line, row, "plan_generation")
        if fields["generation"] is None:
            rows.error(line, "plan_generation", "a generation is required for national plans")
        key = f"NAP:{row['iso3']}:g{fields['generation']}"
        parsed.append(
            {**fields, "key": key, "line": line, "owner": ("country", row["iso3"]), "title": ""}
        )
    _reject_duplicates(rows, parsed, "key")
    return parsed


def _parse_raps(directory, errors, organizations: dict[str, str]) -> list[dict]:
    rows, parsed = Rows(directory, "raps.csv", errors), []
    for line, row in rows.rows:
        slug = organizations.get(row["organization"])
        if slug is None:
            rows.error(
                line,
                "organization",
                f"{row['organization']!r} is not in regional_organizations.csv",
            )
        fields = _plan_fields(rows, line, row, "generation")
        year = fields["adoption_date"].year if fields["adoption_date"] else None
        # Regional rows often lack a generation; the key falls back to year, then title.
        distinct = (
            f"g{fields['generation']}"
            if fields["generation"]
            else f"y{year}"
            if year
            else "t-" + "".join(c for c in row["title"].lower() if c.isalnum())[:40]
        )
        parsed.append(
            {
                **fields,
                "key": f"RAP:{slug}:{distinct}",
                "line": line,
                "owner": ("regional_organization", slug),
                "title": rows.text(line, row, "title"),
            }
        )
    _reject_duplicates(rows, parsed, "key")
    return parsed


def _apply_overrides(directory, errors, plans: list[dict]) -> None:
    """A status or an extension that a row's note (or a later source) states, made data."""
    rows = Rows(directory, "status_overrides.csv", errors)
    by_key = {plan["key"]: plan for plan in plans}
    for line, row in rows.rows:
        status = rows.choice(line, row, "status", PlanStatus.values, required=False)
        extended_to = rows.integer(line, row, "extended_to", low=FIRST_PLAN_YEAR, high=2100)
        if not status and extended_to is None:
            rows.error(line, "status", "give a status, an extended_to year or both")
        reason = rows.text(line, row, "reason")
        urls = rows.urls(line, row, "source_url") if row["source_url"] else []
        plan = by_key.get(row["reference_key"])
        if plan is None:
            rows.error(line, "reference_key", f"{row['reference_key']!r} matches no plan row")
            continue
        if extended_to is not None and (plan["period_end"] or 0) > extended_to:
            rows.error(line, "extended_to", f"{extended_to} is before the plan's period_end")
        plan.update(status=status or plan["status"], correction_note=reason)
        plan["extended_to"] = extended_to if extended_to is not None else plan["extended_to"]
        plan["urls"] += [url for url in urls if url not in plan["urls"]]


def _parse_removed(directory, errors, plans: list[dict]) -> list[dict]:
    """Keys of rows taken out of the plan files (duplicates, not plans), each with a reason."""
    rows, keys = Rows(directory, "removed_plans.csv", errors), {p["key"] for p in plans}
    for line, row in rows.rows:
        rows.text(line, row, "reason")
        if row["reference_key"] in keys:
            rows.error(line, "reference_key", "this key is still a row of naps.csv or raps.csv")
    return [row for _line, row in rows.rows]


def _parse_sources(directory, errors) -> dict[str, dict]:
    """What is known of each source URL: title, publisher, date, kind (empty = unknown)."""
    rows, parsed = Rows(directory, "sources.csv", errors), []
    for line, row in rows.rows:
        rows.urls(line, row, "url")
        date, precision = rows.partial_date(line, row, "date")
        parsed.append(
            {
                "url": row["url"],
                "title": row["title"],
                "publisher": row["publisher"],
                "published_date": date,
                "published_precision": precision,
                "kind": rows.choice(line, row, "kind", SourceKind.values, required=False),
            }
        )
    _reject_duplicates(rows, parsed, "url")
    return {record["url"]: record for record in parsed}


FACT_PATTERNS = {
    FactCode.PERIOD: (re.compile(r"^\d{4}-\d{4}$"), "YYYY-YYYY"),
    FactCode.BUDGET_AMOUNT: (re.compile(r"^\d+(\.\d+)? [A-Z]{3}$"), "<number> <ISO 4217 code>"),
}
MAX_QUOTE = 1000  # the research format asks for the key sentence, about 300 characters


def _fact_value(rows: Rows, line: int, row: dict) -> str:
    code, value = row["fact"], row["value"]
    if not value:
        rows.error(line, "value", "a value is required")
    elif code in FACT_VALUES:
        rows.choice(line, row, "value", FACT_VALUES[code])
    elif code in FACT_PATTERNS and not FACT_PATTERNS[code][0].match(value):
        rows.error(line, "value", f"{value!r} is not written {FACT_PATTERNS[code][1]}")
    return value


def _fact_source(rows: Rows, line: int, url: str) -> None:
    problem = source_url_problem(url) if url else "a source URL is required"
    if not problem and is_encyclopedia(url):
        problem = f"{url!r} is an encyclopedia: cite the plan or a page about it"
    if problem:
        rows.error(line, "source_url", problem)


def _parse_facts(directory, errors, plan_keys: set[str]) -> list[dict]:
    rows, parsed = Rows(directory, "coded_facts.csv", errors), []
    for line, row in rows.rows:
        if row["plan_key"] not in plan_keys:
            rows.error(line, "plan_key", f"{row['plan_key']!r} matches no plan row")
        code = rows.choice(line, row, "fact", FactCode.values)
        _fact_source(rows, line, row["source_url"])
        if len(row["quote"]) > MAX_QUOTE:
            rows.error(line, "quote", f"longer than {MAX_QUOTE} characters: quote the key sentence")
        date, precision = rows.partial_date(line, row, "source_date")
        parsed.append(
            {
                "plan_key": row["plan_key"],
                "code": code,
                "value": _fact_value(rows, line, row),
                "source_url": row["source_url"],
                "source_title": row["source_title"],
                "source_publisher": row["source_publisher"],
                "source_date": date,
                "source_precision": precision,
                "quote": row["quote"],
                "location": row["location"],
                "confidence": rows.choice(line, row, "confidence", Confidence.values),
            }
        )
    _reject_repeated_facts(rows, parsed)
    return parsed


def _reject_repeated_facts(rows: Rows, parsed: list[dict]) -> None:
    """One source states one value of a fact for a plan; a second row is a mistake."""
    seen = {}
    for (line, _row), record in zip(rows.rows, parsed, strict=True):
        identity = (record["plan_key"], record["code"], record["source_url"])
        if identity in seen:
            rows.error(
                line, "fact", f"{record['code']!r} from this source repeats line {seen[identity]}"
            )
        seen.setdefault(identity, line)


def parse_reference_data(directory: Path = REFERENCE_DIR) -> dict[str, list[dict]]:
    errors: list[str] = []
    countries = _parse_countries(directory, errors)
    organizations = _parse_simple(directory, errors, "regional_organizations.csv", "slug")
    pillars = _parse_simple(directory, errors, "pillars.csv", "code")
    resolutions = _parse_simple(directory, errors, "resolutions.csv", "number")
    indicators = _parse_indicators(directory, errors, [p["name"] for p in pillars])
    naps = _parse_naps(directory, errors, {c["iso3"] for c in countries})
    raps = _parse_raps(directory, errors, {o["data_name"]: o["slug"] for o in organizations})
    _apply_overrides(directory, errors, naps + raps)
    sources = _parse_sources(directory, errors)
    facts = _parse_facts(directory, errors, {plan["key"] for plan in naps + raps})
    removed = _parse_removed(directory, errors, naps + raps)
    if errors:
        raise ReferenceDataError(errors)
    return {
        "countries": countries,
        "organizations": organizations,
        "pillars": pillars,
        "resolutions": resolutions,
        "indicators": indicators,
        "plans": naps + raps,
        "sources": sources,
        "facts": facts,
        "removed_plans": removed,
    }


def _upsert(model, lookup: dict, values: dict, summary: Summary, *, merge=False):
    """Create or update one record; with merge, platform edits win over an unchanged file."""
    instance = model.objects.filter(**lookup).first()
    kind = model._meta.verbose_name_plural
    if instance is None:
        instance = model(**lookup, **values)
        if merge:
            instance.reference_snapshot = {k: _jsonable(v) for k, v in values.items()}
        instance.save()
        summary.created[kind] += 1
        activity_record(actor=None, verb="reference.created", target=instance, channel="command")
        return instance
    previous = instance.reference_snapshot if merge else {}
    changes = {}
    for name, new in values.items():
        if merge and name in previous and previous[name] == _jsonable(new):
            continue  # the file did not change this field; keep what the platform holds
        old = getattr(instance, name)
        if _jsonable(old) != _jsonable(new):
            changes[name] = {"before": _jsonable(old), "after": _jsonable(new)}
            setattr(instance, name, new)
    snapshot = {k: _jsonable(v) for k, v in values.items()}
    if changes or (merge and previous != snapshot):
        if merge:
            instance.reference_snapshot = snapshot
        instance.save()
    if changes:
        summary.updated[kind] += 1
        activity_record(
            actor=None,
            verb="reference.updated",
            target=instance,
            changes=changes,
            channel="command",
        )
    return instance


def _region(code: str, name: str, level: int, parent, summary) -> Region | None:
    if not code:
        return None
    return _upsert(Region, {"m49": code}, {"name": name, "level": level, "parent": parent}, summary)


def _load_countries(records, summary) -> dict[str, Country]:
    by_iso3 = {}
    for c in records:
        region = _region(c["region_code"], c["region"], 1, None, summary)
        subregion = _region(c["subregion_code"], c["subregion"], 2, region, summary)
        intermediate = _region(
            c["intermediate_region_code"], c["intermediate_region"], 3, subregion, summary
        )
        by_iso3[c["iso3"]] = _upsert(
            Country,
            {"iso3": c["iso3"]},
            {
                "iso2": c["iso2"],
                "m49": c["m49"],
                "name": c["name"],
                "region": region,
                "subregion": subregion,
                "intermediate_region": intermediate,
                "un_member": c["un_member"],
                "source": c["source"],
            },
            summary,
        )
    return by_iso3


def _load_plan(record, owners, sources, summary) -> ActionPlan:
    owner_field, owner_key = record["owner"]
    values = {
        name: record[name]
        for name in (
            "generation",
            "title",
            "adoption_date",
            "adoption_precision",
            "period_start",
            "period_end",
            "confidence",
            "status_note",
            "status",
            "extended_to",
            "correction_note",
        )
    }
    values[owner_field] = owners[owner_field][owner_key]
    plan = _upsert(
        ActionPlan,
        {"reference_key": record["key"]},
        {**values, "publication": Publication.PUBLISHED, "origin": Origin.REFERENCE},
        summary,
        merge=True,
    )
    _sync_citations(plan, record["urls"], sources, summary)
    return plan


def _citation_values(url: str, position: int, sources: dict[str, dict]) -> dict:
    known = sources.get(url, {})
    return {
        "title": known.get("title", ""),
        "publisher": known.get("publisher", ""),
        "published_date": known.get("published_date"),
        "published_precision": known.get("published_precision", ""),
        "kind": known.get("kind", ""),
        "supports": REGISTRY_SUPPORTS,
        "position": position,
        "from_reference": True,
    }


def _sync_citations(plan: ActionPlan, urls: list[str], sources, summary: Summary) -> None:
    """The file's URLs, described by sources.csv; a citation added on the platform with
    the same URL stays as the platform wrote it."""
    existing = {c.url: c for c in plan.citations.all()}
    for position, url in enumerate(urls):
        citation, values = existing.get(url), _citation_values(url, position, sources)
        if citation is None:
            Citation.objects.create(plan=plan, url=url, **values)
            summary.created["citations"] += 1
        elif citation.from_reference:
            _update_citation(plan, citation, values, summary)
    for url, citation in existing.items():
        if citation.from_reference and url not in urls:
            citation.delete()
            _record_removal(
                summary, "citations", plan, "plan.citation_removed", {"citations": {"before": url}}
            )


def _update_citation(plan, citation: Citation, values: dict, summary: Summary) -> None:
    """sources.csv re-described a source: audited on the plan (a reorder alone is not)."""
    changed = {k: v for k, v in values.items() if getattr(citation, k) != v}
    if not changed:
        return
    before = {k: _jsonable(getattr(citation, k)) for k in changed}
    Citation.objects.filter(pk=citation.pk).update(**changed)
    if set(changed) == {"position"}:
        return
    summary.updated["citations"] += 1
    after = {k: _jsonable(v) for k, v in changed.items()}
    activity_record(
        actor=None,
        verb="reference.updated",
        target=plan,
        channel="command",
        changes={"citations": {"before": {"url": citation.url, **before}, "after": after}},
    )


FACT_FIELDS = (
    "value",
    "source_title",
    "source_publisher",
    "source_date",
    "source_precision",
    "quote",
    "location",
    "confidence",
)


def _fact_text(fact) -> str:
    get = fact.get if isinstance(fact, dict) else fact.__dict__.get
    return f"{get('code')}: {get('value')} ({get('source_url')})"


def _sync_plan_facts(plan, records: list[dict], existing: dict, summary: Summary) -> None:
    """The plan's coded facts follow the file; one audit row says what changed."""
    before, after = [], []
    for record in records:
        fact = existing.pop((record["code"], record["source_url"]), None)
        values = {name: record[name] for name in FACT_FIELDS}
        if fact is not None and all(getattr(fact, k) == v for k, v in values.items()):
            continue
        if fact is None:
            fact = PlanFact(plan=plan, code=record["code"], source_url=record["source_url"])
            fact.coded_by, fact.from_reference = CodedBy.PLATFORM, True
            summary.created["coded facts"] += 1
        else:
            before.append(_fact_text(fact))
            summary.updated["coded facts"] += 1
        for name, value in values.items():
            setattr(fact, name, value)
        fact.coded_on = timezone.now().date()
        fact.save()
        after.append(_fact_text(record))
    for fact in existing.values():
        before.append(_fact_text(fact))
        fact.delete()
        summary.removed["coded facts"] += 1
    if before or after:
        activity_record(
            actor=None,
            verb="plan.facts_changed",
            target=plan,
            channel="command",
            changes={"facts": {"before": before, "after": after}},
        )


def _sync_facts(plans: dict[str, ActionPlan], records: list[dict], summary: Summary) -> None:
    wanted, existing = defaultdict(list), defaultdict(dict)
    for record in records:
        wanted[record["plan_key"]].append(record)
    for fact in PlanFact.objects.filter(from_reference=True, plan__in=plans.values()):
        existing[fact.plan_id][(fact.code, fact.source_url)] = fact
    for key, plan in plans.items():
        _sync_plan_facts(plan, wanted[key], existing[plan.pk], summary)


def _record_removal(summary: Summary, kind: str, plan: ActionPlan, verb: str, changes) -> None:
    summary.removed[kind] += 1
    activity_record(actor=None, verb=verb, target=plan, channel="command", changes=changes)


def _link_generations(plans: list[ActionPlan]) -> None:
    """A numbered generation's predecessor is the previous number of the same owner."""
    by_owner_generation = {
        (p.country_id, p.regional_organization_id, p.generation): p for p in plans if p.generation
    }
    for plan in plans:
        previous = by_owner_generation.get(
            (plan.country_id, plan.regional_organization_id, (plan.generation or 0) - 1)
        )
        if previous and plan.predecessor_id is None:
            if not ActionPlan.objects.filter(predecessor=previous).exists():
                plan.predecessor = previous
                plan.save(update_fields=["predecessor"])


def _unpublish_removed(removed: list[dict], summary: Summary) -> None:
    """A removed row's plan leaves the public registry; it is kept (with anything attached
    to it on the platform) as a draft, and the reason goes to its audit trail."""
    keys = {row["reference_key"]: row["reason"] for row in removed}
    plans = ActionPlan.objects.filter(
        reference_key__in=keys, publication=Publication.PUBLISHED, origin=Origin.REFERENCE
    )
    for plan in plans:
        plan.publication = Publication.DRAFT
        plan.correction_note = keys[plan.reference_key]
        plan.save(update_fields=["publication", "correction_note", "updated_at"])
        changes = {"publication": {"before": "published", "after": "draft"}}
        _record_removal(summary, "action plans", plan, "reference.removed", changes)


@transaction.atomic
def load_reference_data(directory: Path = REFERENCE_DIR) -> Summary:
    data = parse_reference_data(directory)
    summary = Summary()
    countries = _load_countries(data["countries"], summary)
    organizations = {
        o["slug"]: _upsert(
            RegionalOrganization,
            {"slug": o["slug"]},
            {"data_name": o["data_name"], "short_name": o["short_name"], "name": o["name"]},
            summary,
        )
        for o in data["organizations"]
    }
    pillars = {
        p["name"]: _upsert(
            Pillar,
            {"code": p["code"]},
            {
                "name": p["name"],
                "position": int(p["position"]),
                "description": p["description"],
                "source_url": p["source_url"],
            },
            summary,
        )
        for p in data["pillars"]
    }
    for r in data["resolutions"]:
        _upsert(
            Resolution,
            {"number": int(r["number"])},
            {"year": int(r["year"]), "summary": r["summary"], "source_url": r["source_url"]},
            summary,
        )
    for i in data["indicators"]:
        _upsert(
            StandardIndicator,
            {"number": i["number"]},
            {
                "short_name": i["short_name"],
                "pillar": pillars[i["pillar"]],
                "verified": i["verified"],
                "source_url": i["source_url"],
                "position": i["position"],
            },
            summary,
            merge=True,
        )
    owners = {"country": countries, "regional_organization": organizations}
    plans = {
        record["key"]: _load_plan(record, owners, data["sources"], summary)
        for record in data["plans"]
    }
    _link_generations(list(plans.values()))
    _sync_facts(plans, data["facts"], summary)
    _unpublish_removed(data["removed_plans"], summary)
    return summary
