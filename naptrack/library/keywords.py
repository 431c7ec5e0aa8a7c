"""The committed starter list of keyword families (reference_data/keyword_families.csv).

Parsing only, without models, so that the data migration that seeds the list and the
loader service read the file the same way. Problems are reported with their line and
column, and a file with any problem loads nothing.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from django.utils.translation import gettext as _

from naptrack.library.choices import Criterion, FamilyKind, MatchMode
from naptrack.library.tokenizer import words

STARTER_LIST = Path(__file__).resolve().parent / "reference_data" / "keyword_families.csv"
COLUMNS = ["family", "kind", "criterion", "name", "description", "language", "term", "match"]


@dataclass
class FamilySpec:
    slug: str
    kind: str
    criterion: str
    name: str
    description: str
    keywords: list[tuple[str, str, str]] = field(default_factory=list)  # language, term, match


class KeywordFileError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _rows(path: Path):
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1) if not line.startswith("#")]
    reader = csv.DictReader(line for _number, line in lines)
    if reader.fieldnames != COLUMNS:
        raise KeywordFileError(
            [
                _("%(file)s: the columns must be %(columns)s.")
                % {"file": path.name, "columns": ", ".join(COLUMNS)}
            ]
        )
    numbers = [n for n, _line in lines][1:]
    yield from zip(numbers, reader, strict=False)


def parse(path: Path = STARTER_LIST) -> list[FamilySpec]:
    families: dict[str, FamilySpec] = {}
    problems: list[str] = []
    for number, row in _rows(path):
        where = _("%(file)s, line %(line)s") % {"file": path.name, "line": number}
        row = {key: (value or "").strip() for key, value in row.items()}
        family = families.get(row["family"])
        if family is None:
            family = _new_family(row, where, problems)
            if family is None:
                continue
            families[family.slug] = family
        keyword = _keyword(row, where, problems)
        if keyword and keyword in family.keywords:
            problems.append(
                _("%(where)s, column term: “%(value)s” is listed twice.")
                % {"where": where, "value": row["term"]}
            )
        elif keyword:
            family.keywords.append(keyword)
    if problems:
        raise KeywordFileError(problems)
    return list(families.values())


def _new_family(row: dict, where: str, problems: list[str]) -> FamilySpec | None:
    before = len(problems)
    if not row["family"] or not row["name"]:
        problems.append(
            _("%(where)s: the first line of a family needs its slug and its name.")
            % {"where": where}
        )
    if row["kind"] not in FamilyKind.values:
        problems.append(
            _("%(where)s, column kind: “%(value)s” is not theme or criterion.")
            % {"where": where, "value": row["kind"]}
        )
    criterion_needed = row["kind"] == FamilyKind.CRITERION
    if criterion_needed and row["criterion"] not in Criterion.values:
        problems.append(
            _("%(where)s, column criterion: “%(value)s” is not a criterion code.")
            % {"where": where, "value": row["criterion"]}
        )
    if not criterion_needed and row["criterion"]:
        problems.append(
            _("%(where)s, column criterion: a theme names no criterion.") % {"where": where}
        )
    if len(problems) > before:
        return None
    return FamilySpec(row["family"], row["kind"], row["criterion"], row["name"], row["description"])


def _keyword(row: dict, where: str, problems: list[str]) -> tuple[str, str, str] | None:
    language, term, match = row["language"], row["term"], row["match"]
    if not language or pycountry.languages.get(alpha_2=language) is None:
        problems.append(
            _("%(where)s, column language: “%(value)s” is not an ISO 639-1 code.")
            % {"where": where, "value": language}
        )
    elif not words(term):
        problems.append(
            _("%(where)s, column term: “%(value)s” has no letters or digits.")
            % {"where": where, "value": term}
        )
    elif match not in MatchMode.values:
        problems.append(
            _("%(where)s, column match: “%(value)s” is not word or prefix.")
            % {"where": where, "value": match}
        )
    else:
        return language, term, match
    return None


def seed(family_model, keyword_model, specs: list[FamilySpec]) -> tuple[int, int]:
    """Adds the families and keywords that are missing (by slug, and by language and
    term); never changes or removes what administrators edited. Returns what it added."""
    families_added = keywords_added = 0
    for spec in specs:
        family, created = family_model.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "kind": spec.kind,
                "criterion": spec.criterion,
                "name": spec.name,
                "description": spec.description,
            },
        )
        families_added += created
        existing = set(family.keywords.values_list("language", "term"))
        missing = [k for k in spec.keywords if (k[0], k[1]) not in existing]
        keyword_model.objects.bulk_create(
            keyword_model(family=family, language=language, term=term, match=match)
            for language, term, match in missing
        )
        keywords_added += len(missing)
    return families_added, keywords_added
