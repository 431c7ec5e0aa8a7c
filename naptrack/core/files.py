"""What a file really is, from its first bytes: never from its name or the browser's word.

One sniffer for every upload (library documents, official and shadow-report evidence,
contract evidence). It only says what the bytes are; each app decides what it accepts.
The rules, decided once:

- PDF: the `%PDF-` header must stand at byte 0. ISO 32000-1 §7.5.2 makes the header the
  first line of the file and allows nothing before it (no byte order mark, no white
  space); the "within the first 1 KiB" leniency of some readers is not the standard, and
  a file with junk in front is refused as what the junk is.
- Text: UTF-8 (a byte order mark allowed), or UTF-16 with its byte order mark; anything
  else with NUL bytes is binary. Text that is neither is still "text", with encoding None,
  for apps that guess encodings (the library) or refuse (evidence).
- Executables and `#!` scripts are always refused, whatever the name says.
- HTML, SVG and XML markup are "html": they are what a browser would render."""

import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_

HEAD_BYTES = 8192
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Bytes that run: never accepted anywhere.
EXECUTABLES = [
    (b"\x7fELF", N_("an ELF executable")),
    (b"MZ", N_("a Windows executable")),
    (b"\xcf\xfa\xed\xfe", N_("a macOS executable")),
    (b"\xce\xfa\xed\xfe", N_("a macOS executable")),
    (b"\xca\xfe\xba\xbe", N_("a macOS or Java executable")),
    (b"\x00asm", N_("a WebAssembly module")),
    (b"#!", N_("a script")),
]
# start -> (kind, what it is)
BINARIES = [
    (b"%PDF-", ("pdf", N_("a PDF document"))),
    (b"\x89PNG\r\n\x1a\n", ("png", N_("a PNG image"))),
    (b"\xff\xd8\xff", ("jpeg", N_("a JPEG image"))),
    (b"GIF8", ("gif", N_("a GIF image"))),
    (b"II*\x00", ("tiff", N_("a TIFF image"))),
    (b"MM\x00*", ("tiff", N_("a TIFF image"))),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        ("doc", N_("an old Word/Office file (.doc); save it as DOCX or PDF")),
    ),
    (b"{\\rtf", ("rtf", N_("an RTF file; save it as DOCX or PDF"))),
    (b"\x1f\x8b", ("gzip", N_("a gzip archive"))),
    (b"7z\xbc\xaf", ("7z", N_("a 7-Zip archive"))),
    (b"Rar!", ("rar", N_("a RAR archive"))),
]
# OpenDocument names its type in an uncompressed first member called "mimetype".
OPENDOCUMENT = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
OFFICE_MEMBERS = [
    ("docx", "word/document.xml", N_("a Word (DOCX) document")),
    ("xlsx", "xl/workbook.xml", N_("a spreadsheet (XLSX)")),
    ("pptx", "ppt/presentation.xml", N_("a presentation (PPTX)")),
]
MARKUP_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|table|h[1-6]"
    rb"|svg|\?xml|script)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Sniffed:
    """kind: pdf, png, jpeg, docx, xlsx, pptx, odt, ods, html, text, … or one of the
    refusals: empty, executable, binary, zip, damaged_zip. what: words for a person
    (marked for translation, translate when shown). encoding: for text only."""

    kind: str
    what: str
    encoding: str | None = None

    @property
    def refused_everywhere(self) -> bool:
        return self.kind in {"empty", "executable"}


def sniff_file(fileobj) -> Sniffed:
    """What an open, seekable file is; the position is left at the start."""
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    return sniff_bytes(head, fileobj)


def sniff_bytes(head: bytes, fileobj=None) -> Sniffed:
    if not head:
        return Sniffed("empty", N_("an empty file"))
    for magic, what in EXECUTABLES:
        if head.startswith(magic):
            return Sniffed("executable", what)
    for magic, (kind, what) in BINARIES:
        if head.startswith(magic):
            return Sniffed(kind, what)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(head, fileobj)
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
        return Sniffed("binary", N_("a binary file of unknown type"))
    return _text_kind(head)


def _zip_kind(head: bytes, fileobj) -> Sniffed:
    for kind, mimetype in OPENDOCUMENT.items():
        if head[30:38] == b"mimetype" and mimetype in head[:200]:
            return Sniffed(kind, N_("an OpenDocument file"))
    try:
        names = set(zipfile.ZipFile(fileobj).namelist())
    except (zipfile.BadZipFile, TypeError, AttributeError):
        return Sniffed("damaged_zip", N_("a damaged ZIP archive"))
    finally:
        if fileobj is not None:
            fileobj.seek(0)
    for kind, member, what in OFFICE_MEMBERS:
        if member in names:
            return Sniffed(kind, what)
    return Sniffed("zip", N_("a ZIP archive"))


def _text_kind(head: bytes) -> Sniffed:
    encoding = _text_encoding(head)
    text = head.decode("utf-16", errors="ignore").encode() if encoding == "utf-16" else head
    if MARKUP_START.match(text.removeprefix(UTF8_BOM)):
        return Sniffed("html", N_("an HTML page"), encoding)
    return Sniffed("text", N_("plain text"), encoding)


def _text_encoding(head: bytes) -> str | None:
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # a character cut at the end of the head is fine
            return None
    return "utf-8"
