"""An upload handler that stops reading a file once it passes the size limit.

Without it Django would write the whole oversized body to a temporary file before the
form could refuse it. Fields sent before the file (the CSRF token comes first in our
forms) are still parsed, so the page can answer with a clear message."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from naptrack.library import limits


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = limits.max_upload_bytes()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        if self.received > self.limit:
            self.request.library_upload_too_large = self.received
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_upload_size(request) -> None:
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))


def upload_too_large(request) -> int | None:
    """The bytes received when the limit was passed, or None."""
    return getattr(request, "library_upload_too_large", None)
