"""Stop reading an evidence upload as soon as it passes the size limit, so an oversized
file is refused without first being written whole to a temporary file. Fields sent
before the file (the CSRF token first) still arrive, so the page can say what happened."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from naptrack.reporting.conf import setting


class EvidenceSizeLimitHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = setting("NAPTRACK_MAX_EVIDENCE_BYTES")

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.evidence_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_evidence_size(request) -> None:
    request.upload_handlers.insert(0, EvidenceSizeLimitHandler(request))


def evidence_too_large(request) -> bool:
    return getattr(request, "evidence_too_large", False)
