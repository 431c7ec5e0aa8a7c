import pytest

from tests.factories import people


@pytest.fixture
def lesson_author(db):
    return people.person()
