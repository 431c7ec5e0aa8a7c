"""The language switcher's links and names of places in the visitor's language."""

import functools
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language

from naptrack.core.languages import country_name

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """For each language: its name in itself, the switcher link (remembers the choice), and
    the page's own address in that language (for hreflang alternates)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {**link, "current": link["code"] == current, "url": absolute(request, link["url"])}
        for link in _links_for(path, current)
    ]


@functools.lru_cache(maxsize=1024)
def _links_for(path: str, current: str) -> tuple[dict, ...]:
    """The links of one address in one language: the same for everyone (nothing of the
    user), and resolving the address in every language cost milliseconds per page, so each
    process keeps the last 1,024 (docs/benchmarks.md)."""
    return tuple(
        {
            "code": code,
            "name": name,
            "switch_url": reverse("switch_language", args=[code]) + "?" + urlencode({"next": path}),
            "url": translate_url(path, code),
        }
        for code, name in settings.LANGUAGES
    )


def absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request else url


@register.filter
def country_in_language(country, fallback: str = "") -> str:
    """A country's name in the active language, from CLDR (Babel); its stored English name
    when CLDR has none. Accepts a Country (iso2/iso3 attributes) or an ISO code. English
    keeps the registry's own names, which follow the plans' sources."""
    stored = fallback or getattr(country, "name", "") or str(country)
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return stored
    return country_name(country, language) or stored
