"""The one export helper: text a spreadsheet would run is neutralised, numbers stay numbers,
and every CSV and XLSX writer in the code base goes through it."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from naptrack.core.spreadsheets import csv_writer, sheet_append

PACKAGE = Path(__file__).resolve().parents[2] / "naptrack"
HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


def test_csv_cells_that_would_run_get_an_apostrophe_numbers_do_not():
    out = io.StringIO()
    csv_writer(out).writerow([*HOSTILE, "\t=1+1", "\r=1+1", -12.5, "-12.5", "+3", "plain", None])
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert row[:6] == ["'" + text for text in [*HOSTILE, "\t=1+1", "\r=1+1"]]
    assert row[6:] == ["-12.5", "-12.5", "+3", "plain", ""]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_text_that_would_run_stays_text_numbers_stay_numbers(write_only):
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("Data") if write_only else book.active
    sheet_append(sheet, [*HOSTILE, Decimal("-12.5"), -3, "-4", "plain"])
    out = io.BytesIO()
    book.save(out)
    cells = list(openpyxl.load_workbook(io.BytesIO(out.getvalue())).worksheets[-1].iter_rows())[0]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells[:4]] == [
        (text, "s", True) for text in HOSTILE
    ]
    assert [(c.value, c.data_type) for c in cells[4:]] == [
        (-12.5, "n"),
        (-3, "n"),
        ("-4", "s"),
        ("plain", "s"),
    ]


def test_every_csv_and_xlsx_writer_uses_the_helper():
    helper = PACKAGE / "core" / "spreadsheets.py"
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        if path == helper or "/migrations/" in str(path):
            continue
        assert not re.search(r"csv\.(writer|DictWriter)\(", text), path
        if "Workbook(" in text:
            assert "sheet_append" in text, path
