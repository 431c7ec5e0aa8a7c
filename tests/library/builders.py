"""Test documents, built here from nothing (reportlab, python-docx, hand-written PDF).

Every text in them is written for the tests (labelled synthetic where it looks like a
plan); nothing is fetched."""

import io
import struct
import zlib
from pathlib import Path

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def text_pdf(pages: list[str], **canvas_options) -> bytes:
    """One page per string; each line of a string is one line of text."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, **canvas_options)
    for page in pages:
        y = 760
        for line in page.split("\n"):
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf(text: str = "A secret page.") -> bytes:
    return text_pdf([text], encrypt=pdfencrypt.StandardEncryption("user-pass", "owner-pass"))


def table_pdf(rows: list[list[str]]) -> bytes:
    """A ruled table, as plans print their action matrix."""
    buffer = io.BytesIO()
    table = Table(rows)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    SimpleDocTemplate(buffer, pagesize=A4).build([table])
    return buffer.getvalue()


def image_pdf(text: str, *, text_pages: tuple[str, ...] = ()) -> bytes:
    """A scanned page: the text exists only as pixels, with no text layer; optionally
    after ordinary text pages."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1700, 400), 255)
    font = (
        ImageFont.truetype(str(DEJAVU), 64) if DEJAVU.exists() else ImageFont.load_default(size=64)
    )
    ImageDraw.Draw(image).text((60, 150), text, fill=0, font=font)
    png = io.BytesIO()
    image.save(png, format="PNG")
    png.seek(0)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for page in text_pages:
        pdf.drawString(72, 760, page)
        pdf.showPage()
    from reportlab.lib.utils import ImageReader

    pdf.drawImage(ImageReader(png), 36, 500, width=520, height=122)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def raw_pdf(content: bytes, *, catalog_extra: bytes = b"", stream_filter: bytes = b"") -> bytes:
    """A one-page PDF written by hand, for what reportlab will not produce."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d %s>>\nstream\n" % (len(content), stream_filter) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def javascript_pdf(text: str) -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    action = b"/OpenAction << /S /JavaScript /JS (app.alert\\('hello'\\);) >> "
    return raw_pdf(content, catalog_extra=action)


def deflate_bomb(megabytes: int) -> bytes:
    """A zlib stream of `megabytes` MiB of spaces, built from one repeated block so the
    test does not spend seconds compressing."""
    block = b" " * (1 << 20)
    compressor = zlib.compressobj(9)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)[:-4]  # the final empty block, without checksum
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(block, checksum)
    return first + repeat * (megabytes - 1) + tail + struct.pack(">I", checksum)


def bomb_pdf(megabytes: int) -> bytes:
    return raw_pdf(deflate_bomb(megabytes), stream_filter=b"/Filter /FlateDecode ")


def docx_file(pages: list[list[str]], table: list[list[str]] | None = None) -> bytes:
    """Paragraphs per page, pages separated by hard page breaks; an optional table."""
    document = docx.Document()
    for index, paragraphs in enumerate(pages):
        if index:
            document.add_page_break()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
MZ = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
    + b"\x00" * 100
    + b"This program cannot be run in DOS mode"
)


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """The browser's content type is whatever the test says: the server must not care."""
    return SimpleUploadedFile(name, data, content_type=content_type)
