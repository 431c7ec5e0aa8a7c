"""The languages content is written in, by ISO 639-1 code (as documents and keywords
already name theirs), and the visitor's language in those terms. No models here: the
apps whose content records a language import this from their models."""

import functools

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy, trans_real
from django.utils.translation import gettext as _

# The six official UN languages: translations are written in these, since the interface
# speaks them. Chinese is Simplified Chinese, the UN's written form ("zh-hans" in Django).
UN_LANGUAGES = {
    "ar": gettext_lazy("Arabic"),
    "zh": gettext_lazy("Chinese"),
    "en": gettext_lazy("English"),
    "fr": gettext_lazy("French"),
    "ru": gettext_lazy("Russian"),
    "es": gettext_lazy("Spanish"),
}
# Content's own language: any ISO 639-1 code (plans are written in Portuguese, German,
# Japanese…), or empty when nobody recorded it.
LANGUAGE_HELP = gettext_lazy(
    "ISO 639-1 code of the language it is written in (ar, zh, en, fr, ru, es or any other); "
    "empty when not recorded."
)


def language_name(code: str) -> str:
    if code in UN_LANGUAGES:
        return str(UN_LANGUAGES[code])
    language = pycountry.languages.get(alpha_2=code) if code else None
    return _(language.name) if language else code


def validate_language_code(code: str) -> None:
    if code and (len(code) != 2 or pycountry.languages.get(alpha_2=code) is None):
        raise ValidationError(
            _("“%(code)s” is not an ISO 639-1 language code."), params={"code": code}
        )


def validate_un_language(code: str) -> None:
    if code not in UN_LANGUAGES:
        raise ValidationError(
            _("“%(code)s” is not one of ar, zh, en, fr, ru, es."), params={"code": code}
        )


def language_choices() -> list[tuple[str, str]]:
    """Not recorded, the six UN languages, then every other ISO 639-1 language by name
    (in the interface's language)."""
    language = get_language() or "en"
    # The catalogue gettext answers from now (trans_real.catalog), as part of the key.
    return list(_language_choices(language, trans_real.catalog()))


@functools.lru_cache(maxsize=16)
def _language_choices(language: str, catalogue) -> tuple[tuple[str, str], ...]:
    """Built once per interface language and process (translating and sorting 180 names
    took milliseconds on every form that offers them; docs/benchmarks.md). Keyed by the
    catalogue object too, so a catalogue swapped in (the tests' pseudo-locale) is never
    answered from another's list."""
    others = sorted(
        ((lang.alpha_2, _(lang.name)) for lang in pycountry.languages if hasattr(lang, "alpha_2")
         and lang.alpha_2 not in UN_LANGUAGES),
        key=lambda pair: pair[1],
    )  # fmt: skip
    six = [(code, str(name)) for code, name in UN_LANGUAGES.items()]
    return (("", _("Not recorded")), *six, *others)


def visitor_language() -> str:
    """The interface language as an ISO 639-1 code: "zh-hans" is "zh", "fr-ca" is "fr"."""
    return (get_language() or "en").split("-")[0].lower()
