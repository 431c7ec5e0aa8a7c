"""Every model of NAPtrack's apps has a factory in tests/factories that can create it."""

import importlib
import inspect
import pkgutil

import pytest
from django.apps import apps
from factory.django import DjangoModelFactory

from tests import factories


def naptrack_models():
    return [model for model in apps.get_models() if model.__module__.startswith("naptrack.")]


def factory_modules():
    """Every module of tests/factories: a factory counts where it is defined, whether or
    not the package re-exports it."""
    names = sorted(info.name for info in pkgutil.iter_modules(factories.__path__))
    return [importlib.import_module(f"tests.factories.{name}") for name in names]


def factories_by_model():
    found = {}
    for module in factory_modules():
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, DjangoModelFactory) and value._meta.model is not None:
                found.setdefault(value._meta.model, value)
    return found


def test_every_model_has_a_factory():
    missing = [m.__name__ for m in naptrack_models() if m not in factories_by_model()]
    assert missing == [], f"add factories to tests/factories for: {', '.join(missing)}"


@pytest.mark.parametrize("model", naptrack_models(), ids=lambda m: m.__name__)
def test_factory_creates_a_valid_saved_record(db, model):
    factory_class = factories_by_model().get(model)
    if factory_class is None:
        pytest.skip("covered by test_every_model_has_a_factory")
    record = factory_class()
    assert record.pk is not None
    assert model.objects.filter(pk=record.pk).exists()
