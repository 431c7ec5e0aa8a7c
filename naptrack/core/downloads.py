"""One way to send a file to the browser.

`Content-Disposition` is built by Django's `content_disposition_header`, which follows
RFC 6266: an ASCII name goes in `filename="…"` (quotes and backslashes escaped), any
other name in `filename*=utf-8''…` percent-encoded, so a plan title in Arabic or a name
holding a quote never breaks the header."""

from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _


def name_download(response, filename: str, *, inline: bool = False):
    """Give `response` a Content-Disposition header for `filename`, and return it."""
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def stored_file_download(field_file, *, filename: str, content_type: str) -> FileResponse:
    """An uploaded file sent back always as a download: never rendered by the browser,
    whatever it holds (HTML, or a PDF carrying JavaScript). Http404 when storage has lost it."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This file is missing from storage.")) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
