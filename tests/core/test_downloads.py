"""One download helper: Content-Disposition follows RFC 6266 for any file name."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import Http404, HttpResponse

from naptrack.core.downloads import name_download, stored_file_download

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_ascii_name_stays_a_plain_quoted_filename():
    response = name_download(HttpResponse(), "plan-4-structure.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="plan-4-structure.xlsx"'


def test_a_non_ascii_name_is_percent_encoded_as_utf8():
    response = name_download(HttpResponse(), "rapport-été-ضمان.pdf", inline=True)
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''rapport-%C3%A9t%C3%A9-%D8%B6%D9%85%D8%A7%D9%86.pdf"
    )


def test_a_quote_in_a_name_cannot_end_the_header_value():
    response = name_download(HttpResponse(), 'a"b\\c.csv')
    assert response["Content-Disposition"] == 'attachment; filename="a\\"b\\\\c.csv"'


def test_a_stored_file_goes_out_as_a_sandboxed_download(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("evidence.pdf", ContentFile(PDF))
    response = stored_file_download(
        storage.open(name), filename="Übersicht.pdf", content_type="application/pdf"
    )
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%C3%9Cbersicht.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_a_file_lost_from_storage_is_a_404(tmp_path):
    class Lost:
        def open(self, mode):
            raise FileNotFoundError(mode)

    with pytest.raises(Http404):
        stored_file_download(Lost(), filename="x.pdf", content_type="")
