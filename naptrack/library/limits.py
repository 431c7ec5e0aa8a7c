"""The library's limits, read from settings at the moment they are needed (so tests and
operators can change them). Every default lives in config/settings.py, and only there:
the most often tuned come from the environment (see docs/configuration.md), the rest are
plain settings (see docs/library.md)."""

import math

from django.conf import settings

from naptrack.library.extraction import Limits


def setting(name: str):
    return getattr(settings, name)


def max_upload_bytes() -> int:
    return setting("NAPTRACK_MAX_UPLOAD_BYTES")


def extraction_limits() -> Limits:
    return Limits(
        max_pages=setting("NAPTRACK_MAX_PDF_PAGES"),
        max_chars=setting("NAPTRACK_MAX_EXTRACTED_CHARS"),
        max_page_chars=setting("NAPTRACK_MAX_PAGE_CHARS"),
        max_unzipped_bytes=max(20 * max_upload_bytes(), 100 * 1024 * 1024),
        memory_bytes=setting("NAPTRACK_INGEST_MEMORY_BYTES"),
        cpu_seconds=max(1, math.ceil(setting("NAPTRACK_INGEST_SECONDS"))),
        ocr_seconds=setting("NAPTRACK_OCR_PAGE_SECONDS"),
    )
