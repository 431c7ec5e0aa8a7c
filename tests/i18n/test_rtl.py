"""Right to left: the stylesheets use logical properties, so Arabic lays out mirrored."""

import re
from pathlib import Path

import pytest
from django.conf import settings

# Physical directions in a declaration; @page margin boxes (@top-left) are page corners.
PHYSICAL = re.compile(
    r"(?<![-\w@])(margin|padding|border)-(left|right)\b|(?<![-\w@])(left|right)\s*:"
    r"|text-align:\s*(left|right)|float:\s*(left|right)"
)


def stylesheets() -> list[Path]:
    root = Path(settings.BASE_DIR) / "naptrack"
    return [path for path in root.rglob("*.css") if "vendor" not in path.parts]


def test_stylesheets_use_logical_properties_only():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}"
        for path in stylesheets()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if PHYSICAL.search(line)
    ]
    assert found == []


def test_the_check_catches_a_physical_property():
    assert PHYSICAL.search(".x { margin-left: 1rem; }")
    assert PHYSICAL.search(".x { text-align: right; }")
    assert not PHYSICAL.search("@top-left { content: 'x'; }")
    assert not PHYSICAL.search(".x { margin-inline-start: 1rem; }")


@pytest.mark.django_db
def test_arabic_pages_are_right_to_left_and_others_are_not(client):
    assert 'dir="rtl"' in client.get("/ar/countries/").content.decode()
    assert 'dir="ltr"' in client.get("/ru/countries/").content.decode()
