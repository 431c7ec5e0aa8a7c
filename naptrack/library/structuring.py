"""Assisted structuring: reading a plan's action matrix out of the tables extracted from
its document, to propose objectives, actions, responsible agencies and indicators.

Nothing here writes. A table is an action matrix when one of its first two rows has
headers naming an action or an objective and at least one other known column (English,
French, Spanish). The reviewer may change every column's meaning and ticks the rows to
keep; services.structure_proposal_accept writes them through the plan services.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from naptrack.library.tokenizer import words

IGNORE = "ignore"
# Order matters: a header is given the first field whose words it contains, so the more
# specific fields come first ("indicateurs de l'action" is an indicator column).
HEADER_WORDS: dict[str, list[str]] = {
    "indicator": ["indicator", "indicators", "indicateur", "indicateurs", "indicador",
                  "indicadores", "means of verification"],
    "supporting": ["supporting", "partners", "partner", "collaborating",
                   "partenaires", "partenaire", "appui", "socios", "apoyo", "colaboradores"],
    "lead": ["lead", "responsible", "responsibility", "responsibilities", "implementing",
             "responsable", "responsables", "chef de file", "responsabilite", "entidad",
             "institucion responsable", "ejecutor"],
    "timeline": ["timeline", "timeframe", "time frame", "period", "duration", "deadline",
                 "calendrier", "echeancier", "echeance", "delai", "periode", "chronogramme",
                 "plazo", "cronograma", "calendario", "periodo", "fecha"],
    "budget": ["budget", "cost", "costs", "estimated cost", "funding", "cout", "couts",
               "financement", "presupuesto", "costo", "coste", "financiamiento"],
    "pillar": ["pillar", "pilier", "pilar", "axe", "eje"],
    "objective": ["objective", "objectives", "goal", "outcome", "outcomes", "objectif",
                  "objectifs", "resultat", "resultats", "objetivo", "objetivos", "resultado",
                  "resultados"],
    "action": ["action", "actions", "activity", "activities", "intervention", "interventions",
               "measure", "measures", "activite", "activites", "mesure", "mesures", "accion",
               "acciones", "actividad", "actividades", "medida", "medidas"],
    "description": ["description", "descripcion", "remarks", "observations", "observaciones"],
}  # fmt: skip
FIELD_LABELS = {
    "objective": _("Objective"),
    "action": _("Action"),
    "lead": _("Lead agency"),
    "supporting": _("Supporting agencies"),
    "indicator": _("Indicators"),
    "timeline": _("Timeline"),
    "budget": _("Budget (kept as text)"),
    "pillar": _("Pillar"),
    "description": _("Description"),
    IGNORE: _("Ignore this column"),
}
FIELDS = list(FIELD_LABELS)
LEADING_LABEL = (
    r"(?:objective|objectif|objetivo|action|activity|activite|activité|acción|accion|"
    r"actividad|indicator|indicateur|indicador|outcome|output|result|résultat|resultado)"
)
LEADING_CODE = re.compile(
    rf"^\s*(?:{LEADING_LABEL}\s*)?([A-Za-z]?\d+(?:[.\-]\d+)*[a-z]?)\s*[.):\-–]?\s+(?=\S)",
    re.IGNORECASE,
)
ITEM_START = re.compile(r"^\s*(?:[•▪●◦*\-–]|\d+[.)]|[a-z][.)])\s*")
YEAR = re.compile(r"\b(19[9]\d|2[01]\d\d)\b")


@dataclass
class Row:
    key: str  # "<table id>:<row index>", what the review form ticks
    page: int
    cells: list[str]


@dataclass
class Matrix:
    key: int  # id of its first table
    page: int
    headers: list[str]
    fields: list[str]  # the guessed meaning of each column
    rows: list[Row] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.headers)


def column_field(header: str) -> str:
    cut = " " + " ".join(words(header or "")) + " "
    for name, phrases in HEADER_WORDS.items():
        if any(f" {' '.join(words(phrase))} " in cut for phrase in phrases):
            return name
    return IGNORE


def _clean(row) -> list[str]:
    return [" ".join(str(cell).split()) if cell else "" for cell in row]


def header_fields(row: list[str]) -> list[str] | None:
    fields = [column_field(cell) for cell in row]
    known = set(fields) - {IGNORE}
    if ({"action", "objective"} & known) and len(known) >= 2:
        return fields
    return None


def find_matrices(tables) -> list[Matrix]:
    """Action matrices among a document's tables (in page order). A table without
    headers right after a matrix, with as many columns, continues it (page breaks)."""
    matrices: list[Matrix] = []
    for table in tables:
        rows = [_raw(row) for row in table.rows]
        start = _header_index(rows)
        if start is not None and _repeats_header(matrices, table, rows[start]):
            _add_rows(matrices[-1], table, rows, start + 1)
        elif start is not None:
            fields = header_fields(_clean(rows[start]))
            matrix = Matrix(table.pk, table.page_number, _clean(rows[start]), fields)
            matrices.append(matrix)
            _add_rows(matrix, table, rows, start + 1)
        elif _continues(matrices, table, rows):
            _add_rows(matrices[-1], table, rows, 0)
    return [m for m in matrices if m.rows]


def _raw(row) -> list[str]:
    """Cell text with its line breaks (they separate items in a list of indicators)."""
    return [str(cell).strip() if cell else "" for cell in row]


def _header_index(rows) -> int | None:
    for index, row in enumerate(rows[:2]):
        if header_fields(_clean(row)):
            return index
    return None


def _continues(matrices: list[Matrix], table, rows) -> bool:
    if not matrices or not rows:
        return False
    last = matrices[-1]
    previous_page = last.rows[-1].page if last.rows else last.page
    return len(rows[0]) == last.width and table.page_number in (previous_page, previous_page + 1)


def _repeats_header(matrices: list[Matrix], table, header) -> bool:
    """Long matrices print their headers again on every page."""
    if not _continues(matrices, table, [header]):
        return False
    return [folded(c) for c in _clean(header)] == [folded(c) for c in matrices[-1].headers]


def _add_rows(matrix: Matrix, table, rows, start: int) -> None:
    header = [" ".join(words(cell)) for cell in matrix.headers]
    for index in range(start, len(rows)):
        cells = (rows[index] + [""] * matrix.width)[: matrix.width]
        if not any(cells) or [" ".join(words(c)) for c in cells] == header:
            continue  # empty rows, and headers repeated on a new page
        matrix.rows.append(Row(f"{table.pk}:{index}", table.page_number, cells))


# From cells to proposed elements -----------------------------------------------------


@dataclass
class RowInput:
    """One ticked row read with the reviewer's column meanings. Objective and pillar
    cells left empty take the value above (merged cells in the printed matrix)."""

    key: str
    page: int
    number: int  # row number within its matrix, for messages
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def row_inputs(matrix: Matrix, mapping: list[str], ticked: set[str]) -> list[RowInput]:
    carried: dict[str, str] = {}
    chosen = []
    for number, row in enumerate(matrix.rows, start=1):
        values: dict[str, str] = {}
        for name, cell in zip(mapping, row.cells, strict=False):
            if name != IGNORE and cell:
                values[name] = f"{values[name]}\n{cell}" if name in values else cell
        for name in ("pillar", "objective"):
            if values.get(name):
                carried[name] = values[name]
                if name == "pillar":
                    carried.pop("objective", None)
            elif name in carried:
                values[name] = carried[name]
        if row.key in ticked:
            chosen.append(RowInput(row.key, row.page, number, values))
    return chosen


def one_line(text: str) -> str:
    return " ".join(text.split())


def split_code(text: str) -> tuple[str, str]:
    """("1.2", "Increase …") from "Objective 1.2: Increase …"; ("", text) without a code."""
    text = one_line(text)
    match = LEADING_CODE.match(text)
    if not match:
        return "", text
    return match.group(1), text[match.end() :]


def split_items(text: str) -> list[str]:
    """Items of a cell: separated by ";" or by lines that start with a bullet or a
    number, or that follow a line ending a sentence. Other lines are the same item
    wrapped by the printed table."""
    items: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        starts_item = bool(ITEM_START.match(line)) or not items or items[-1].endswith((".", ";"))
        line = ITEM_START.sub("", line, count=1) if ITEM_START.match(line) else line
        if starts_item:
            items.append(line)
        else:
            items[-1] = f"{items[-1]} {line}"
    return [one_line(part) for item in items for part in item.split(";") if part.strip()]


def years(text: str) -> tuple[int | None, int | None]:
    found = sorted(int(y) for y in YEAR.findall(text or ""))
    return (found[0], found[-1]) if found else (None, None)


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def agency_keys(name: str) -> set[str]:
    """Ways a printed cell may name an agency: its full name, without the part in
    brackets, and the abbreviation in brackets ("Ministry of Defence (MoD)")."""
    keys = {" ".join(words(name))}
    bracketed = re.findall(r"\(([^)]*)\)", name)
    keys.add(" ".join(words(re.sub(r"\([^)]*\)", " ", name))))
    keys.update(" ".join(words(part)) for part in bracketed)
    return {key for key in keys if key}


def agency_names(text: str, known: dict[str, object]) -> list[tuple[str, object | None]]:
    """Each agency a cell names, with the registered agency it matches (or None).
    Commas separate agencies only when every part is a known agency: many ministries
    have commas in their names."""
    found = []
    for item in split_items(text):
        agency = _known(item, known)
        if agency is None and "," in item:
            parts = [part.strip() for part in item.split(",") if part.strip()]
            matched = [_known(part, known) for part in parts]
            if all(matched):
                found.extend(zip(parts, matched, strict=True))
                continue
        found.append((item, agency))
    return found


def _known(text: str, known: dict[str, object]):
    for key in agency_keys(text):
        if key in known:
            return known[key]
    return None


# The proposal: what accepting the ticked rows would create ---------------------------

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
CODE_MAX = 20
TITLE_MAX = 500


def folded(text: str) -> str:
    return " ".join(words(text))


class Codes:
    """Codes already used in the plan (or claimed by this proposal)."""

    def __init__(self, taken):
        self.taken = set(taken)

    def claim(self, wanted: str, prefix: str, short_prefix: str) -> str:
        if wanted and len(wanted) <= CODE_MAX and CODE.match(wanted) and wanted not in self.taken:
            self.taken.add(wanted)
            return wanted
        number = 1
        while True:
            code = f"{prefix}{number}"
            if len(code) > CODE_MAX:
                code = f"{short_prefix}{number}"
            if code not in self.taken:
                self.taken.add(code)
                return code
            number += 1


@dataclass
class Context:
    """What the plan already holds, loaded once by the service."""

    document_title: str
    objectives_by_code: dict[str, object]
    objectives_by_title: dict[str, object]
    action_codes: set[str]
    action_titles: set[tuple[int, str]]  # (objective id, folded title)
    indicator_codes: set[str]
    agencies: dict[str, object]  # agency_keys -> Organization
    pillars: dict[str, str]  # choice value -> pillar name
    default_pillar: str


@dataclass
class NewObjective:
    code: str
    title: str
    pillar: str  # a choice value of Context.pillars
    existing: object = None
    pillar_note: str = ""
    pillar_name: str = ""

    @property
    def key(self) -> str:
        return folded(f"{self.code} {self.title}")


@dataclass
class NewIndicator:
    code: str
    name: str


@dataclass
class NewAction:
    row: RowInput
    objective: NewObjective
    code: str = ""
    title: str = ""
    description: str = ""
    start_year: int | None = None
    end_year: int | None = None
    lead: object = None
    supporting: list = field(default_factory=list)
    unknown_agencies: list[str] = field(default_factory=list)
    indicators: list[NewIndicator] = field(default_factory=list)
    skipped: str = ""


@dataclass
class Proposal:
    objectives: list[NewObjective] = field(default_factory=list)
    actions: list[NewAction] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pillars: dict[str, str] = field(default_factory=dict)
    accepted: bool = False

    @property
    def new_objectives(self) -> list[NewObjective]:
        return [o for o in self.objectives if o.existing is None]

    @property
    def new_actions(self) -> list[NewAction]:
        return [a for a in self.actions if not a.skipped]

    @property
    def responsibility_count(self) -> int:
        return sum((a.lead is not None) + len(a.supporting) for a in self.new_actions)

    @property
    def indicator_count(self) -> int:
        return sum(len(a.indicators) for a in self.new_actions)

    @property
    def unknown_agencies(self) -> list[str]:
        names = [n for a in self.new_actions for n in a.unknown_agencies]
        return list(dict.fromkeys(names))

    def summary(self) -> dict[str, int]:
        return {
            "objectives": len(self.new_objectives),
            "actions": len(self.new_actions),
            "responsibilities": self.responsibility_count,
            "indicators": self.indicator_count,
        }


def where(row: RowInput) -> str:
    return _("Page %(page)s, row %(row)s") % {"page": row.page, "row": row.number}


def build_proposal(rows: list[RowInput], context: Context, unit: str) -> Proposal:
    proposal = Proposal(pillars=context.pillars)
    if not rows:
        proposal.errors.append(_("Tick at least one row to add."))
        return proposal
    objective_codes = Codes(context.objectives_by_code)
    action_codes = Codes(context.action_codes)
    indicator_codes = Codes(context.indicator_codes)
    objectives: dict[str, NewObjective] = {}
    for row in rows:
        objective = _objective_for(row, context, objectives, objective_codes, proposal)
        if objective is None or not row.get("action"):
            continue
        action = _action_for(row, objective, context, action_codes, indicator_codes)
        proposal.actions.append(action)
    proposal.objectives = list(objectives.values())
    if proposal.indicator_count and not unit.strip():
        proposal.errors.append(_("Give the unit of the new indicators (such as %, number)."))
    if not proposal.errors and not proposal.new_objectives and not proposal.new_actions:
        proposal.errors.append(_("Everything ticked is already in the plan."))
    return proposal


def _objective_for(row, context, objectives, codes, proposal) -> NewObjective | None:
    text = row.get("objective")
    if not text:
        if row.get("action"):
            message = _(
                "%(where)s: this action has no objective. Map a column to Objective, or "
                "tick the row above that names it."
            )
            proposal.errors.append(message % {"where": where(row)})
        return None
    code, title = split_code(text)
    existing = context.objectives_by_code.get(code) or context.objectives_by_title.get(
        folded(title)
    )
    key = folded(text)
    if key in objectives:
        return objectives[key]
    pillar, note = _pillar_for(row, context)
    if existing is not None:
        objective = NewObjective(existing.code, existing.title, pillar, existing)
    else:
        code = codes.claim(code, "O", "O")
        objective = NewObjective(
            code, shorten(title, TITLE_MAX), pillar, None, note, context.pillars[pillar]
        )
    objectives[key] = objective
    return objective


def _pillar_for(row, context) -> tuple[str, str]:
    text = row.get("pillar")
    if not text:
        return context.default_pillar, ""
    by_name = {folded(name): value for value, name in context.pillars.items()}
    value = by_name.get(folded(text))
    if value:
        return value, ""
    note = _("No pillar is named “%(name)s”; the chosen pillar is used.") % {"name": text}
    return context.default_pillar, note


def _action_for(row, objective, context, action_codes, indicator_codes) -> NewAction:
    code, text = split_code(row.get("action"))
    action = NewAction(row=row, objective=objective, title=shorten(text, TITLE_MAX))
    if objective.existing is not None and (
        (objective.existing.pk, folded(text)) in context.action_titles
    ):
        action.skipped = _("already in the plan")
        return action
    action.code = action_codes.claim(code, f"{objective.code}.", "A")
    action.start_year, action.end_year = years(row.get("timeline"))
    action.description = _description(row, text, action.title != text, context)
    _agencies(action, row, context)
    for item in split_items(row.get("indicator")):
        wanted, name = split_code(item)
        indicator_code = indicator_codes.claim(wanted, f"{action.code}-", "I")
        action.indicators.append(NewIndicator(indicator_code, shorten(name, TITLE_MAX)))
    return action


def _description(row, text: str, shortened: bool, context) -> str:
    lines = [text] if shortened else []
    if row.get("description"):
        lines.append(one_line(row.get("description")))
    if row.get("timeline"):
        lines.append(_("Timeline as printed: %(text)s") % {"text": one_line(row.get("timeline"))})
    if row.get("budget"):
        lines.append(_("Budget as printed: %(text)s") % {"text": one_line(row.get("budget"))})
    source = _("From “%(title)s”, page %(page)s.")
    lines.append(source % {"title": context.document_title, "page": row.page})
    return "\n".join(lines)


def _agencies(action: NewAction, row, context) -> None:
    """The first known agency of the lead column leads; every other one supports."""
    seen = set()
    named = [(True, *pair) for pair in agency_names(row.get("lead"), context.agencies)]
    named += [(False, *pair) for pair in agency_names(row.get("supporting"), context.agencies)]
    for in_lead_column, name, agency in named:
        if agency is None:
            action.unknown_agencies.append(name)
        elif agency.pk in seen:
            continue
        elif in_lead_column and action.lead is None:
            action.lead = agency
        else:
            action.supporting.append(agency)
        if agency is not None:
            seen.add(agency.pk)
