import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real reference data, loaded once."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture
def kenya(db):
    from naptrack.registry.models import Country

    return Country.objects.get(iso3="KEN")


@pytest.fixture
def coordinator(db, kenya):
    from tests.factories.accounts import CoordinatorFactory

    return CoordinatorFactory(country=kenya).user
