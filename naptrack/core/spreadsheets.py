"""Writing cells that a spreadsheet program shows as written and never runs.

Excel, LibreOffice and Google Sheets run a CSV field that starts with = + - @ (or a tab or
carriage return before one) as a formula, and openpyxl stores any text starting with "=" as
one. Titles, notes and names come from users, so every CSV and XLSX the platform writes goes
through `csv_writer` or `sheet_append` (a test fails when a module calls csv.writer itself).
Numbers stay numbers: -12.5 is a number, not a formula, in either format.
"""

import csv
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value[:1] in FORMULA_STARTS and not NUMBER.fullmatch(value)


def csv_cell(value):
    """The value, with a leading apostrophe when a spreadsheet would run it (the usual
    neutraliser: the program shows the text, and readers can strip the one character)."""
    return "'" + value if is_formula_like(value) else value


class CsvWriter:
    """csv.writer whose rows are neutralised cell by cell."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file, **options) -> CsvWriter:
    return CsvWriter(file, **options)


def xlsx_cell(sheet, value):
    """Text a spreadsheet would run becomes a text cell marked "quote prefix", so it shows as
    written and stays text even when someone edits it; everything else passes through."""
    if not is_formula_like(value):
        return value
    from openpyxl.cell import WriteOnlyCell  # imported on use, as the XLSX writers do

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl typed "=..." as a formula
    cell.quotePrefix = True
    return cell


def sheet_append(sheet, row) -> None:
    """worksheet.append for both normal and write-only sheets, neutralised."""
    sheet.append([xlsx_cell(sheet, value) for value in row])
