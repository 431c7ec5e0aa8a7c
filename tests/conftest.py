"""Fixtures every folder shares. Each fixture name means one thing across the suite
(tests/test_fixture_names.py keeps it so): a folder's own scenario fixtures carry a name
of their own (reporting_plan, shadow_cso, ...), never one of these."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings

from tests.factories import people


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real reference data, loaded once."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_media_and_cache(settings, tmp_path):
    """Uploads go to a fresh folder per test, never into var/; rate-limit counters, used
    TOTP codes and cached pages live in the cache, so each test starts and ends clean."""
    settings.MEDIA_ROOT = tmp_path / "media"
    people.clear_rate_limits_and_used_codes()
    yield
    people.clear_rate_limits_and_used_codes()


@pytest.fixture
def cache_on():
    """The public page cache switched on (tests run with it off), empty before and after."""
    caches["default"].clear()
    with override_settings(NAPTRACK_PUBLIC_CACHE_SECONDS=300):
        yield
    caches["default"].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block queues for after its commit (the notifications task)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# Countries, from the reference data -----------------------------------------------------


@pytest.fixture
def african_union(db):
    from naptrack.registry.models import RegionalOrganization

    return RegionalOrganization.objects.get(slug="african-union")


@pytest.fixture
def kenya(db):
    from naptrack.registry.models import Country

    return Country.objects.get(iso3="KEN")


@pytest.fixture
def uganda(db):
    from naptrack.registry.models import Country

    return Country.objects.get(iso3="UGA")


# People (made by tests.factories.people) ---------------------------------------------


@pytest.fixture
def kenya_coordinator(kenya):
    return people.coordinator_of(kenya)


@pytest.fixture
def uganda_coordinator(uganda):
    """Another country's coordinator: an outsider to everything Kenyan."""
    return people.coordinator_of(uganda)


@pytest.fixture
def moderator(db):
    return people.moderator()


@pytest.fixture
def analyst(db):
    return people.analyst()


@pytest.fixture
def platform_admin(db):
    return people.platform_admin()


@pytest.fixture
def member(db):
    """A signed-up person holding no role."""
    return people.person()


@pytest.fixture
def other_cso_member(db):
    """A member of a civil-society organization unrelated to the test's own."""
    from naptrack.accounts.choices import OrganizationKind
    from tests.factories.accounts import OrganizationFactory

    other = OrganizationFactory(name="Unrelated CSO (test)", kind=OrganizationKind.CSO)
    return people.cso_member(other)


@pytest.fixture
def anonymous_api(db):
    """The API client of a visitor without a token."""
    from tests.api.conftest import ApiClient

    return ApiClient()


@pytest.fixture
def kenya_coordinator_client(client, kenya_coordinator):
    """The test client signed in as Kenya's coordinator."""
    return people.signed_in(client, kenya_coordinator)
