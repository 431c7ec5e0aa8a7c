"""Names of places in each interface language, from the Unicode CLDR via Babel.

Country names are never typed by hand: CLDR is what operating systems and browsers use,
reviewed by native speakers for every language NAPtrack speaks."""

import functools
import unicodedata

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


def collation_key(text: str) -> str:
    """A sort key close to alphabetical order in every script, without ICU.

    Case and accents are folded (NFKD, combining marks dropped), so "Émirats" sorts
    with "E" and "Côte d'Ivoire" before "Croatie". Code-point order remains within each
    script, which is right for Arabic and Cyrillic letters but not for Chinese, where
    CLDR's order is by pinyin (needs PyICU's collator) and ours is by character code; nor
    does it know language-specific rules (Spanish "ñ" and Swedish "ä" are filed under "n"
    and "a", not after them)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def sorted_by_name(items, name=str) -> list:
    """Items (countries) in the alphabetical order of their names in the active language."""
    return sorted(items, key=lambda item: collation_key(name(item)))
