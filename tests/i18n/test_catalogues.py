"""The catalogues: one per language, compiled by Babel, broken placeholders refused."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils.translation import to_locale

HEADER = """msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""


def write_catalogue(root: Path, body: str) -> Path:
    po = root / "fr" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + body, encoding="utf-8")
    return po


def test_every_language_but_english_has_a_committed_catalogue():
    locale_dir = Path(settings.LOCALE_PATHS[0])
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            assert (locale_dir / to_locale(code) / "LC_MESSAGES" / "django.po").is_file(), code


def test_a_catalogue_compiles_to_a_file_gettext_reads(tmp_path):
    import gettext

    body = 'msgid "Plans"\nmsgstr "Plans d\'action"\n\n#, fuzzy\nmsgid "Home"\nmsgstr "Maison"\n'
    po = write_catalogue(tmp_path, body)
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command("compile_translations", verbosity=0)
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("Plans") == "Plans d'action"
    assert compiled.gettext("Home") == "Home"  # a fuzzy guess is not shipped


def test_a_lost_placeholder_stops_the_build_naming_file_and_line(tmp_path):
    po = write_catalogue(
        tmp_path,
        '#, python-format\nmsgid "Plans of %(country)s"\nmsgstr "Plans de %(pays)s"\n',
    )
    with override_settings(LOCALE_PATHS=[tmp_path]), pytest.raises(CommandError) as error:
        call_command("compile_translations", verbosity=0)
    assert f"{po}:8" in str(error.value)
    assert "Plans of %(country)s" in str(error.value)
    assert not po.with_suffix(".mo").exists()


def test_a_fuzzy_guess_with_other_placeholders_is_skipped_not_refused(tmp_path):
    """makemessages carries an old translation over as a fuzzy guess when the English
    changes (a placeholder renamed, say); it is never compiled, so it cannot break a page."""
    po = write_catalogue(
        tmp_path,
        '#, fuzzy, python-format\nmsgid "Through: %(channel)s"\nmsgstr "Par : %(label)s"\n',
    )
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command("compile_translations", verbosity=0)
    assert po.with_suffix(".mo").exists()


def test_a_plural_form_may_name_the_count_the_singular_leaves_out(tmp_path):
    """Arabic's first form is "zero", Chinese has one form for every number: they say the
    count although the English singular does not. A placeholder named nowhere is refused."""
    plural = (
        '#, python-format\nmsgid "One update waits %(minutes)s minutes."\n'
        'msgid_plural "%(count)s updates wait %(minutes)s minutes."\n'
    )
    write_catalogue(tmp_path, plural + 'msgstr[0] "%(count)s %(minutes)s"\nmsgstr[1] "%(count)s"\n')
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command("compile_translations", verbosity=0)
    broken = tmp_path / "broken"
    write_catalogue(broken, plural + 'msgstr[0] "%(hours)s"\nmsgstr[1] "%(count)s"\n')
    with override_settings(LOCALE_PATHS=[broken]), pytest.raises(CommandError) as error:
        call_command("compile_translations", verbosity=0)
    assert "'hours'" in str(error.value)


def test_a_catalogue_that_does_not_parse_is_named(tmp_path):
    po = write_catalogue(tmp_path, 'msgid "Plans"\nmsgstr "Plans"\nbogus line\n')
    with override_settings(LOCALE_PATHS=[tmp_path]), pytest.raises(CommandError) as error:
        call_command("compile_translations", verbosity=0)
    assert str(po) in str(error.value)


@pytest.mark.parametrize(
    "code", [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
)
def test_every_catalogue_is_complete(code):
    """No English left: every string extracted by `make messages` has a translation that
    is not a fuzzy guess (docs/i18n.md says how translators fill the gaps)."""
    from babel.messages.pofile import read_po

    po = Path(settings.LOCALE_PATHS[0]) / to_locale(code) / "LC_MESSAGES" / "django.po"
    with po.open("rb") as handle:
        catalogue = read_po(handle)
    missing = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert missing == [], f"{po}: {len(missing)} untranslated, e.g. {missing[:3]}"
