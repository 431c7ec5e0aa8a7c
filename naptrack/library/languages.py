"""Language names in the reader's language. The names and their translations are the
ISO 639 data that pycountry ships (Debian's iso-codes and its translators' catalogues),
never typed here; a name without a translation stays English."""

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language, to_locale

# iso-codes names its Chinese catalogues by region, Django by script.
ISO_CODES_LOCALES = {"zh_Hans": "zh_CN", "zh_Hant": "zh_TW"}


@lru_cache(maxsize=32)
def _catalogue(locale: str) -> gettext.NullTranslations:
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, [locale], fallback=True)


def translated_name(english_name: str, language: str | None = None) -> str:
    locale = to_locale(language or get_language() or "en")
    return _catalogue(ISO_CODES_LOCALES.get(locale, locale)).gettext(english_name)


def language_name(code: str, language: str | None = None) -> str:
    """The ISO 639-1 language `code` named in `language` (the active one by default);
    the code itself when pycountry does not know it."""
    known = pycountry.languages.get(alpha_2=code) if code else None
    return translated_name(known.name, language) if known else code


def language_choices() -> list[tuple[str, str]]:
    """Every ISO 639-1 language, named and sorted in the active language."""
    return _choices_in(get_language() or "en")


@lru_cache(maxsize=16)
def _choices_in(language: str) -> list[tuple[str, str]]:
    languages = [
        (lang.alpha_2, translated_name(lang.name, language))
        for lang in pycountry.languages
        if hasattr(lang, "alpha_2")
    ]
    return sorted(languages, key=lambda item: item[1].casefold())
