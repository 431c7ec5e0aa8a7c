"""Text and tables out of PDF, DOCX, HTML and plain-text files.

This module never imports Django: it runs in a child process (see sandbox.py) under
memory, CPU and file-size limits, so a hostile file can only kill that child, never the
worker. Run as `python -m naptrack.library.extraction`, it reads one JSON request on
stdin and writes JSON lines on stdout: progress events, then one result or one error.
"""

import contextlib
import html.parser
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import asdict, dataclass, field

# The search highlighter marks hits with two private-use characters and hides "<" from
# PostgreSQL's headline parser behind a third; none may come from a document, or a
# document could forge highlights.
MARK_START, MARK_END, LESS_THAN = "\ue000", "\ue001", "\ue002"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\ue002]")
MANY_BLANK_LINES = re.compile(r"\n{3,}")
PDF_EOF_WINDOW = 2048
JAVASCRIPT_BYTES = re.compile(rb"/(JavaScript|JS)\b")
FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY = 4, 5


@dataclass(frozen=True)
class Limits:
    max_pages: int = 1000
    max_chars: int = 10_000_000
    max_page_chars: int = 200_000
    section_chars: int = 10_000
    max_table_cells: int = 20_000
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_zip_ratio: int = 200
    memory_bytes: int = 2 * 1024**3
    cpu_seconds: int = 1800
    ocr_seconds: int = 120
    ocr_max_pixels: int = 40_000_000


@dataclass
class Page:
    number: int
    text: str
    ocr: bool = False
    needs_ocr: bool = False


@dataclass
class Table:
    page: int
    index: int
    rows: list[list[str]]


@dataclass
class Extraction:
    pages: list[Page] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    has_javascript: bool = False
    encoding: str = ""
    ocr_language: str = ""


class ExtractionError(Exception):
    """A file we refuse, with a code the app turns into a translated message."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def clean_text(text: str) -> str:
    """NFKC so ligatures ("ﬁ") and full-width forms match plain words; no control chars."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return MANY_BLANK_LINES.sub("\n\n", CONTROL.sub(" ", text)).strip()


class Budget:
    """Counts extracted characters so that a small file cannot expand without bound."""

    def __init__(self, limits: Limits):
        self.limits, self.used = limits, 0

    def take(self, text: str) -> str:
        self.used += len(text)
        if self.used > self.limits.max_chars:
            raise ExtractionError("too_much_text", limit=self.limits.max_chars)
        return text


def split_sections(text: str, size: int) -> list[str]:
    """Formats without fixed pages are cut at paragraph ends into parts of about `size`."""
    sections, current = [], ""
    for paragraph in text.split("\n"):
        if current and len(current) + len(paragraph) > size:
            sections.append(current)
            current = ""
        current = f"{current}\n{paragraph}" if current else paragraph
        while len(current) > size * 2:  # one paragraph longer than two sections
            sections.append(current[:size])
            current = current[size:]
    if current.strip() or not sections:
        sections.append(current)
    return [section.strip() for section in sections]


def paged(texts: list[str], limits: Limits, budget: Budget, progress) -> list[Page]:
    parts = [
        part for text in texts for part in split_sections(clean_text(text), limits.section_chars)
    ]
    progress("total", len(parts))
    pages = []
    for number, part in enumerate(parts, start=1):
        pages.append(Page(number=number, text=budget.take(part)))
        progress("page", number)
    return pages


# Plain text ----------------------------------------------------------------------


BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and its encoding: a BOM, else UTF-8, else the best guess, else cp1252."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8"), "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("cp1252", errors="replace"), "cp1252"


def extract_text(path: str, limits: Limits, progress) -> Extraction:
    with open(path, "rb") as handle:
        text, encoding = decode_text(handle.read())
    budget = Budget(limits)
    pages = paged(text.split("\f"), limits, budget, progress)
    return Extraction(pages=pages, encoding=encoding)


# HTML ----------------------------------------------------------------------------

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([a-zA-Z0-9_.:-]+)""", re.I)
HIDDEN_TAGS = {"script", "style", "template", "noscript", "svg", "math", "iframe", "object"}
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr", "ul",
}  # fmt: skip


class TextCollector(html.parser.HTMLParser):
    """Keeps visible text and table cells; never follows, loads or runs anything."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.hidden = 0
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []
        if tag in BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in ("td", "th") and self.cell is not None:
            if self.tables and self.tables[-1]:
                self.tables[-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        if tag in BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_data(self, data):
        if self.hidden:
            return
        self.chunks.append(data)
        if self.cell is not None:
            self.cell.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.chunks).split("\n"))
        return "\n".join(lines)


def decode_html(data: bytes) -> tuple[str, str]:
    declared = META_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        encoding = declared.group(1).decode("ascii")
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            return data.decode(encoding), encoding
    return decode_text(data)


def extract_html(path: str, limits: Limits, progress) -> Extraction:
    with open(path, "rb") as handle:
        markup, encoding = decode_html(handle.read())
    collector = TextCollector()
    collector.feed(markup)
    collector.close()
    budget = Budget(limits)
    pages = paged([collector.text()], limits, budget, progress)
    tables = [
        Table(page=1, index=i, rows=rows)
        for i, rows in enumerate(t for t in collector.tables if usable_table(t))
    ]
    return Extraction(pages=pages, tables=bounded_tables(tables, limits), encoding=encoding)


def usable_table(rows) -> bool:
    return len(rows) >= 2 and max((len(row) for row in rows), default=0) >= 2


def bounded_tables(tables: list[Table], limits: Limits) -> list[Table]:
    cells = sum(len(row) for table in tables for row in table.rows)
    if cells > limits.max_table_cells * max(1, len({t.page for t in tables})):
        raise ExtractionError("too_many_cells", limit=limits.max_table_cells)
    return tables


# DOCX ----------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(path: str, limits: Limits) -> None:
    """Refuse zip bombs before any XML is inflated: total size and compression ratio."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExtractionError("corrupt", detail=str(exc)[:200]) from exc
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > limits.max_unzipped_bytes or unpacked / packed > limits.max_zip_ratio:
        raise ExtractionError("bomb", limit=limits.max_unzipped_bytes)
    names = {member.filename for member in members}
    if "word/document.xml" not in names:
        raise ExtractionError("corrupt", detail="word/document.xml is missing")


def docx_blocks(body):
    """Paragraph text and tables in reading order; a page break starts a new page."""
    for element in body.iterchildren():
        if element.tag == f"{W}p":
            yield from paragraph_pieces(element)
            yield "\n"
        elif element.tag == f"{W}tbl":
            rows = [
                ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in row.iter(f"{W}tc")]
                for row in element.iter(f"{W}tr")
            ]
            yield rows


def paragraph_pieces(paragraph):
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            yield node.text or ""
        elif node.tag == f"{W}tab":
            yield "\t"
        elif node.get(f"{W}type") == "page":
            yield "\f"
        else:
            yield "\n"


def extract_docx(path: str, limits: Limits, progress) -> Extraction:
    check_zip(path, limits)
    import docx

    try:
        body = docx.Document(path).element.body
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise ExtractionError("corrupt", detail=str(exc)[:200]) from exc
    pages_text, tables, current = [], [], []
    for block in docx_blocks(body):
        if isinstance(block, list):
            if usable_table(block):
                tables.append((len(pages_text) + 1, block))
            current.extend("\t".join(row) + "\n" for row in block)
        elif block == "\f":
            pages_text.append("".join(current))
            current = []
        else:
            current.append(block)
    pages_text.append("".join(current))
    budget = Budget(limits)
    pages = paged(pages_text, limits, budget, progress)
    found = [Table(page=p, index=i, rows=rows) for i, (p, rows) in enumerate(tables)]
    return Extraction(pages=pages, tables=bounded_tables(found, limits))


# PDF -----------------------------------------------------------------------------


def check_pdf_bytes(path: str) -> bool:
    """Refuse a file cut short; return whether the raw bytes name JavaScript."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        handle.seek(max(0, size - PDF_EOF_WINDOW))
        if b"%%EOF" not in handle.read():
            raise ExtractionError("truncated")
        handle.seek(0)
        previous = b""
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            if JAVASCRIPT_BYTES.search(previous[-16:] + chunk):  # a name may straddle chunks
                return True
            previous = chunk
    return False


def open_pdf(path: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY):
            raise ExtractionError("encrypted") from exc
        raise ExtractionError("corrupt", detail=str(exc)[:200]) from exc


def pdf_javascript(document, path: str, raw_hit: bool) -> bool:
    """JavaScript in document-level names (PDFium) or in any action dictionary (pdfminer
    reads object streams too, which a byte scan cannot see into)."""
    import pypdfium2.raw as raw

    if raw_hit or raw.FPDFDoc_GetJavaScriptActionCount(document.raw) > 0:
        return True
    return javascript_in_objects(path)


def javascript_in_objects(path: str) -> bool:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import LIT

    with open(path, "rb") as handle:
        try:
            pdf = PDFDocument(PDFParser(handle))
        except Exception:  # pdfminer could not read it; PDFium could, so nothing found
            return False
        for xref in pdf.xrefs:
            for objid in xref.get_objids():
                try:
                    obj = pdf.getobj(objid)
                except Exception:  # noqa: S112 (a damaged object holds no action)
                    continue
                if has_js_action(obj, LIT("JavaScript")):
                    return True
    return False


def has_js_action(obj, javascript, depth: int = 0) -> bool:
    obj = getattr(obj, "attrs", obj)  # a stream's dictionary
    if depth > 8:
        return False
    if isinstance(obj, dict):
        if "JS" in obj or obj.get("S") is javascript:
            return True
        return any(has_js_action(value, javascript, depth + 1) for value in obj.values())
    if isinstance(obj, list):
        return any(has_js_action(value, javascript, depth + 1) for value in obj)
    return False


def count_objects(page, kind: int, enough: int = 1) -> int:
    found = 0
    for _obj in page.get_objects(filter=[kind], max_depth=2):
        found += 1
        if found >= enough:
            break
    return found


class Ocr:
    """Runs the tesseract command on rendered pages; absent tesseract means no OCR."""

    def __init__(self, command: str | None, language: str, limits: Limits):
        self.command = shutil.which(command) if command else None
        self.limits = limits
        self.language = self._choose(language) if self.command else ""

    def _choose(self, wanted: str) -> str:
        try:
            listed = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
                [self.command, "--list-langs"], capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.SubprocessError):
            return "eng"
        available = set(listed.stdout.split()[1:]) if listed.returncode == 0 else set()
        return wanted if wanted in available else "eng"

    def read(self, page, workdir: str) -> str:
        width, height = page.get_size()
        scale = min(300 / 72, (self.limits.ocr_max_pixels / max(1.0, width * height)) ** 0.5)
        image_path = os.path.join(workdir, "page.png")
        page.render(scale=scale, grayscale=True).to_pil().save(image_path)
        try:
            done = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
                [self.command, image_path, "stdout", "-l", self.language],
                capture_output=True,
                timeout=self.limits.ocr_seconds,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            )
        except subprocess.TimeoutExpired as exc:
            raise ExtractionError("ocr_timeout", seconds=self.limits.ocr_seconds) from exc
        return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else ""


def cell_text(cell: str | None) -> str:
    """Spaces collapsed, line breaks kept: they separate the items of a list in a cell
    (the indicators of an action matrix)."""
    lines = (" ".join(line.split()) for line in (cell or "").splitlines())
    return "\n".join(line for line in lines if line)


def pdf_tables(plumber, index: int, number: int, limits: Limits) -> list[Table]:
    rows_list = plumber.pages[index].extract_tables()
    tables, cells = [], 0
    for rows in rows_list:
        rows = [[cell_text(cell) for cell in row] for row in rows]
        if not usable_table(rows):
            continue
        cells += sum(len(row) for row in rows)
        if cells > limits.max_table_cells:
            raise ExtractionError("too_many_cells", limit=limits.max_table_cells)
        tables.append(Table(page=number, index=len(tables), rows=rows))
    return tables


def pdf_page(page, number: int, ocr: Ocr, workdir: str, limits: Limits) -> Page:
    import pypdfium2.raw as raw

    text = page.get_textpage().get_text_bounded()
    if len(text) > limits.max_page_chars:
        raise ExtractionError("page_too_long", page=number, limit=limits.max_page_chars)
    text = clean_text(text)
    if text or not count_objects(page, raw.FPDF_PAGEOBJ_IMAGE):
        return Page(number=number, text=text)
    if not ocr.command:
        return Page(number=number, text="", needs_ocr=True)
    recognised = clean_text(ocr.read(page, workdir))[: limits.max_page_chars]
    return Page(number=number, text=recognised, ocr=True)


def extract_pdf(path: str, limits: Limits, progress, *, tesseract: str, language: str):
    import pypdfium2.raw as raw

    raw_javascript = check_pdf_bytes(path)
    document = open_pdf(path)
    total = len(document)
    if total == 0:
        raise ExtractionError("no_pages")
    if total > limits.max_pages:
        raise ExtractionError("too_many_pages", pages=total, limit=limits.max_pages)
    progress("total", total)
    result = Extraction(has_javascript=pdf_javascript(document, path, raw_javascript))
    ocr = Ocr(tesseract, language, limits)
    result.ocr_language = ocr.language
    budget = Budget(limits)
    import pdfplumber

    with tempfile.TemporaryDirectory() as workdir, pdfplumber.open(path) as plumber:
        for index in range(total):
            page = document[index]
            extracted = pdf_page(page, index + 1, ocr, workdir, limits)
            budget.take(extracted.text)
            result.pages.append(extracted)
            if count_objects(page, raw.FPDF_PAGEOBJ_PATH, enough=2) >= 2:
                result.tables.extend(pdf_tables(plumber, index, index + 1, limits))
            page.close()
            progress("page", index + 1)
    return result


# Child-process entry point --------------------------------------------------------


def restrict(limits: Limits) -> None:
    """Applied in the child before any file is opened; inherited by tesseract."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def extract(request: dict, progress) -> Extraction:
    limits = Limits(**request.get("limits", {}))
    fmt, path = request["format"], request["path"]
    if fmt == "pdf":
        return extract_pdf(
            path,
            limits,
            progress,
            tesseract=request.get("tesseract") or "",
            language=request.get("ocr_language") or "eng",
        )
    extractors = {"docx": extract_docx, "html": extract_html, "text": extract_text}
    if fmt not in extractors:
        raise ExtractionError("unsupported", format=fmt)
    return extractors[fmt](path, limits, progress)


PROTOCOL = None  # the real stdout; anything else printed goes to stderr


def emit(event: str, **values) -> None:
    PROTOCOL.write(json.dumps({"event": event, **values}) + "\n")
    PROTOCOL.flush()


def main() -> int:
    global PROTOCOL
    # Libraries (or PDFium, at the C level) that print must not corrupt the protocol.
    PROTOCOL = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    request = json.loads(sys.stdin.read())
    restrict(Limits(**request.get("limits", {})))
    try:
        result = extract(request, lambda kind, n: emit(kind, n=n))
    except ExtractionError as exc:
        emit("error", code=exc.code, params=exc.params)
        return 0
    except MemoryError:
        emit("error", code="bomb", params={})
        return 0
    emit("result", **asdict(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
