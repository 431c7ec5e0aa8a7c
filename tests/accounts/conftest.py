import pytest

from tests.factories.people import clear_rate_limits_and_used_codes


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and used TOTP codes live in the cache; each test starts clean."""
    clear_rate_limits_and_used_codes()
    yield
    clear_rate_limits_and_used_codes()
