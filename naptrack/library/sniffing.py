"""Which library format a file is. What its bytes are comes from naptrack.core.files (one
sniffer for every upload); this module decides which of those the library reads.

The name only has a say between formats that are both text (HTML and plain text), where
it tells the author's intent; everywhere else a name that disagrees with the content
is refused."""

from pathlib import PurePath

from django.utils.translation import gettext_noop as N_

from naptrack.core.files import Sniffed, sniff_file
from naptrack.library.choices import FileFormat
from naptrack.library.extraction import ExtractionError

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
FORMAT_OF_KIND = {
    "pdf": FileFormat.PDF,
    "docx": FileFormat.DOCX,
    "html": FileFormat.HTML,
    "text": FileFormat.TEXT,
}
FORMAT_WORDS = {
    FileFormat.PDF: N_("a PDF document"),
    FileFormat.DOCX: N_("a Word (DOCX) document"),
    FileFormat.HTML: N_("an HTML page"),
    FileFormat.TEXT: N_("plain text"),
}


def sniff(fileobj, name: str) -> str:
    """The FileFormat of an open, seekable file; ExtractionError when it is refused."""
    return reconcile(content_format(sniff_file(fileobj), name), name)


def content_format(sniffed: Sniffed, name: str) -> str:
    if sniffed.kind == "empty":
        raise ExtractionError("empty")
    if sniffed.kind == "executable":
        raise ExtractionError("executable", name=name, what=sniffed.what)
    if sniffed.kind == "damaged_zip":
        raise ExtractionError("corrupt", detail="damaged ZIP container")
    if sniffed.kind not in FORMAT_OF_KIND:
        raise ExtractionError("unsupported", name=name, what=sniffed.what)
    return FORMAT_OF_KIND[sniffed.kind]


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
