"""The pseudo-locale itself: it must catch an unmarked string and pass a marked one."""

from django.template import Context, Template
from django.utils import translation

from tests.i18n.pseudo import pseudo_locale, unmarked_texts


def render(source: str) -> str:
    with pseudo_locale(), translation.override("en"):
        return Template("{% load i18n %}" + source).render(Context({"n": 2, "name": "Kenya"}))


def test_marked_strings_are_wrapped_and_pass():
    html = render(
        '<p>{% translate "Plans" %}</p><p>{% blocktranslate count n=n %}one plan{% plural %}'
        '{{ n }} plans{% endblocktranslate %}</p><p>{% translate "May" context "month" %}</p>'
    )
    assert "⟦Plans⟧" in html and "⟦2 plans⟧" in html and "⟦May⟧" in html
    assert unmarked_texts(html) == []


def test_an_unmarked_string_is_found_in_text_and_attributes():
    html = render('<p>Countries</p><input placeholder="Search plans"><p>{% translate "Ok" %}</p>')
    assert unmarked_texts(html) == [("<p>", "Countries"), ("<input placeholder>", "Search plans")]


def test_data_numbers_and_translate_no_are_not_interface():
    html = render(
        '<p>{{ name }} 2024-05-01 12,5 %</p><span translate="no">NAP-KEN-2</span>'
        "<code>manage.py</code>"
    )
    assert unmarked_texts(html, data={"Kenya"}) == []
    assert unmarked_texts(html) == [("<p>", "Kenya 2024-05-01 12,5 %")]


def test_the_pseudo_locale_ends_with_the_block():
    render("")
    with translation.override("en"):
        assert translation.gettext("Plans") == "Plans"


def test_a_marked_sentence_holding_a_link_is_marked_throughout():
    html = render(
        '<p>{% blocktranslate %}Please <a href="/x">sign in</a> first.{% endblocktranslate %}'
        " Later</p>"
    )
    assert unmarked_texts(html) == [("<p>", "first.⟧ Later")]  # the node holding it
