"""Names of places in each interface language, from the Unicode CLDR via Babel.

Country names are never typed by hand: CLDR is what operating systems and browsers use,
reviewed by native speakers for every language NAPtrack speaks."""

import functools

import pycountry
from babel import Locale, UnknownLocaleError
from django.utils.translation import to_locale


@functools.cache
def babel_locale(language: str) -> Locale | None:
    try:
        return Locale.parse(to_locale(language))
    except (ValueError, UnknownLocaleError):
        return None


def alpha2_of(country) -> str:
    """The ISO 3166 alpha-2 code of a Country, an alpha-2 or an alpha-3 code."""
    if isinstance(country, str):
        code = country
    else:
        code = getattr(country, "iso2", "") or getattr(country, "iso3", "")
    code = code.strip().upper()
    if len(code) == 3:
        found = pycountry.countries.get(alpha_3=code)
        return found.alpha_2 if found else ""
    return code if len(code) == 2 else ""


def country_name(country, language: str) -> str:
    """The country's name in `language`, or "" when CLDR does not know the code."""
    locale = babel_locale(language or "en")
    code = alpha2_of(country)
    if locale is None or not code:
        return ""
    return locale.territories.get(code, "")
