"""Names of countries and dates in the visitor's language, from CLDR and Django's formats."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from naptrack.core.languages import country_name
from naptrack.registry.choices import DatePrecision
from naptrack.registry.models import _date_display


@pytest.mark.parametrize(
    ("language", "name"),
    [("fr", "Kenya"), ("es", "Kenia"), ("ru", "Кения"), ("ar", "كينيا"), ("zh-hans", "肯尼亚")],
)
def test_country_names_come_from_cldr_in_each_language(language, name):
    assert country_name("KEN", language) == name
    assert country_name("KE", language) == name


def test_an_unknown_code_has_no_name():
    assert country_name("XXX", "fr") == ""
    assert country_name("", "fr") == ""


@pytest.mark.django_db
def test_country_pages_name_the_country_in_the_page_language(client):
    assert "<h1>Кения</h1>" in client.get("/ru/countries/KEN/").content.decode()
    assert "<h1>肯尼亚</h1>" in client.get("/zh-hans/countries/KEN/").content.decode()
    # English keeps the registry's own name.
    assert "<h1>Kenya</h1>" in client.get("/countries/KEN/").content.decode()


@pytest.mark.django_db
def test_the_country_filter_names_a_country_in_the_active_language(kenya):
    template = Template("{% load naptrack_i18n %}{{ country|country_in_language }}")
    with translation.override("es"):
        assert template.render(Context({"country": kenya})) == "Kenia"
    with translation.override("en"):
        assert template.render(Context({"country": kenya})) == kenya.name


def test_dates_follow_the_language_and_keep_their_precision():
    day = datetime.date(2020, 3, 8)
    with translation.override("en"):
        assert _date_display(day, DatePrecision.DAY) == "08 March 2020"
        assert _date_display(day, DatePrecision.YEAR) == "2020"
    with translation.override("fr"):
        assert _date_display(day, DatePrecision.DAY) == "8 mars 2020"
    with translation.override("ru"):
        assert _date_display(day, DatePrecision.DAY) == "8 марта 2020 г."
    with translation.override("es"):
        assert _date_display(day, DatePrecision.MONTH) == "marzo de 2020"
