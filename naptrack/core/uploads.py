"""One early size limit for every upload.

Without it Django would write the whole oversized body to a temporary file before a form
could refuse it. The handler stops reading a file once it passes the limit. Fields sent
before the file (the CSRF token comes first in our forms) are still parsed, so the page
can answer with a clear message. Views that call `limit_upload_size` must be
`csrf_exempt` with `csrf_protect` on an inner function, because the limit has to be in
place before anything reads the body."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        received = start + len(raw_data)
        if received > self.limit:
            self.request.upload_too_large = received
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_upload_size(request, limit: int) -> None:
    """Refuse any file in this request's body larger than `limit` bytes, while reading it."""
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit=limit))


def upload_too_large(request) -> int | None:
    """The bytes received when the limit was passed, or None."""
    return getattr(request, "upload_too_large", None)
