"""A pseudo-locale that shows which strings on a page never went through gettext.

`pseudo_locale()` makes English's translation object wrap everything it translates in
⟦ and ⟧, so a rendered page shows every marked string wrapped. `unmarked_texts(html)` then
lists the visible text (and the attributes people read: title, placeholder, aria-label, alt,
button values) that is neither wrapped nor data. Data is: numbers, dates, codes, URLs,
e-mail addresses, anything inside an element with the standard HTML attribute
`translate="no"` (brand name, ISO codes, identifiers), and the strings of `data` (names and
titles stored in the database, e.g. from `database_vocabulary()`).

Usage in a test:

    with pseudo_locale():
        html = client.get(url).content.decode()
    assert unmarked_texts(html, data=database_vocabulary()) == []
"""

import contextlib
import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models
from django.utils.translation import trans_real

OPEN, CLOSE = "⟦", "⟧"
CONTEXT_SEPARATOR = "\x04"


def wrap(message: str) -> str:
    if not message:
        return message
    # pgettext asks for "context\x04message" and falls back to the bare message when the
    # answer still holds the separator: answer with the wrapped bare message instead.
    return OPEN + message.rsplit(CONTEXT_SEPARATOR, 1)[-1] + CLOSE


class PseudoTranslation:
    """Django's own English translation object, with every answer wrapped."""

    def __init__(self, base):
        self._base = base

    def __getattr__(self, name):
        return getattr(self._base, name)

    def gettext(self, message):
        return wrap(message)

    def ngettext(self, singular, plural, number):
        return wrap(singular if number == 1 else plural)


@contextlib.contextmanager
def pseudo_locale(language: str = "en"):
    """Within the block, `language` (English by default) answers in the pseudo-locale."""
    saved_translation = trans_real._translations.get(language)
    saved_default = trans_real._default
    trans_real._translations[language] = PseudoTranslation(trans_real.translation(language))
    trans_real._default = None
    try:
        yield
    finally:
        if saved_translation is None:
            trans_real._translations.pop(language, None)
        else:
            trans_real._translations[language] = saved_translation
        trans_real._default = saved_default


# Text inside these is code, data or machinery, never interface.
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "textarea", "svg", "kbd", "samp"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.texts: list[tuple[str, str]] = []  # (where, text)

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipped = self.skipping or tag in SKIPPED_ELEMENTS or attributes.get("translate") == "no"
        if not skipped:
            self.read_attributes(tag, attributes)
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        # Tolerate omitted end tags (<li>, <p>): close up to the matching element.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.skipping and data.strip():
            where = self.stack[-1][0] if self.stack else "document"
            self.texts.append((f"<{where}>", data))

    def read_attributes(self, tag, attributes):
        for name in READ_ATTRIBUTES & set(attributes):
            self.texts.append((f"<{tag} {name}>", attributes[name] or ""))
        if tag == "input" and attributes.get("type") in {"submit", "button", "reset"}:
            self.texts.append((f"<{tag} value>", attributes.get("value") or ""))


WRAPPED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
# Removed before the database's strings (a stored "NAP" must not split "NAPtrack") ...
DATA_PATTERNS = [
    re.compile(r"https?://\S+|(?<!\S)/[\w\-./?=&%#]+"),  # URLs and paths
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"\b\d{4}-\d{2}-\d{2}(T[\d:.+\-Z]+)?\b"),  # ISO dates
    re.compile(r"\b[\w-]+\.(csv|json|xlsx|pdf|ics|atom|svg|docx)\b"),  # file names
    re.compile(r"\bNAPtrack\b"),
]
# ... and these after them (a stored title may hold an acronym).
CODE_PATTERNS = [re.compile(r"\b[A-Z0-9]{2,4}\b")]  # ISO codes, acronyms
WORD = re.compile(r"[^\W\d_]{2,}")


def unwrap(text: str) -> str:
    """The text without its wrapped (marked) parts; nested wraps are removed inside out."""
    previous = None
    while previous != text:
        previous, text = text, WRAPPED.sub(" ", text)
    return text


def residue(text: str, data: list[str]) -> str:
    """What is left of a text once marked strings and data are removed."""
    text = unwrap(text)
    for pattern in DATA_PATTERNS:
        text = pattern.sub(" ", text)
    if WORD.search(text):
        for value in data:
            if value in text:
                text = text.replace(value, " ")
                if not WORD.search(text):
                    break
    for pattern in CODE_PATTERNS:
        text = pattern.sub(" ", text)
    return text


def outside_markers(text: str, depth: int) -> tuple[str, int]:
    """The parts of `text` outside any marker, given `depth` markers left open by the text
    before it (a translated sentence holding a link spans several text nodes)."""
    outside = []
    for character in text:
        if character == OPEN:
            depth += 1
        elif character == CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            outside.append(character)
    return "".join(outside), depth


def unmarked_texts(html: str, data=()) -> list[tuple[str, str]]:
    """Every (where, text) a reader sees that holds words neither marked nor data."""
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    known = sorted({value for value in data if value}, key=len, reverse=True)
    found, depth = [], 0
    for where, text in parser.texts:
        if where.startswith("<") and " " in where:  # an attribute: markers never span it
            outside, _ = outside_markers(text, 0)
        else:
            outside, depth = outside_markers(text, depth)
        if WORD.search(residue(outside, known)):
            found.append((where, " ".join(text.split())))
    return found


def database_vocabulary(app_labels=None, limit_per_field=5000) -> set[str]:
    """Every short text stored in the database: names, titles, codes (the pages' data)."""
    vocabulary: set[str] = set()
    for model in apps.get_models():
        if app_labels and model._meta.app_label not in app_labels:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices
        ]
        for field in fields:
            values = model._base_manager.exclude(**{field: ""}).values_list(field, flat=True)
            for value in values[:limit_per_field]:
                if value and len(value) < 2000:
                    vocabulary.add(str(value).strip())
                    vocabulary.update(line.strip() for line in str(value).splitlines())
    return vocabulary
