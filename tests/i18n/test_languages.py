"""Languages in URLs: the prefix, the switcher, Accept-Language, the cookie, the cache."""

import re

import pytest
from django.conf import settings
from django.test import override_settings

BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


@pytest.mark.django_db
def test_english_stays_unprefixed_and_says_so(client):
    response = client.get("/plans/")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="en" dir="ltr">'


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "direction"),
    [("fr", "fr", "ltr"), ("ar", "ar", "rtl"), ("zh-hans", "zh-hans", "ltr"), ("ru", "ru", "ltr")],
)
def test_prefixed_pages_carry_their_language_and_direction(client, prefix, lang, direction):
    response = client.get(f"/{prefix}/plans/")
    assert response.status_code == 200
    assert html_tag(response) == f'<html lang="{lang}" dir="{direction}">'


@pytest.mark.django_db
def test_every_page_offers_every_language_keeping_the_path(client):
    html = client.get("/fr/countries/?q=ke").content.decode()
    for code, name in settings.LANGUAGES:
        assert f'href="/language/{code}/?next=%2Ffr%2Fcountries%2F%3Fq%3Dke"' in html
        assert name in html
    assert 'hreflang="ar" href="http://testserver/ar/countries/?q=ke"' in html
    assert 'hreflang="en" href="http://testserver/countries/?q=ke"' in html


@pytest.mark.django_db
def test_switching_goes_to_the_same_page_in_that_language_and_is_remembered(client):
    response = client.get("/language/es/", {"next": "/countries/?q=ke"})
    assert response.status_code == 302
    assert response["Location"] == "/es/countries/?q=ke"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    # Back on an unprefixed page later, the remembered choice wins over the browser's.
    response = client.get("/plans/", HTTP_ACCEPT_LANGUAGE="fr", **BROWSER)
    assert response["Location"] == "/es/plans/"


@pytest.mark.django_db
def test_choosing_english_keeps_english_for_a_french_browser(client):
    client.get("/language/en/", {"next": "/fr/plans/"})
    response = client.get("/plans/", HTTP_ACCEPT_LANGUAGE="fr", **BROWSER)
    assert response.status_code == 200
    assert html_tag(response).startswith('<html lang="en"')


@pytest.mark.django_db
def test_the_switch_refuses_other_sites_and_unknown_languages(client):
    response = client.get("/language/fr/", {"next": "https://evil.example/plans/"})
    assert response["Location"] == "/fr/"
    assert client.get("/language/xx/", {"next": "/"}).status_code == 404


@pytest.mark.django_db
def test_a_first_visit_follows_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5", **BROWSER)
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert "Accept-Language" in response["Vary"]
    page = client.get(response["Location"])
    assert html_tag(page) == '<html lang="fr" dir="ltr">'


@pytest.mark.django_db
def test_an_english_or_unknown_browser_stays_on_the_english_page(client):
    for accept in ("en-GB,en;q=0.9", "de-DE,de;q=0.9", ""):
        response = client.get("/plans/", HTTP_ACCEPT_LANGUAGE=accept, **BROWSER)
        assert response.status_code == 200, accept


@pytest.mark.django_db
def test_feeds_downloads_and_htmx_are_not_redirected(client):
    french = {"HTTP_ACCEPT_LANGUAGE": "fr"}
    assert client.get("/data/plans.csv", **french).status_code == 200
    assert client.get("/calendar/feed.ics", **french).status_code == 200
    htmx = client.get("/plans/", HTTP_HX_REQUEST="true", **french, **BROWSER)
    assert htmx.status_code == 200


@pytest.mark.django_db
def test_signed_in_users_land_in_their_chosen_language(client, kenya_coordinator):
    kenya_coordinator.language = "ru"
    kenya_coordinator.save()
    client.force_login(kenya_coordinator)
    assert client.get("/plans/", **BROWSER)["Location"] == "/ru/plans/"


@pytest.mark.django_db
def test_api_admin_and_switch_stay_unprefixed(client):
    assert client.get("/api/v1/plans").status_code == 200
    assert client.get("/fr/api/v1/plans").status_code == 404
    response = client.get("/api/v1/plans", HTTP_ACCEPT_LANGUAGE="fr", **BROWSER)
    assert response.status_code == 200
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/fr/admin/login/").status_code == 404


@pytest.mark.django_db
@override_settings(NAPTRACK_PUBLIC_CACHE_SECONDS=300)
def test_the_public_cache_keeps_one_page_per_language(client):
    from django.core.cache import cache

    cache.clear()
    english = client.get("/plans/")
    french = client.get("/fr/plans/")
    arabic = client.get("/ar/plans/")
    assert html_tag(english).startswith('<html lang="en"')
    assert html_tag(french).startswith('<html lang="fr"')
    assert html_tag(arabic) == '<html lang="ar" dir="rtl">'
    # Served again from the cache, each keeps its language.
    assert html_tag(client.get("/fr/plans/")).startswith('<html lang="fr"')
    assert html_tag(client.get("/plans/")).startswith('<html lang="en"')
    # A French browser's first visit is redirected, never handed the cached English page.
    response = client.get("/plans/", HTTP_ACCEPT_LANGUAGE="fr", **BROWSER)
    assert response.status_code == 302
    cache.clear()


@pytest.mark.django_db
def test_stand_alone_pages_carry_lang_and_dir(client):
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert html_tag(docs) == '<html lang="en" dir="ltr">'
    login = client.get("/ar/accounts/login/")
    assert login.status_code == 200
    assert html_tag(login) == '<html lang="ar" dir="rtl">'
    assert 'action="/ar/accounts/login/"' in login.content.decode()
