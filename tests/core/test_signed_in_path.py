"""What the signed-in path keeps between requests (issue #16, docs/benchmarks.md): the
languages offered by forms and the language switcher's links, per process; and the long
selects written inline. None of it holds anything of a user."""

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.utils.translation import gettext, override

from naptrack.accounts.choices import Role
from naptrack.core.widgets import LongSelect, LongSelectMultiple
from naptrack.translations.languages import language_choices
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.i18n.pseudo import pseudo_locale

CHOICES = [("", "Not recorded"), ("en", "English"), ("fr", "French & <b>co</b>")]
GROUPED = [("UN", [("en", "English"), ("fr", "French")]), ("Other", [("de", "German")])]


@pytest.mark.parametrize(
    ("django_widget", "inline_widget", "choices", "value"),
    [
        (forms.Select, LongSelect, CHOICES, "fr"),
        (forms.Select, LongSelect, CHOICES, ""),
        (forms.Select, LongSelect, GROUPED, "de"),
        (forms.SelectMultiple, LongSelectMultiple, CHOICES, ["en", "fr"]),
    ],
)
def test_long_selects_write_the_same_html_as_django(django_widget, inline_widget, choices, value):
    attrs = {"id": "id_language", "aria-describedby": "help", "required": True}
    expected = django_widget(attrs=attrs, choices=choices).render("language", value)
    assert inline_widget(attrs=attrs, choices=choices).render("language", value) == expected
    assert "&lt;b&gt;co&lt;/b&gt;" in expected or choices is not CHOICES


def test_language_choices_follow_the_interface_language_and_are_a_fresh_list():
    with override("en"):
        english = language_choices()
        english.append(("xx", "changed by a caller"))
        assert ("xx", "changed by a caller") not in language_choices()
    with override("fr"):
        french = dict(language_choices())
        assert french["fr"] == gettext("French") == "Français"
        assert french[""] == "Non enregistré"
    with override("en"):
        assert dict(language_choices())["fr"] == "French"


def test_language_choices_follow_a_catalogue_swapped_in_and_out():
    with override("en"):
        assert dict(language_choices())["fr"] == "French"
    with pseudo_locale():
        with override("en"):
            assert dict(language_choices())["fr"] == "⟦French⟧"
    with override("en"):
        assert dict(language_choices())["fr"] == "French"


def links(path: str, host: str, language: str = "en") -> str:
    request = RequestFactory().get(path, HTTP_HOST=host)
    template = Template(
        "{% load naptrack_i18n %}{% language_links as languages %}"
        "{% for l in languages %}{{ l.code }} {{ l.current }} {{ l.url }} {{ l.switch_url }}|"
        "{% endfor %}"
    )
    with override(language):
        return template.render(Context({"request": request}))


@override_settings(ALLOWED_HOSTS=["a.example", "b.example"])
def test_language_links_are_kept_per_address_language_and_host(db):
    english = links("/plans/?q=kenya", "a.example")
    assert "fr False http://a.example/fr/plans/?q=kenya" in english
    assert "next=%2Fplans%2F%3Fq%3Dkenya" in english and "en True" in english
    assert links("/plans/?q=kenya", "b.example") == english.replace("a.example", "b.example")
    assert "q=kenya" not in links("/plans/", "a.example")
    french = links("/fr/plans/", "a.example", "fr")
    assert "fr True" in french and "en False http://a.example/plans/" in french


def test_my_work_reads_each_role_without_a_query_per_role(client, db):
    def my_work_queries(user) -> int:
        client.force_login(user)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get("/me/").status_code == 200
        return len(captured)

    one, three = UserFactory(), UserFactory()
    MembershipFactory(user=one, role=Role.CSO_MEMBER, organization=OrganizationFactory())
    for _ in range(3):
        MembershipFactory(user=three, role=Role.CSO_MEMBER, organization=OrganizationFactory())
    assert my_work_queries(three) == my_work_queries(one)
