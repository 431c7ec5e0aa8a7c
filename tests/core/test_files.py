"""The one file sniffer (naptrack.core.files) on real bytes, and how the library and
evidence apply it: each rule decided once."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from naptrack.core.evidence_files import sniff_evidence
from naptrack.core.files import sniff_file
from naptrack.library.extraction import ExtractionError
from naptrack.library.sniffing import sniff
from tests.library.builders import docx_file, text_pdf

# A real x86-64 ELF header and a real PE ("MZ") stub, as compilers write them.
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "Indicator"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def kind_of(data: bytes):
    return sniff_file(io.BytesIO(data))


@pytest.mark.parametrize(
    ("make", "kind", "encoding"),
    [
        (lambda: text_pdf(["Women, peace and security"]), "pdf", None),
        (lambda: docx_file([["Pillar 1"]]), "docx", None),
        (xlsx_bytes, "xlsx", None),
        (lambda: "Mujeres, paz y seguridad — ضمان".encode(), "text", "utf-8"),
        (lambda: "\ufeffUTF-8 with a byte order mark".encode(), "text", "utf-8"),
        (lambda: "Mujeres, paz y seguridad".encode("utf-16"), "text", "utf-16"),
        (lambda: "Caf\xe9 in Latin-1".encode("latin-1"), "text", None),
        (lambda: b"<!-- saved -->\n<!DOCTYPE html><html><body>x</body></html>", "html", "utf-8"),
        (lambda: b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', "html", "utf-8"),
        (lambda: "<html><body>UTF-16 page</body></html>".encode("utf-16"), "html", "utf-16"),
        (lambda: b"#!/bin/sh\nrm -rf /\n", "executable", None),
        (lambda: ELF, "executable", None),
        (lambda: EXE, "executable", None),
        (lambda: b"", "empty", None),
        (lambda: b"\x00\x01\x02binary", "binary", None),
        (lambda: b"PK\x03\x04not really a zip", "damaged_zip", None),
    ],
)
def test_sniffer_says_what_real_bytes_are(make, kind, encoding):
    sniffed = kind_of(make())
    assert (sniffed.kind, sniffed.encoding) == (kind, encoding)


def test_pdf_header_must_stand_at_byte_zero():
    pdf = text_pdf(["A plan"])
    assert kind_of(pdf).kind == "pdf"
    assert kind_of(b"\xef\xbb\xbf" + pdf).kind != "pdf"  # ISO 32000-1 §7.5.2: nothing before
    assert kind_of(b"junk\n" + pdf).kind != "pdf"


def test_the_position_is_left_at_the_start():
    handle = io.BytesIO(docx_file([["x"]]))
    handle.read(10)
    sniff_file(handle)
    assert handle.tell() == 0


def test_library_and_evidence_both_refuse_a_script_named_as_text():
    script = io.BytesIO(b"#!/usr/bin/env python\nprint('hi')\n")
    with pytest.raises(ExtractionError):
        sniff(script, "notes.txt")
    with pytest.raises(ValidationError, match="a script"):
        sniff_evidence(script, "notes.txt")


def test_library_and_evidence_both_accept_utf16_text():
    data = "Mujeres, paz y seguridad".encode("utf-16")
    assert sniff(io.BytesIO(data), "note.txt") == "text"
    assert sniff_evidence(io.BytesIO(data), "note.txt") == "text/plain"


def test_evidence_refuses_text_that_is_neither_utf8_nor_utf16():
    with pytest.raises(ValidationError, match="UTF-8"):
        sniff_evidence(io.BytesIO("Caf\xe9 ".encode("latin-1") * 10), "note.txt")


def test_library_and_evidence_both_refuse_a_pdf_with_junk_in_front():
    data = b"junk\n" + text_pdf(["A plan"])
    with pytest.raises(ExtractionError):
        sniff(io.BytesIO(data), "plan.pdf")
    with pytest.raises(ValidationError):
        sniff_evidence(io.BytesIO(data), "plan.pdf")


def test_evidence_accepts_a_real_spreadsheet_and_refuses_an_exe_named_pdf():
    assert sniff_evidence(io.BytesIO(xlsx_bytes()), "figures.xlsx").endswith("sheet")
    with pytest.raises(ValidationError, match="executable"):
        sniff_evidence(io.BytesIO(EXE), "report.pdf")
