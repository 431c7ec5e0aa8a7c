"""Words: the one tokenizer both databases agree with.

Python cuts and folds words exactly as SQLite's FTS5 (tokenizer unicode61, diacritics
removed) cuts and folds them, and further where FTS5 would differ from PostgreSQL (CJK
runs as pairs of characters, Arabic folded); the search index, the user's query, the
keyword analysis and assisted structuring all cut words here (see docs/library.md).
"""

import unicodedata

from django.db import connection


def is_word_char(char: str) -> bool:
    """FTS5 unicode61's token characters: letters, numbers, private use, combining marks."""
    category = unicodedata.category(char)
    return category[0] in "LN" or category in ("Co", "Mn")


def is_cjk(char: str) -> bool:
    """Han ideographs, kana, bopomofo and Hangul: scripts written without spaces."""
    return any(start <= ord(char) <= end for start, end in CJK_RANGES)


CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3040, 0x31FF),  # kana, bopomofo
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x323AF),  # CJK extensions B to H
)
# Marks that FTS5's remove_diacritics leaves on their letter: on Cyrillic and Greek they
# make other letters (й is not и, ё is not е, ї is not і), so both databases keep them.
KEEPS_MARKS = ((0x0370, 0x052F), (0x1F00, 0x1FFF))


def _keeps_marks(char: str) -> bool:
    return any(start <= ord(char) <= end for start, end in KEEPS_MARKS)


# Arabic is written with and without its marks and hamza seats, and with ى for ي and
# ة for ه at the ends of words: all are folded to the bare letter (the usual light
# normalization of Arabic search). The tatweel only stretches a word.
ARABIC_FOLDS = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None})
ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


def fold(word: str) -> str:
    """Lower case without diacritics, as FTS5 with remove_diacritics 2 stores Latin
    words; Cyrillic and Greek letters keep their marks, as in FTS5; Arabic is folded
    further (ARABIC_FOLDS), and SQLite indexes it from these words (index_terms)."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.category(char) != "Mn" or (kept and _keeps_marks(kept[-1])):
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).translate(ARABIC_FOLDS)


def cjk_pieces(word: str) -> list[str]:
    """A word cut where it enters or leaves a CJK script; each CJK run becomes its
    overlapping pairs of characters (one character alone stays as it is). Chinese has no
    spaces: FTS5 and PostgreSQL would take a whole clause for one word, and pairs find
    the two-character words most Chinese words are, and longer ones as a phrase of pairs."""
    pieces = []
    for run in script_runs(word):
        if not is_cjk(run[0]) or len(run) == 1:
            pieces.append(run)
        else:
            pieces.extend(run[i : i + 2] for i in range(len(run) - 1))
    return pieces


def script_runs(word: str) -> list[str]:
    runs: list[str] = []
    for char in word:
        if runs and is_cjk(char) == is_cjk(runs[-1][-1]):
            runs[-1] += char
        else:
            runs.append(char)
    return runs


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    found, current = [], []
    for char in text:
        if is_word_char(char):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    folded = (fold(word) for word in found)
    return [piece for word in folded if word for piece in cjk_pieces(word)]


def has_cjk(text: str) -> bool:
    return any(is_cjk(char) for char in text)


def needs_own_words(text: str) -> bool:
    """Text FTS5's unicode61 cuts unlike words(): CJK (a whole run is one word there)
    and Arabic (its vowel marks split words there, its hamza seats stay)."""
    return any(
        start <= ord(char) <= end for char in text for start, end in CJK_RANGES + ARABIC_RANGES
    )


def index_terms(text: str) -> str:
    """The words the database indexes besides what its own tokenizer cuts from `body`:
    every word on PostgreSQL (its vector is built from them alone); on SQLite, where
    FTS5 cuts `body` itself, the words of CJK and Arabic text only (needs_own_words;
    search_schema.py indexes both columns)."""
    if connection.vendor == "postgresql" or needs_own_words(text):
        return " ".join(words(text))
    return ""
