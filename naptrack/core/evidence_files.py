"""Which evidence files are accepted, for every kind of evidence (official reports, shadow
reports, contracts). What the bytes are comes from naptrack.core.files (one sniffer for
every upload); this module decides what evidence may be.

Evidence is served only as a download, but a file that a browser would run (HTML, SVG,
scripts, executables) is refused all the same, and the name's extension must agree with
the content so that what reviewers download is what the name says."""

from functools import wraps
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from naptrack.core.files import sniff_file
from naptrack.core.uploads import limit_upload_size, upload_too_large

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


def max_evidence_bytes() -> int:
    """The size limit for one evidence file (a setting, read when needed)."""
    return int(settings.NAPTRACK_MAX_EVIDENCE_BYTES)


def limit_evidence_uploads(view):
    """Decorate a view that receives evidence files: it stops reading any file past the
    size limit. CSRF is checked inside, once the limit is in place (the check reads the
    body); the view learns of a refused file from `evidence_size_error`."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def limited(request, *args, **kwargs):
        limit_upload_size(request, max_evidence_bytes())
        return protected(request, *args, **kwargs)

    return limited


def evidence_size_error(request) -> str | None:
    """What to tell the user when a file was refused while it was read, or None."""
    if not upload_too_large(request):
        return None
    return _("This file is larger than %(limit)s bytes, the limit for evidence.") % {
        "limit": max_evidence_bytes()
    }


def _what(fileobj) -> str:
    """The kind of an allowed evidence file; ValidationError for what evidence refuses."""
    sniffed = sniff_file(fileobj)
    if sniffed.kind == "executable":
        raise ValidationError(
            _("This file is %(what)s; it cannot be evidence.") % {"what": _(sniffed.what)}
        )
    if sniffed.kind == "binary":
        raise ValidationError(_("This file is binary of an unknown type."))
    if sniffed.kind == "damaged_zip":
        raise ValidationError(_("This file is a damaged ZIP archive."))
    if sniffed.kind == "zip":
        raise ValidationError(
            _("ZIP archives cannot be evidence; upload the documents themselves.")
        )
    if sniffed.kind == "html":
        raise ValidationError(
            _("Web pages and SVG images cannot be evidence files; give a link instead.")
        )
    if sniffed.kind == "text" and sniffed.encoding is None:
        raise ValidationError(_("A text file must be UTF-8 (or UTF-16 with a byte order mark)."))
    return sniffed.kind


def sniff_evidence(fileobj, name: str) -> str:
    """The content type to store for an allowed file; ValidationError names what is wrong."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError(
            _("“%(name)s”: evidence files must be one of %(allowed)s.")
            % {"name": name, "allowed": ", ".join(sorted(ALLOWED))}
        )
    fileobj.seek(0)
    if not fileobj.read(1):
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    found = _what(fileobj)
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
    limit = max_evidence_bytes()
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
