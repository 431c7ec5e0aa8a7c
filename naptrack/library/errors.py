"""Why a file was refused, in words a person can act on.

Documents store a code and its parameters, not a sentence, so each reader sees the
message in their own language."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _(
        "The file is %(size)s bytes; the limit is %(limit)s bytes "
        "(setting NAPTRACK_MAX_UPLOAD_BYTES)."
    ),
    "executable": _(
        "The file is named “%(name)s” but it is a program (%(what)s), not a document. "
        "It was not stored."
    ),
    "mislabelled": _(
        "The file is named “%(name)s” but its content is %(what)s. "
        "Rename it or upload the right file."
    ),
    "unsupported": _(
        "“%(name)s” is %(what)s, which the library does not read. "
        "Upload a PDF, Word (DOCX), HTML or plain-text file."
    ),
    "encrypted": _(
        "The PDF is protected by a password. Upload a copy without a password "
        "(in most PDF readers: print or save it as a new PDF)."
    ),
    "truncated": _(
        "The PDF is incomplete: it ends before its end-of-file marker. "
        "It was probably cut off during download; download it again."
    ),
    "corrupt": _("The file is damaged and could not be read (%(detail)s)."),
    "no_pages": _("The PDF has no pages."),
    "too_many_pages": _(
        "The PDF has %(pages)s pages; the limit is %(limit)s "
        "(setting NAPTRACK_MAX_PDF_PAGES). Split it into parts."
    ),
    "page_too_long": _(
        "Page %(page)s holds more than %(limit)s characters of text, far more than a "
        "real page; the file was refused as a possible decompression bomb."
    ),
    "too_much_text": _(
        "The file expands to more than %(limit)s characters of text; it was refused "
        "as a possible decompression bomb. Split it into parts if it is genuine."
    ),
    "too_many_cells": _("A page holds more than %(limit)s table cells; the file was refused."),
    "bomb": _(
        "Reading the file needed more memory or processor time than allowed. It may be "
        "a decompression bomb or built to attack readers; it was refused."
    ),
    "timeout": _("Reading the file took longer than %(seconds)s seconds; it was stopped."),
    "page_timeout": _(
        "Reading one page took longer than %(seconds)s seconds; the file was stopped."
    ),
    "ocr_timeout": _("Recognising the text of one page took longer than %(seconds)s seconds."),
    "crashed": _("The file reader stopped unexpectedly (%(detail)s); the file may be damaged."),
    "missing_original": _("The stored original file is missing."),
    "internal": _("An unexpected error stopped the reading; the administrators were told."),
}


def error_message(code: str, params: dict | None = None) -> str:
    template = MESSAGES.get(code, MESSAGES["internal"])
    params = dict(params or {})
    if "what" in params:  # a phrase marked with gettext_noop where it was found
        params["what"] = gettext(params["what"])
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)
