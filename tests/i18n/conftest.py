import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_around_each_test():
    """A request to /fr/... leaves French active in the thread (LocaleMiddleware does not
    reset it): start and end every test here in English, so reverse() and later tests in
    the same process build English URLs."""
    translation.activate("en")
    yield
    translation.activate("en")
