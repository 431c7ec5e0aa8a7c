"""The documented twinning examples (data/partnerships.csv): real partnerships, each with
the public source that describes it. Loaded idempotently by `load_twinning_examples`;
a malformed file writes nothing and every problem names its row and column.

A row is public at once: its source documents that every side took part, so each side
counts as agreed (with no person named as having agreed on the platform).
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from naptrack.core.services import activity_record, changes_between
from naptrack.registry.models import Country, RegionalOrganization
from naptrack.registry.validators import validate_source_url
from naptrack.twinning.choices import PUBLIC_STATUSES
from naptrack.twinning.models import Partner, Partnership

EXAMPLES_CSV = Path(__file__).resolve().parent / "data" / "partnerships.csv"
COLUMNS = (
    "key",
    "partners",
    "title",
    "aims",
    "period_start",
    "period_end",
    "status",
    "source_url",
    "source_title",
    "source_publisher",
    "source_quote",
)
FIELDS = COLUMNS[2:]
REQUIRED = ("key", "partners", "title", "aims", "status", "source_url")


class ExamplesError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"Twinning examples: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged."
        )


def _owners(cell: str, problems: list[str], where: str):
    countries, bodies = [], []
    for code in (part.strip() for part in cell.split(";") if part.strip()):
        if code.startswith("body:"):
            body = RegionalOrganization.objects.filter(slug=code[5:]).first()
            (bodies.append(body) if body else problems.append(f"{where}: no regional body {code}"))
        else:
            country = Country.objects.filter(iso3=code.upper()).first()
            (
                countries.append(country)
                if country
                else problems.append(f"{where}: no country {code}")
            )
    if len(countries) + len(bodies) < 2:
        problems.append(f"{where}: a partnership needs at least two partners")
    return countries, bodies


def _year(value: str, problems: list[str], where: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit() or not 1990 <= int(value) <= 2100:
        problems.append(f"{where}: not a year: {value!r}")
        return None
    return int(value)


def _parse_row(name: str, number: int, row: dict, problems: list[str]) -> dict | None:
    where = f"{name}, row {number}"
    before = len(problems)
    for column in REQUIRED:
        if not (row.get(column) or "").strip():
            problems.append(f"{where}, column {column}: required")
    if row.get("status") not in PUBLIC_STATUSES:
        problems.append(f"{where}, column status: one of {', '.join(PUBLIC_STATUSES)}")
    try:
        validate_source_url(row.get("source_url") or "")
    except ValidationError as error:
        problems.append(f"{where}, column source_url: {' '.join(error.messages)}")
    countries, bodies = _owners(row.get("partners") or "", problems, f"{where}, column partners")
    values = {name: (row.get(name) or "").strip() for name in FIELDS}
    values["period_start"] = _year(values["period_start"], problems, f"{where}, period_start")
    values["period_end"] = _year(values["period_end"], problems, f"{where}, period_end")
    if len(problems) > before:
        return None
    return {"key": row["key"].strip(), "values": values, "owners": (countries, bodies)}


def read_examples(path: Path = EXAMPLES_CSV) -> list[dict]:
    problems: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ExamplesError([f"{path.name}: missing column(s) {', '.join(missing)}"])
        rows = [
            _parse_row(path.name, number, row, problems)
            for number, row in enumerate(reader, start=2)
        ]
    keys = [row["key"] for row in rows if row]
    problems += [f"{path.name}: key {k} appears twice" for k in set(keys) if keys.count(k) > 1]
    if problems:
        raise ExamplesError(problems)
    return rows


def _sync_partners(partnership: Partnership, countries, bodies) -> None:
    now = timezone.now()
    partnership.partners.all().delete()
    for country in countries:
        Partner.objects.create(partnership=partnership, country=country, agreed_at=now)
    for body in bodies:
        Partner.objects.create(partnership=partnership, regional_organization=body, agreed_at=now)


def load_examples(path: Path = EXAMPLES_CSV) -> Summary:
    rows = read_examples(path)
    summary = Summary()
    with transaction.atomic():
        for row in rows:
            _load_row(row, summary)
    return summary


def _load_row(row: dict, summary: Summary) -> None:
    partnership = Partnership.objects.filter(reference_key=row["key"]).first()
    owners = [*row["owners"][0], *row["owners"][1]]
    if partnership is None:
        partnership = Partnership(reference_key=row["key"], **row["values"])
        partnership.full_clean()
        partnership.save()
        _sync_partners(partnership, *row["owners"])
        changes = {"reference_key": {"before": None, "after": row["key"]}}
        activity_record(
            actor=None,
            verb="partnership.loaded",
            target=partnership,
            changes=changes,
            channel="command",
        )
        summary.created += 1
        return
    before = {name: getattr(partnership, name) for name in FIELDS}
    current = [
        p.owner for p in partnership.partners.select_related("country", "regional_organization")
    ]
    changes = changes_between(before, row["values"])
    if set(map(str, current)) != set(map(str, owners)):
        changes["partners"] = {
            "before": sorted(map(str, current)),
            "after": sorted(map(str, owners)),
        }
    if not changes:
        summary.unchanged += 1
        return
    for name, value in row["values"].items():
        setattr(partnership, name, value)
    partnership.full_clean()
    partnership.save()
    if "partners" in changes:
        _sync_partners(partnership, *row["owners"])
    activity_record(
        actor=None,
        verb="partnership.reference_updated",
        target=partnership,
        changes=changes,
        channel="command",
    )
    summary.updated += 1
