"""What an uploaded evidence file really is, from its first bytes.

Evidence is served only as a download, but a file that a browser would run (HTML, SVG,
scripts, executables) is refused all the same, and the name's extension must agree with
the content so that what reviewers download is what the name says."""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from naptrack.reporting.conf import setting

HEAD_BYTES = 8192

# extension -> (content type, what the bytes must be)
ALLOWED = {
    ".pdf": ("application/pdf", "pdf"),
    ".png": ("image/png", "png"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", "odt"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ".txt": ("text/plain", "text"),
    ".csv": ("text/csv", "text"),
}
ZIP_MEMBERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
OPENDOCUMENT = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
REFUSED_STARTS = [
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"#!", "a script"),
    (b"\xca\xfe\xba\xbe", "an executable"),
    (b"\xcf\xfa\xed\xfe", "an executable"),
]
MARKUP = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<head", b"<body")


def _what(head: bytes, fileobj) -> str:
    for magic, what in REFUSED_STARTS:
        if head.startswith(magic):
            raise ValidationError(
                _("This file is %(what)s; it cannot be evidence.") % {"what": what}
            )
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(head, fileobj)
    if b"\x00" in head:
        raise ValidationError(_("This file is binary of an unknown type."))
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(MARKUP):
        raise ValidationError(
            _("Web pages and SVG images cannot be evidence files; give a link instead.")
        )
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # a character cut at the end of the head is fine
            raise ValidationError(_("A text file must be UTF-8.")) from None
    return "text"


def _zip_kind(head: bytes, fileobj) -> str:
    for kind, mimetype in OPENDOCUMENT.items():
        if head[30:38] == b"mimetype" and mimetype in head[:200]:
            return kind
    try:
        names = set(zipfile.ZipFile(fileobj).namelist())
    except zipfile.BadZipFile:
        raise ValidationError(_("This file is a damaged ZIP archive.")) from None
    finally:
        fileobj.seek(0)
    for kind, member in ZIP_MEMBERS.items():
        if member in names:
            return kind
    raise ValidationError(_("ZIP archives cannot be evidence; upload the documents themselves."))


def sniff_evidence(fileobj, name: str) -> str:
    """The content type to store for an allowed file; ValidationError names what is wrong."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError(
            _("“%(name)s”: evidence files must be one of %(allowed)s.")
            % {"name": name, "allowed": ", ".join(sorted(ALLOWED))}
        )
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    if not head:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    found = _what(head, fileobj)
    content_type, expected = ALLOWED[suffix]
    if found != expected:
        raise ValidationError(
            _("“%(name)s” is named %(suffix)s but its content is %(found)s.")
            % {"name": name, "suffix": suffix, "found": found.upper()}
        )
    return content_type


def read_evidence_upload(upload) -> tuple[bytes, str]:
    """An uploaded file's bytes and its sniffed content type, within the size limit;
    ValidationError on "file" otherwise. The bytes read are checked as well as the
    declared size, which a stream may not know."""
    limit = setting("NAPTRACK_MAX_EVIDENCE_BYTES")
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "file": _("This file is %(size)s bytes; evidence files may be at most %(limit)s.")
                % {"size": upload.size, "limit": limit}
            }
        )
    name = PurePath(upload.name or "").name[:255]
    try:
        content_type = sniff_evidence(upload, name)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": _("This file is larger than evidence files may be.")})
    return data, content_type
