"""What a file really is, from its first bytes: never from its name or the browser's word.

The name only has a say between formats that are both text (HTML and plain text), where
it tells the author's intent; everywhere else a name that disagrees with the content
is refused."""

import re
import zipfile
from pathlib import PurePath

from django.utils.translation import gettext_noop as N_

from naptrack.library.choices import FileFormat
from naptrack.library.extraction import ExtractionError

HEAD_BYTES = 8192
EXTENSIONS = {
    ".pdf": FileFormat.PDF,
    ".docx": FileFormat.DOCX,
    ".html": FileFormat.HTML,
    ".htm": FileFormat.HTML,
    ".xhtml": FileFormat.HTML,
    ".txt": FileFormat.TEXT,
    ".text": FileFormat.TEXT,
    ".md": FileFormat.TEXT,
}
TEXT_FORMATS = {FileFormat.HTML, FileFormat.TEXT}
EXECUTABLES = [
    (b"\x7fELF", N_("an ELF executable")),
    (b"MZ", N_("a Windows executable")),
    (b"\xcf\xfa\xed\xfe", N_("a macOS executable")),
    (b"\xce\xfa\xed\xfe", N_("a macOS executable")),
    (b"\xca\xfe\xba\xbe", N_("a macOS or Java executable")),
    (b"\x00asm", N_("a WebAssembly module")),
]
OTHER_BINARIES = [
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        N_("an old Word/Office file (.doc); save it as DOCX or PDF"),
    ),
    (b"{\\rtf", N_("an RTF file; save it as DOCX or PDF")),
    (b"\x89PNG", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"GIF8", N_("a GIF image")),
    (b"II*\x00", N_("a TIFF image")),
    (b"MM\x00*", N_("a TIFF image")),
    (b"\x1f\x8b", N_("a gzip archive")),
    (b"7z\xbc\xaf", N_("a 7-Zip archive")),
    (b"Rar!", N_("a RAR archive")),
]
HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|table|h[1-6])[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
FORMAT_WORDS = {
    FileFormat.PDF: N_("a PDF document"),
    FileFormat.DOCX: N_("a Word (DOCX) document"),
    FileFormat.HTML: N_("an HTML page"),
    FileFormat.TEXT: N_("plain text"),
}


def sniff(fileobj, name: str) -> str:
    """The FileFormat of an open, seekable file; ExtractionError when it is refused."""
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    if not head:
        raise ExtractionError("empty")
    found = content_format(head, fileobj, name)
    return reconcile(found, name)


def content_format(head: bytes, fileobj, name: str) -> str:
    for magic, what in EXECUTABLES:
        if head.startswith(magic):
            raise ExtractionError("executable", name=name, what=what)
    if b"%PDF-" in head[:1024]:  # the PDF header may follow up to 1 KiB of junk
        return FileFormat.PDF
    if head.startswith(b"PK\x03\x04"):
        return zip_format(fileobj, name)
    for magic, what in OTHER_BINARIES:
        if head.startswith(magic):
            raise ExtractionError("unsupported", name=name, what=what)
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
        raise ExtractionError("unsupported", name=name, what=N_("a binary file of unknown type"))
    text_head = (
        head.decode("utf-16", errors="ignore").encode() if head.startswith(UTF16_BOMS) else head
    )
    return (
        FileFormat.HTML if HTML_START.match(text_head.lstrip(b"\xef\xbb\xbf")) else FileFormat.TEXT
    )


def zip_format(fileobj, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(fileobj).namelist())
    except zipfile.BadZipFile:
        raise ExtractionError("corrupt", detail="damaged ZIP container") from None
    finally:
        fileobj.seek(0)
    if "word/document.xml" in names:
        return FileFormat.DOCX
    kind = N_("a spreadsheet (XLSX)") if "xl/workbook.xml" in names else N_("a ZIP archive")
    raise ExtractionError("unsupported", name=name, what=kind)


def reconcile(found: str, name: str) -> str:
    claimed = EXTENSIONS.get(PurePath(name).suffix.lower())
    suffix = PurePath(name).suffix.lower()
    if claimed is None and suffix:
        raise ExtractionError("unsupported", name=name, what=f"a “{suffix}” file")
    if claimed is None or claimed == found:
        return found
    if claimed in TEXT_FORMATS and found in TEXT_FORMATS:
        return claimed
    raise ExtractionError("mislabelled", name=name, what=FORMAT_WORDS[found])
