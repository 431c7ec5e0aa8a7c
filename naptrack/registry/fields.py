"""Form fields choosing countries, listed by their names in the visitor's language.

The database orders by the registry's English name; a French visitor choosing from
"Allemagne ... Égypte ..." needs the CLDR names sorted (naptrack.core.languages)."""

from django import forms
from django.forms.models import ModelChoiceIterator

from naptrack.core.languages import sorted_by_name


class _ByDisplayName(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for country in sorted_by_name(self.queryset):
            yield self.choice(country)


class CountryChoiceField(forms.ModelChoiceField):
    iterator = _ByDisplayName


class CountryMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _ByDisplayName


def country_choices(countries) -> list[tuple[str, str]]:
    """(ISO3, name in the active language) for a filter's plain ChoiceField."""
    return [(c.iso3, c.display_name) for c in sorted_by_name(countries)]
