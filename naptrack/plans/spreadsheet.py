"""The structure as a workbook: its layout, reading an uploaded one, and writing one.

Reading never writes to the database: it turns a workbook into a StructureSheet and
a list of CellErrors, naming every bad cell. services.structure_import decides what
to do with them. openpyxl never evaluates formulas; we open workbooks read-only with
cached values only, so a formula contributes at most the value its author saw.
"""

import datetime
import decimal
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from naptrack.core.files import sniff_file
from naptrack.core.spreadsheets import sheet_append
from naptrack.plans.choices import PERIOD_PATTERN, SDG_PATTERN, BudgetKind
from naptrack.plans.validators import validate_code, validate_currency

MAX_ROWS = 5000
# A ZIP that expands far beyond its size is a zip bomb, not a plan.
MAX_EXPANSION = 20

ACTIONS, INDICATORS, BUDGET, README = "Actions", "Indicators", "Budget", "README"
TARGET_PREFIX = "target "


@dataclass(frozen=True)
class Column:
    header: str
    help: str
    required: bool = False
    max_length: int | None = None


ACTION_COLUMNS = [
    Column("pillar", _lazy("Pillar name: one of the plan's pillars, or a new one."), True, 200),
    Column(
        "objective code", _lazy("Code of the objective, such as 1.2. Unique in the plan."), True, 20
    ),
    Column(
        "objective", _lazy("Objective title; needed on the objective's first row only."), False, 500
    ),
    Column(
        "action code", _lazy("Code of the action, such as 1.2.3. Unique in the plan."), False, 20
    ),
    Column(
        "action",
        _lazy(
            "Action title. Leave action code and action empty for an objective with no actions yet."
        ),
        False,
        500,
    ),
    Column("description", _lazy("What the action does (optional).")),
    Column("start year", _lazy("First year of the action's timeframe, such as 2025 (optional).")),
    Column("end year", _lazy("Last year of the timeframe; not before the start year (optional).")),
    Column("lead agency", _lazy("Name of the one government agency that leads (optional).")),
    Column(
        "supporting agencies", _lazy("Names of supporting agencies, separated by ';' (optional).")
    ),
]
INDICATOR_COLUMNS = [
    Column(
        "action code", _lazy("The action (on sheet Actions) this indicator measures."), True, 20
    ),
    Column(
        "indicator code",
        _lazy("Code of the indicator, such as 1.2.3.a. Unique in the plan."),
        True,
        20,
    ),
    Column("indicator", _lazy("What is measured."), True, 500),
    Column("unit", _lazy("Unit, such as %, number, women."), True, 60),
    Column("baseline", _lazy("Baseline value (a number); empty or 'unknown' when unknown.")),
    Column("baseline date", _lazy("Date of the baseline (YYYY-MM-DD); needs a baseline value.")),
    Column("data source", _lazy("Where the values come from (optional)."), False, 500),
    Column("by sex", _lazy("Disaggregated by sex: yes or no (empty = no).")),
    Column("by age", _lazy("Disaggregated by age: yes or no (empty = no).")),
    Column("by location", _lazy("Disaggregated by location: yes or no (empty = no).")),
    Column(
        "UN indicator",
        _lazy(
            "Number of the UN Secretary-General's global indicator on 1325, such as 1a or 14 "
            "(optional)."
        ),
    ),
    Column("SDG indicator", _lazy("SDG indicator number, such as 5.5.1 or 16.a.1 (optional).")),
]
TARGET_HELP = _lazy(
    "One column per period, headed 'target 2025', 'target 2025-H1' or 'target 2025-Q3'; "
    "a number, or empty for no target in that period."
)
BUDGET_COLUMNS = [
    Column(
        "action code", _lazy("The action (on sheet Actions) this budget line belongs to."), True, 20
    ),
    Column("amount", _lazy("Amount, a number of at least 0, with at most 2 decimals."), True),
    Column("currency", _lazy("ISO 4217 currency code, such as USD, EUR, KES."), True),
    Column("kind", _lazy("allocated, estimated or spent."), True),
    Column(
        "funding source", _lazy("Who pays: a ministry, a donor, a fund (optional)."), False, 300
    ),
]
LAYOUT = {ACTIONS: ACTION_COLUMNS, INDICATORS: INDICATOR_COLUMNS, BUDGET: BUDGET_COLUMNS}


class SpreadsheetRefused(Exception):
    """The file as a whole cannot be read: not XLSX, damaged or too big."""


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int | None
    column: int | None
    header: str
    message: str

    def __str__(self) -> str:
        where = [_("Sheet %(sheet)s") % {"sheet": self.sheet}]
        if self.row:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            letter = get_column_letter(self.column)
            where.append(
                _("column %(letter)s (%(header)s)") % {"letter": letter, "header": self.header}
            )
        return f"{', '.join(where)}: {self.message}"


@dataclass
class ObjectiveRow:
    code: str
    title: str
    pillar: str
    row: int


@dataclass
class ActionRow:
    code: str
    objective_code: str
    title: str
    description: str
    start_year: int | None
    end_year: int | None
    lead: object | None  # an accounts.Organization
    supporting: list
    row: int


@dataclass
class IndicatorRow:
    code: str
    action_code: str
    name: str
    unit: str
    baseline_value: decimal.Decimal | None
    baseline_date: datetime.date | None
    data_source: str
    disaggregated_by_sex: bool
    disaggregated_by_age: bool
    disaggregated_by_location: bool
    standard_indicator: object | None  # a registry.StandardIndicator
    sdg_indicator: str
    targets: dict[str, decimal.Decimal]
    row: int


@dataclass
class BudgetRow:
    action_code: str
    amount: decimal.Decimal
    currency: str
    kind: str
    funding_source: str
    row: int


@dataclass
class StructureSheet:
    """What a valid workbook says the whole structure is, in sheet order."""

    pillars: list[str] = field(default_factory=list)
    objectives: dict[str, ObjectiveRow] = field(default_factory=dict)
    actions: dict[str, ActionRow] = field(default_factory=dict)
    indicators: dict[str, IndicatorRow] = field(default_factory=dict)
    budget: list[BudgetRow] = field(default_factory=list)


class BadCell(Exception):
    pass


# ---- Opening the file -------------------------------------------------------------


def max_bytes() -> int:
    return settings.NAPTRACK_MAX_SPREADSHEET_BYTES


def open_workbook(uploaded):
    """The workbook, read-only with cached values; SpreadsheetRefused with the reason."""
    limit = max_bytes()
    if uploaded.size > limit:
        raise SpreadsheetRefused(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
        )
    data = uploaded.read()
    not_xlsx = _(
        "This file is not an XLSX workbook. Save it from your spreadsheet program as "
        "'Excel Workbook (.xlsx)' and upload it again."
    )
    damaged = _("The file is damaged (an incomplete or corrupt XLSX archive). Save it again.")
    kind = sniff_file(io.BytesIO(data)).kind  # the one sniffer: core.files
    if kind == "damaged_zip":
        raise SpreadsheetRefused(damaged)
    if kind != "xlsx":
        raise SpreadsheetRefused(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > limit * MAX_EXPANSION:
                raise SpreadsheetRefused(_("The workbook expands to more data than a plan holds."))
            if archive.testzip() is not None:
                raise zipfile.BadZipFile
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise SpreadsheetRefused(damaged) from exc
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise SpreadsheetRefused(
            _("The workbook cannot be read (%(reason)s). Save it again as .xlsx.")
            % {"reason": type(exc).__name__}
        ) from exc


# ---- Reading cells ----------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        raise BadCell(_("expected text, found a date"))
    return str(value).strip()


def _code(value) -> str:
    code = _text(value)
    if code:
        try:
            validate_code(code)
        except ValidationError as exc:
            raise BadCell(
                _("'%(code)s' is not a valid code: %(why)s")
                % {"code": code, "why": exc.messages[0]}
            ) from exc
    return code


def _decimal(value, *, places: int, digits: int, minimum=None) -> decimal.Decimal | None:
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "unknown")):
        return None
    if isinstance(value, bool) or isinstance(value, datetime.date | datetime.datetime):
        raise BadCell(_("expected a number"))
    try:
        number = decimal.Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except decimal.InvalidOperation as exc:
        raise BadCell(_("'%(value)s' is not a number") % {"value": value}) from exc
    if not number.is_finite():
        raise BadCell(_("'%(value)s' is not a number") % {"value": value})
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise BadCell(_("'%(value)s' has more than %(n)s decimals") % {"value": value, "n": places})
    if abs(number) >= 10 ** (digits - places):
        raise BadCell(_("'%(value)s' is too large") % {"value": value})
    if minimum is not None and number < minimum:
        raise BadCell(_("'%(value)s' is below %(min)s") % {"value": value, "min": minimum})
    return number


def _year(value) -> int | None:
    if value is None or value == "":
        return None
    text = _text(value)
    if not re.fullmatch(r"[12][0-9]{3}", text) or not 1990 <= int(text) <= 2200:
        raise BadCell(_("'%(value)s' is not a year such as 2025") % {"value": text})
    return int(text)


def _date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise BadCell(_("'%(value)s' is not a date such as 2024-12-31") % {"value": value}) from exc


def _yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in ("", "no", "n", "false", "0"):
        return False
    if text in ("yes", "y", "true", "1"):
        return True
    raise BadCell(_("'%(value)s' is not yes or no") % {"value": text})


# ---- Reading sheets ---------------------------------------------------------------


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


class _SheetReader:
    """Maps a sheet's header row to columns and reads its data rows."""

    def __init__(self, workbook, name: str, errors: list[CellError]):
        self.name, self.errors = name, errors
        self.rows: list[tuple[int, tuple]] = []
        self.columns: dict[str, int] = {}
        self.targets: dict[str, int] = {}
        sheet = next((ws for ws in workbook.worksheets if ws.title.lower() == name.lower()), None)
        if sheet is None:
            self.error(None, None, "", _("the sheet is missing (see the template)."))
            return
        rows = sheet.iter_rows(values_only=True)
        self._read_header(next(rows, ()))
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                self.error(number, None, "", _("too many rows (at most %(n)s).") % {"n": MAX_ROWS})
                break
            if any(_filled(value) for value in values):
                self.rows.append((number, values))

    def error(self, row, column, header, message) -> None:
        self.errors.append(CellError(self.name, row, column, header, message))

    def _read_header(self, values) -> None:
        known = {c.header.lower(): c for c in LAYOUT[self.name]}
        for index, value in enumerate(values, start=1):
            header = _text(value).lower() if not isinstance(value, datetime.date) else ""
            if not header:
                continue
            if header in self.columns or header in self.targets:
                self.error(1, index, header, _("this column appears twice."))
            elif header in known:
                self.columns[header] = index
            elif self.name == INDICATORS and header.startswith(TARGET_PREFIX):
                period = header[len(TARGET_PREFIX) :].strip().upper()
                if not re.fullmatch(PERIOD_PATTERN, period):
                    self.error(
                        1,
                        index,
                        header,
                        _("'%(p)s' is not a period such as 2025, 2025-H1 or 2025-Q3.")
                        % {"p": period},
                    )
                elif period in self.targets:
                    self.error(1, index, header, _("this column appears twice."))
                else:
                    self.targets[period] = index
            else:
                self.error(1, index, header, _("unknown column (see the README sheet)."))
        for column in LAYOUT[self.name]:
            if column.header.lower() not in self.columns:
                self.error(1, None, "", _("the column '%(h)s' is missing.") % {"h": column.header})

    def complete(self) -> bool:
        return len(self.columns) == len(LAYOUT[self.name])

    def cell(self, row: int, values: tuple, header: str, parse=_text, **kwargs):
        """The parsed value of one cell; records an error and returns None if it is bad."""
        index = self.columns[header.lower()]
        raw = values[index - 1] if index <= len(values) else None
        return self._parse(row, index, header, raw, parse, **kwargs)

    def _parse(self, row, index, header, raw, parse, required=False, max_length=None, **kwargs):
        try:
            value = parse(raw, **kwargs)
        except BadCell as exc:
            self.error(row, index, header, str(exc))
            return None
        if required and value in (None, ""):
            self.error(row, index, header, _("this cell is required."))
            return None
        if max_length and isinstance(value, str) and len(value) > max_length:
            self.error(row, index, header, _("longer than %(n)s characters.") % {"n": max_length})
            return None
        return value

    def at(self, header: str) -> int:
        return self.columns[header.lower()]


def read_structure(workbook, *, agencies: dict, standard_indicators: dict) -> tuple:
    """(StructureSheet, [CellError]) for a workbook. `agencies` maps lower-cased names to
    the organizations this plan may name; `standard_indicators` maps lower-cased numbers."""
    errors: list[CellError] = []
    result = StructureSheet()
    readers = {name: _SheetReader(workbook, name, errors) for name in LAYOUT}
    if all(reader.complete() for reader in readers.values()):
        _read_actions(readers[ACTIONS], result, agencies)
        _read_indicators(readers[INDICATORS], result, standard_indicators)
        _read_budget(readers[BUDGET], result)
    return result, errors


def _required(column: Column) -> dict:
    return {"required": column.required, "max_length": column.max_length}


def _read_actions(sheet: _SheetReader, result: StructureSheet, agencies: dict) -> None:
    cols = {c.header: c for c in ACTION_COLUMNS}
    for row, values in sheet.rows:
        pillar = sheet.cell(row, values, "pillar", **_required(cols["pillar"]))
        objective_code = sheet.cell(
            row, values, "objective code", _code, **_required(cols["objective code"])
        )
        objective_title = sheet.cell(row, values, "objective", max_length=500)
        if pillar and objective_code:
            _merge_objective(sheet, result, row, pillar, objective_code, objective_title or "")
        code = sheet.cell(row, values, "action code", _code)
        title = sheet.cell(row, values, "action", max_length=500)
        if not code and not title:
            continue  # a row that only names an objective
        if not code:
            sheet.error(row, sheet.at("action code"), "action code", _("an action needs a code."))
        if not title:
            sheet.error(row, sheet.at("action"), "action", _("an action needs a title."))
        if code in result.actions:
            first = result.actions[code].row
            sheet.error(
                row,
                sheet.at("action code"),
                "action code",
                _("'%(code)s' is repeated (first on row %(first)s).")
                % {"code": code, "first": first},
            )
            continue
        start = sheet.cell(row, values, "start year", _year)
        end = sheet.cell(row, values, "end year", _year)
        if start and end and end < start:
            sheet.error(
                row,
                sheet.at("end year"),
                "end year",
                _("%(end)s is before the start year %(start)s.") % {"end": end, "start": start},
            )
        lead, supporting = _read_agencies(sheet, row, values, agencies)
        if code and title and objective_code:
            result.actions[code] = ActionRow(
                code=code,
                objective_code=objective_code,
                title=title,
                description=sheet.cell(row, values, "description") or "",
                start_year=start,
                end_year=end,
                lead=lead,
                supporting=supporting,
                row=row,
            )


def _merge_objective(sheet, result, row, pillar, code, title) -> None:
    if pillar.lower() not in (p.lower() for p in result.pillars):
        result.pillars.append(pillar)
    known = result.objectives.get(code)
    if known is None:
        if not title:
            sheet.error(
                row,
                sheet.at("objective"),
                "objective",
                _("objective %(code)s needs a title on its first row.") % {"code": code},
            )
        result.objectives[code] = ObjectiveRow(code=code, title=title, pillar=pillar, row=row)
        return
    if title and known.title and title != known.title:
        sheet.error(
            row,
            sheet.at("objective"),
            "objective",
            _(
                "objective %(code)s is titled '%(title)s' on row %(first)s; give it one title, "
                "or leave this cell empty."
            )
            % {"code": code, "title": known.title, "first": known.row},
        )
    if pillar.lower() != known.pillar.lower():
        sheet.error(
            row,
            sheet.at("pillar"),
            "pillar",
            _("objective %(code)s is under pillar '%(pillar)s' on row %(first)s.")
            % {"code": code, "pillar": known.pillar, "first": known.row},
        )


def _agency(sheet, row, column, name, agencies):
    agency = agencies.get(name.lower())
    if agency is None:
        close = difflib.get_close_matches(name.lower(), list(agencies), n=1)
        hint = _(" Did you mean '%(name)s'?") % {"name": agencies[close[0]].name} if close else ""
        sheet.error(
            row,
            sheet.at(column),
            column,
            _("no government agency named '%(name)s' is registered for this plan's owner.%(hint)s")
            % {"name": name, "hint": hint},
        )
    return agency


def _read_agencies(sheet, row, values, agencies):
    lead_name = sheet.cell(row, values, "lead agency")
    lead = _agency(sheet, row, "lead agency", lead_name, agencies) if lead_name else None
    supporting = []
    names = sheet.cell(row, values, "supporting agencies") or ""
    for name in (n.strip() for n in names.split(";")):
        agency = _agency(sheet, row, "supporting agencies", name, agencies) if name else None
        if agency is None:
            continue
        if agency == lead or agency in supporting:
            sheet.error(
                row,
                sheet.at("supporting agencies"),
                "supporting agencies",
                _("'%(name)s' is named twice for this action.") % {"name": name},
            )
        else:
            supporting.append(agency)
    return lead, supporting


def _read_indicators(sheet, result: StructureSheet, standard_indicators: dict) -> None:
    cols = {c.header: c for c in INDICATOR_COLUMNS}
    for row, values in sheet.rows:
        name = sheet.cell(row, values, "indicator", **_required(cols["indicator"]))
        unit = sheet.cell(row, values, "unit", **_required(cols["unit"]))
        source = sheet.cell(row, values, "data source", **_required(cols["data source"]))
        action_code = sheet.cell(row, values, "action code", _code, required=True)
        code = sheet.cell(row, values, "indicator code", _code, required=True)
        if action_code and action_code not in result.actions:
            sheet.error(
                row,
                sheet.at("action code"),
                "action code",
                _("no action '%(code)s' on sheet Actions.") % {"code": action_code},
            )
        if code in result.indicators:
            sheet.error(
                row,
                sheet.at("indicator code"),
                "indicator code",
                _("'%(code)s' is repeated (first on row %(first)s).")
                % {"code": code, "first": result.indicators[code].row},
            )
            continue
        baseline = sheet.cell(row, values, "baseline", _decimal, places=4, digits=20)
        baseline_date = sheet.cell(row, values, "baseline date", _date)
        if baseline_date and baseline is None:
            sheet.error(
                row,
                sheet.at("baseline date"),
                "baseline date",
                _("a baseline date needs a baseline value."),
            )
        standard = _standard_indicator(sheet, row, values, standard_indicators)
        sdg = (sheet.cell(row, values, "SDG indicator") or "").lower()
        if sdg and not re.fullmatch(SDG_PATTERN, sdg):
            sheet.error(
                row,
                sheet.at("SDG indicator"),
                "SDG indicator",
                _("'%(v)s' is not an SDG indicator number such as 5.5.1.") % {"v": sdg},
            )
        targets = _read_targets(sheet, row, values)
        flags = {
            f"disaggregated_by_{k}": sheet.cell(row, values, f"by {k}", _yes_no)
            for k in ("sex", "age", "location")
        }
        if code and action_code and name and unit:
            result.indicators[code] = IndicatorRow(
                code=code,
                action_code=action_code,
                name=name,
                unit=unit,
                baseline_value=baseline,
                baseline_date=baseline_date,
                data_source=source or "",
                standard_indicator=standard,
                sdg_indicator=sdg,
                targets=targets,
                row=row,
                **{k: bool(v) for k, v in flags.items()},
            )


def _standard_indicator(sheet, row, values, standard_indicators):
    number = sheet.cell(row, values, "UN indicator")
    if not number:
        return None
    found = standard_indicators.get(number.lower())
    if found is None:
        sheet.error(
            row,
            sheet.at("UN indicator"),
            "UN indicator",
            _("no UN global indicator numbered '%(n)s' (see the README sheet).") % {"n": number},
        )
    return found


def _read_targets(sheet, row, values) -> dict[str, decimal.Decimal]:
    targets = {}
    for period, index in sheet.targets.items():
        raw = values[index - 1] if index <= len(values) else None
        header = f"{TARGET_PREFIX}{period}"
        value = sheet._parse(row, index, header, raw, _decimal, places=4, digits=20)
        if value is not None:
            targets[period] = value
    return targets


def _read_budget(sheet, result: StructureSheet) -> None:
    for row, values in sheet.rows:
        action_code = sheet.cell(row, values, "action code", _code, required=True)
        if action_code and action_code not in result.actions:
            sheet.error(
                row,
                sheet.at("action code"),
                "action code",
                _("no action '%(code)s' on sheet Actions.") % {"code": action_code},
            )
        amount = sheet.cell(
            row, values, "amount", _decimal, places=2, digits=18, minimum=0, required=True
        )
        currency = sheet.cell(row, values, "currency", required=True)
        if currency:
            currency = currency.upper()
            try:
                validate_currency(currency)
            except ValidationError as exc:
                sheet.error(row, sheet.at("currency"), "currency", exc.messages[0])
                currency = None
        kind = (sheet.cell(row, values, "kind", required=True) or "").lower()
        if kind and kind not in BudgetKind.values:
            sheet.error(
                row,
                sheet.at("kind"),
                "kind",
                _("'%(v)s' is not allocated, estimated or spent.") % {"v": kind},
            )
            kind = ""
        source = sheet.cell(row, values, "funding source", max_length=300) or ""
        if action_code and amount is not None and currency and kind:
            result.budget.append(BudgetRow(action_code, amount, currency, kind, source, row))


# ---- Writing ----------------------------------------------------------------------


def number_text(value) -> str:
    """A decimal as people write it: 40, 12.5 (never 40.0000 or 4E+1)."""
    if value is None:
        return ""
    return format(decimal.Decimal(value).normalize(), "f")


def _put(sheet, row: list) -> None:
    sheet_append(sheet, [_cell_value(v) for v in row])


def _cell_value(value):
    """Numbers as numbers when a float holds them exactly, else as text (still importable)."""
    if isinstance(value, decimal.Decimal):
        as_float = float(value)
        return as_float if decimal.Decimal(repr(as_float)) == value else number_text(value)
    if isinstance(value, Promise):
        return str(value)
    return value


def build_workbook(*, plan, structure: dict, periods: list[str], agencies: list, standard) -> bytes:
    """The structure workbook (the template when `structure` is empty): README, Actions,
    Indicators, Budget. Re-importable as it is."""
    workbook = openpyxl.Workbook()
    _write_readme(workbook.active, plan=plan, agencies=agencies, standard=standard)
    actions = workbook.create_sheet(ACTIONS)
    _put(actions, [c.header for c in ACTION_COLUMNS])
    for row in structure.get("actions", []):
        _put(actions, row)
    indicators = workbook.create_sheet(INDICATORS)
    _put(indicators, [c.header for c in INDICATOR_COLUMNS] + [TARGET_PREFIX + p for p in periods])
    for row in structure.get("indicators", []):
        _put(indicators, row)
    budget = workbook.create_sheet(BUDGET)
    _put(budget, [c.header for c in BUDGET_COLUMNS])
    for row in structure.get("budget", []):
        _put(budget, row)
    _add_choices(indicators, budget)
    for sheet in (actions, indicators, budget):
        sheet.freeze_panes = "A2"
        for index in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 18
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _add_choices(indicators, budget) -> None:
    """Drop-down lists help people offline; the importer checks the values anyway."""
    yes_no = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    yes_no.add("H2:J5001")
    indicators.add_data_validation(yes_no)
    kinds = DataValidation(type="list", formula1=f'"{",".join(BudgetKind.values)}"')
    kinds.add("D2:D5001")
    budget.add_data_validation(kinds)


def _write_readme(sheet, *, plan, agencies, standard) -> None:
    sheet.title = README
    lines = [
        [_("NAPtrack plan structure workbook")],
        [_("Plan"), str(plan)],
        [],
        [
            _(
                "Fill the sheets Actions, Indicators and Budget, one row per item, and upload the "
                "workbook on the plan's structure page. The upload replaces the whole structure: "
                "items missing from the workbook are removed. Nothing is saved unless every row "
                "is valid; uploading the same workbook twice changes nothing."
            )
        ],
        [],
        [_("Sheet"), _("Column"), _("Required"), _("What to write")],
    ]
    for name, columns in LAYOUT.items():
        for column in columns:
            lines.append(
                [name, column.header, _("yes") if column.required else _("no"), column.help]
            )
        if name == INDICATORS:
            lines.append([name, "target <period>", _("no"), TARGET_HELP])
    lines += [[], [_("Government agencies you can name")]]
    lines += [[agency.name] for agency in agencies] or [[_("(none registered yet)")]]
    lines += [[], [_("UN global indicators on 1325 (S/2010/498)"), _("Verified")]]
    lines += [[f"{s.number}", s.short_name, _("yes") if s.verified else _("no")] for s in standard]
    for line in lines:
        _put(sheet, line)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["D"].width = 90
