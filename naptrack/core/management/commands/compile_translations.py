"""Compile the translation catalogues (.po) into the files Django reads (.mo).

Pure Python (Babel), so `make` needs no GNU gettext; `makemessages`, which extracts new
strings, still does (docs/i18n.md). A catalogue that does not parse, or a translation whose
placeholders differ from the English (a `%(name)s` lost or renamed), stops the build with
the file, line and string named: a broken placeholder would crash the page at runtime."""

import re
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogue_paths() -> list[Path]:
    pattern = "*/LC_MESSAGES/*.po"
    return sorted(po for directory in settings.LOCALE_PATHS for po in Path(directory).glob(pattern))


def is_up_to_date(po_path: Path, mo_path: Path) -> bool:
    return mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime


def read_catalogue(po_path: Path):
    locale = po_path.parent.parent.name
    with po_path.open("rb") as handle:
        try:
            return read_po(handle, locale=locale, abort_invalid=True)
        except PoFileError as error:
            raise CommandError(f"{po_path}: {error}") from error


NAMED_PLACEHOLDER = re.compile(r"%\(([A-Za-z0-9_]+)\)")


def plural_placeholder_errors(message) -> list[str]:
    """Babel compares a plural's first form with the English singular, but in Arabic the
    first form is "zero" and in Chinese the only one: it says the count too. Each form may
    use any placeholder of the singular or the plural, and no other."""
    allowed = set(NAMED_PLACEHOLDER.findall(" ".join(message.id)))
    return [
        f"unknown named placeholder {name!r}"
        for form in message.string
        for name in NAMED_PLACEHOLDER.findall(form or "")
        if name not in allowed
    ]


def placeholder_errors(po_path: Path, catalogue) -> list[str]:
    problems = []
    for message, errors in catalogue.check():
        if message.fuzzy:  # a guess `makemessages` carried over; never compiled (write_mo skips it)
            continue
        if message.pluralizable:
            errors = plural_placeholder_errors(message)
        for error in errors:
            line = message.lineno or "?"
            problems.append(f"{po_path}:{line}: {message.id!r}: {error}")
    return problems


class Command(BaseCommand):
    help = "Compile every .po catalogue under LOCALE_PATHS into .mo (Babel; no gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile even when up to date.")

    def handle(self, *args, force=False, verbosity=1, **options):
        problems, compiled = [], 0
        for po_path in catalogue_paths():
            mo_path = po_path.with_suffix(".mo")
            if not force and is_up_to_date(po_path, mo_path):
                continue
            catalogue = read_catalogue(po_path)
            errors = placeholder_errors(po_path, catalogue)
            if errors:
                problems.extend(errors)
                continue
            with mo_path.open("wb") as handle:
                write_mo(handle, catalogue)
            compiled += 1
        if problems:
            raise CommandError("Translations with broken placeholders:\n" + "\n".join(problems))
        if verbosity:
            self.stdout.write(f"Compiled {compiled} catalogue(s).")
