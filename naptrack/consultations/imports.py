"""Reading a facilitator's spreadsheet or a KoboToolbox/ODK export (CSV or XLSX) into
offline input. Each row is one participant (a paper form, a survey submission): when and
where, in which language, their sex and age, and what they said, as free text about a part
of the draft and/or as answers in one column per question. Rows of the same day, place and
language become one record (an InputSession) with its participants counted by sex and age.

The user maps their column headers to our fields (the mapping is kept per consultation).
Every row is checked before anything is written; a file with any error writes nothing and
the errors are listed by row and column. Hostile files are refused with a reason: too big,
not CSV/XLSX, damaged, expanding archives (the plan importer's checks), cells that a
spreadsheet would run as a formula, overlong text.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from naptrack.consultations.choices import AgeBand, Sex, age_band_of
from naptrack.consultations.selectors import Part, draft_parts
from naptrack.consultations.validators import held_on_checked, point_text_checked
from naptrack.core.spreadsheets import is_formula_like
from naptrack.plans.spreadsheet import SpreadsheetRefused, open_workbook

MAX_ROWS = 20_000
MAX_TEXT = 10_000
MAX_ERRORS = 200

# Our fields, in the order the mapping form shows them; question columns come after.
FIELDS = {
    "held_on": _lazy("Date"),
    "district": _lazy("Place (district)"),
    "language": _lazy("Language"),
    "sex": _lazy("Sex"),
    "age": _lazy("Age or age band"),
    "part": _lazy("Part of the draft (code such as 1.2, O1, Q1, P12)"),
    "text": _lazy("Point raised"),
    "contact_email": _lazy("Email to hear back"),
}
REQUIRED = ("held_on", "district")
# What a KoboToolbox form built from our printable form would call its columns.
DEFAULT_MAPPING = {
    "held_on": "date",
    "district": "district",
    "language": "language",
    "sex": "sex",
    "age": "age",
    "part": "part",
    "text": "text",
    "contact_email": "email",
}
SEX_WORDS = {
    Sex.WOMAN: {"woman", "women", "female", "f", "w", "girl"},
    Sex.MAN: {"man", "men", "male", "m", "boy"},
    Sex.OTHER: {"other", "", "not said", "prefer not to say", "x"},
}
AGE_RANGE = re.compile(r"^(\d{1,3})\s*[-–]\s*(\d{1,3})$")


@dataclass
class RowError:
    row: int | None  # the spreadsheet's row number (the header is row 1); None: the file
    column: str
    message: str


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(e.message for e in errors[:3]))


def refused(message: str, column: str = "") -> ImportRefused:
    return ImportRefused([RowError(None, column, message)])


# ---- Reading the file --------------------------------------------------------------------


def _max_bytes() -> int:
    return settings.NAPTRACK_MAX_SPREADSHEET_BYTES


def read_table(upload) -> tuple[list[str], list[list]]:
    """The header and the rows of a CSV or XLSX upload, or ImportRefused."""
    name = (upload.name or "").lower()
    if upload.size > _max_bytes():
        raise refused(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(_max_bytes())}
        )
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(upload)
    elif name.endswith(".csv"):
        rows = _csv_rows(upload)
    else:
        raise refused(_("Upload a .csv or .xlsx file (a KoboToolbox or ODK export works)."))
    if not rows or not any(_cell_text(value) for value in rows[0]):
        raise refused(_("The file is empty: the first row must name the columns."))
    if len(rows) - 1 > MAX_ROWS:
        raise refused(_("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS})
    return [_cell_text(value) for value in rows[0]], rows[1:]


def _csv_rows(upload) -> list[list]:
    data = upload.read()
    if b"\x00" in data:
        raise refused(_("This is not a CSV text file. Export it again as CSV."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refused(_("The CSV file is not UTF-8 text. Export it as 'CSV UTF-8'.")) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # one column, or a sample the sniffer cannot tell: commas
    try:
        return [row for row in csv.reader(io.StringIO(text), dialect) if row]
    except csv.Error as exc:
        raise refused(_("The CSV file cannot be read: %(why)s.") % {"why": exc}) from exc


def _xlsx_rows(upload) -> list[list]:
    """The first sheet's rows. The workbook is checked by the plan importer's opener
    (size, archive, expansion), then read again without cached values so that a
    formula shows as the formula it is and is refused."""
    try:
        open_workbook(upload).close()
        upload.seek(0)
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=False)
    except SpreadsheetRefused as exc:
        raise refused(str(exc)) from exc
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise refused(_("The workbook cannot be read. Save it again as .xlsx.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS + 1:
                break
            if any(value not in (None, "") for value in row):
                rows.append(list(row))
        return rows
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ---- The mapping -------------------------------------------------------------------------


def mapping_fields(consultation) -> dict:
    """Our fields and one per question ("question:<pk>"), with their labels."""
    fields = dict(FIELDS)
    for question in consultation.questions.all():
        label = _("Answer to Q%(n)s: %(text)s") % {"n": question.position, "text": question.text}
        fields[f"question:{question.pk}"] = label[:120]
    return fields


def column_indexes(headers: list[str], mapping: dict) -> dict[str, int]:
    """Our field -> the index of its column, or ImportRefused naming the missing ones."""
    positions = {header.casefold(): n for n, header in enumerate(headers) if header}
    indexes, errors = {}, []
    for ours, theirs in mapping.items():
        theirs = (theirs or "").strip()
        if not theirs:
            continue
        if theirs.casefold() not in positions:
            message = _("No column '%(col)s' in the file (its columns: %(cols)s).") % {
                "col": theirs,
                "cols": ", ".join(h for h in headers if h)[:500],
            }
            errors.append(RowError(None, theirs, message))
        else:
            indexes[ours] = positions[theirs.casefold()]
    for ours in REQUIRED:
        if ours not in indexes and not any(e.column == mapping.get(ours) for e in errors):
            errors.append(
                RowError(None, ours, _("Say which column holds: %(f)s.") % {"f": FIELDS[ours]})
            )
    if not any(k == "text" or k.startswith("question:") for k in indexes) and not errors:
        errors.append(RowError(None, "text", _("Map the point's column or a question's.")))
    if errors:
        raise ImportRefused(errors)
    return indexes


# ---- Rows --------------------------------------------------------------------------------


class BadValue(Exception):
    pass


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _cell_text(value)
    try:  # ISO dates; KoboToolbox adds the time to `start`/`end` columns
        return datetime.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise BadValue(_("'%(v)s' is not a date (use YYYY-MM-DD).") % {"v": text[:40]}) from exc


def parse_sex(value) -> str:
    text = _cell_text(value).casefold()
    for sex, words in SEX_WORDS.items():
        if text in words or text == sex:
            return sex
    raise BadValue(_("'%(v)s' is not a sex we know (woman, man, other).") % {"v": text[:40]})


def parse_age(value) -> str:
    text = _cell_text(value).casefold().replace(" ", "")
    if not text:
        return AgeBand.UNKNOWN
    if text in AgeBand.values:
        return text
    if text.isdigit() and int(text) <= 120:
        return age_band_of(int(text))
    if text.endswith("+") and text[:-1].isdigit():
        return age_band_of(int(text[:-1]))
    match = AGE_RANGE.match(text)
    if match and age_band_of(int(match[1])) == age_band_of(int(match[2])):
        return age_band_of(int(match[1]))
    raise BadValue(_("'%(v)s' is not an age or one of our age bands.") % {"v": text[:40]})


def part_lookup(consultation) -> dict[str, Part]:
    """The codes a row may use for a part: "1.2" (an action, else an objective),
    "A1.2", "O1", "Q1", "P12" (paragraph 12 of the draft text), case-insensitive."""
    codes: dict[str, Part] = {}
    for part in draft_parts(consultation):
        kind = part.key.split(":")[0]
        if kind == "question":
            codes[f"q{part.target.position}"] = part
            continue
        if kind == "paragraph":
            codes[f"p{part.target.number}"] = part
            continue
        code = str(part.target.code).casefold()
        codes[f"{kind[0]}{code}"] = part
        if kind == "action" or code not in codes:
            codes[code] = part
    return codes


@dataclass
class Row:
    number: int
    held_on: datetime.date
    district: str
    language: str
    sex: str
    age_band: str
    points: list[dict] = field(default_factory=list)


def _text_cell(values, indexes, name) -> str:
    position = indexes.get(name)
    if position is None or position >= len(values):
        return ""
    value = values[position]
    if is_formula_like(value):
        raise BadValue(_("It starts like a formula (= + - @); remove that character."))
    text = _cell_text(value)
    if len(text) > MAX_TEXT:
        raise BadValue(_("Longer than %(n)s characters.") % {"n": MAX_TEXT})
    return text


@dataclass
class RowReader:
    """Reads one row into a Row, collecting every bad cell with its column header."""

    consultation: object
    headers: list[str]
    indexes: dict[str, int]
    mapping: dict
    default_language: str
    codes: dict
    questions: dict
    errors: list = field(default_factory=list)

    def cell(self, number, values, name, parse=None, default=""):
        try:
            text = _text_cell(values, self.indexes, name)
            if name in self.indexes and parse is not None:
                raw = values[self.indexes[name]] if self.indexes[name] < len(values) else None
                return parse(raw if isinstance(raw, datetime.date) else text)
            return text or default
        except BadValue as exc:
            column = self.mapping.get(name, name)
            self.errors.append(RowError(number, column, str(exc)))
            return None

    def check(self, number: int, name: str, check, *args):
        """Runs a shared validator; its error is told against this row's column."""
        try:
            return check(*args)
        except ValidationError as exc:
            self.errors.append(RowError(number, self.mapping.get(name, name), exc.messages[0]))
            return None

    def read(self, number: int, values: list) -> Row | None:
        held_on = self.cell(number, values, "held_on", parse_date)
        if held_on is not None:
            self.check(number, "held_on", held_on_checked, self.consultation, held_on)
        district = self.cell(number, values, "district")
        if district == "":
            self.errors.append(RowError(number, self.mapping["district"], _("Say where.")))
        row = Row(
            number=number,
            held_on=held_on,
            district=district,
            language=self.cell(number, values, "language", default=self.default_language),
            sex=self.cell(number, values, "sex", parse_sex) or Sex.OTHER,
            age_band=self.cell(number, values, "age", parse_age) or AgeBand.UNKNOWN,
        )
        row.points = self.points(number, values)
        return row

    def part(self, number: int, values: list):
        """The part of the draft the row's code names, or None (the whole draft)."""
        code = (self.cell(number, values, "part") or "").casefold().replace(" ", "")
        part = self.codes.get(code) if code else None
        if code and part is None:
            message = _("No part of the draft has the code '%(c)s'.") % {"c": code[:40]}
            self.errors.append(RowError(number, self.mapping["part"], message))
        return part.target if part else None

    def points(self, number: int, values: list) -> list[dict]:
        email = self.cell(number, values, "contact_email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                column = self.mapping["contact_email"]
                self.errors.append(RowError(number, column, _("Not an email address.")))
        points = []
        text = self.cell(number, values, "text")
        if text:
            part = self.part(number, values)
            if self.check(number, "text", point_text_checked, text):
                points.append({"text": text, "part": part, "contact_email": email or ""})
        for key, question in self.questions.items():
            answer = self.cell(number, values, key)
            if answer and self.check(number, key, point_text_checked, answer):
                points.append({"text": answer, "part": question, "contact_email": email or ""})
        return points


def read_rows(consultation, upload, mapping: dict, default_language: str) -> list[Row]:
    """Every row of the file as a Row, or ImportRefused with every bad cell."""
    headers, rows = read_table(upload)
    indexes = column_indexes(headers, mapping)
    reader = RowReader(
        consultation=consultation,
        headers=headers,
        indexes=indexes,
        mapping=mapping,
        default_language=default_language,
        codes=part_lookup(consultation),
        questions={f"question:{q.pk}": q for q in consultation.questions.all()},
    )
    read = []
    for number, values in enumerate(rows, start=2):
        if not any(_cell_text(v) for v in values):
            continue
        read.append(reader.read(number, list(values)))
        if len(reader.errors) >= MAX_ERRORS:
            break
    if reader.errors:
        raise ImportRefused(reader.errors[:MAX_ERRORS])
    if not read:
        raise refused(_("The file has a header but no rows."))
    return read
