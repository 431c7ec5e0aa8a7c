"""Countries offered for choosing are listed in the alphabetical order of their names in
the visitor's language, not in the order of the registry's English names."""

import pytest
from django.utils.translation import override

from naptrack.core.languages import collation_key
from naptrack.events.forms import CalendarFilterForm
from naptrack.lessons.forms import LessonForm
from naptrack.twinning.forms import PartnershipForm


def test_the_key_folds_case_and_accents():
    names = ["Espagne", "égypte", "Allemagne", "Côte d’Ivoire", "Croatie"]
    assert sorted(names, key=collation_key) == [
        "Allemagne",
        "Côte d’Ivoire",
        "Croatie",
        "égypte",
        "Espagne",
    ]


def _labels(choices) -> list[str]:
    return [str(label) for value, label in choices if value]


def _position(labels, name) -> int:
    return labels.index(name)


def test_french_visitors_choose_from_french_alphabetical_order(db):
    with override("fr"):
        for labels in [
            _labels(CalendarFilterForm().fields["country"].choices),
            _labels(PartnershipForm().fields["countries"].choices),
            _labels(LessonForm().fields["countries"].choices),
        ]:
            assert labels == sorted(labels, key=collation_key)
            # Germany is "Allemagne": first in French, after Egypt in English.
            assert _position(labels, "Allemagne") < _position(labels, "Égypte")
            assert _position(labels, "Égypte") < _position(labels, "Espagne")


def test_english_keeps_the_registry_names_in_their_order(db):
    with override("en"):
        labels = _labels(CalendarFilterForm().fields["country"].choices)
    assert _position(labels, "Egypt") < _position(labels, "Germany")
    assert labels == sorted(labels, key=collation_key)


def test_arabic_names_sort_by_arabic_letters(db):
    with override("ar"):
        labels = _labels(PartnershipForm().fields["countries"].choices)
    assert labels == sorted(labels, key=collation_key)
    assert labels[0].startswith("إ") or labels[0].startswith("أ") or labels[0].startswith("ا")


@pytest.mark.django_db
def test_the_country_index_is_in_the_visitors_language_and_order(client):
    """Region headings come from CLDR's M49 names; countries follow the French alphabet
    (Allemagne before Autriche, where English has Austria before Germany)."""
    html = client.get("/fr/countries/").content.decode()
    assert ">Afrique <" in html and ">Europe <" in html
    assert html.index(">Allemagne<") < html.index(">Autriche<")
    english = client.get("/countries/").content.decode()
    assert ">Africa <" in english
    assert english.index(">Austria<") < english.index(">Germany<")
