"""Counting keyword families in a document's pages, and finding passages that may be
evidence for a report-card criterion. Pure functions over text: no database here.

Words are cut and folded as the search cuts them (letters and digits; case and accents
ignored), so a keyword finds what a search for it finds. Everything is deterministic:
the same pages and keywords give the same counts and passages, in the same order.
"""

import bisect
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from naptrack.library.tokenizer import fold, has_cjk, is_cjk, script_runs, words

# Bumped when the way of counting or cutting passages changes, so that
# reanalyse_documents reads every document again.
METHOD_VERSION = "2"  # 2: CJK text cut into pairs of characters
WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
# A sentence ends at . ! ? followed by white space, at a blank line, or before a bullet.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n\s*\n|(?=[•▪●◦])")
PASSAGE_MAX_CHARS = 600
PASSAGE_CONTEXT_CHARS = 250
SUGGESTIONS_PER_CRITERION = 10


@dataclass(frozen=True)
class Rule:
    """One keyword: its family, its folded words, and whether the last word is a prefix."""

    family: int
    words: tuple[str, ...]
    prefix: bool
    term: str
    criterion: str = ""


@dataclass(frozen=True)
class Token:
    word: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    rule: Rule
    start_token: int
    length: int
    start: int  # characters, in the page text
    end: int


@dataclass
class FamilyCount:
    count: int = 0
    pages: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Passage:
    criterion: str
    family: int
    page: int
    start: int
    text: str
    terms: tuple[str, ...]

    @property
    def digest(self) -> str:
        return passage_digest(self.text)


@dataclass
class Result:
    counts: dict[int, FamilyCount]
    passages: list[Passage]
    pages: int


def passage_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def rule_for(*, family: int, term: str, prefix: bool, criterion: str = "") -> Rule | None:
    cut = tuple(words(term))
    return Rule(family, cut, prefix, term, criterion) if cut else None


def tokens(text: str) -> list[Token]:
    found = []
    for m in WORD.finditer(text):
        word = fold(m.group())
        if has_cjk(word):
            found.extend(_cjk_tokens(word, m.start()))
        else:
            found.append(Token(word, m.start(), m.end()))
    return found


def _cjk_tokens(word: str, start: int) -> list[Token]:
    """A word as the search cuts it (search.cjk_pieces): CJK runs as overlapping pairs
    of characters, each Token spanning its own characters in the page."""
    cut, offset = [], start
    for run in script_runs(word):
        if len(run) == 1 or not is_cjk(run[0]):
            cut.append(Token(run, offset, offset + len(run)))
        else:
            cut.extend(
                Token(run[i : i + 2], offset + i, offset + i + 2) for i in range(len(run) - 1)
            )
        offset += len(run)
    return cut


class Matcher:
    """Finds every rule in a page in one pass over its words: rules are looked up by
    their first word, or by the start of it for one-word prefixes."""

    def __init__(self, rules: list[Rule]):
        self.exact: dict[str, list[Rule]] = defaultdict(list)
        self.prefixes: dict[int, dict[str, list[Rule]]] = defaultdict(lambda: defaultdict(list))
        for rule in rules:
            if rule.prefix and len(rule.words) == 1:
                self.prefixes[len(rule.words[0])][rule.words[0]].append(rule)
            else:
                self.exact[rule.words[0]].append(rule)
        self.lengths = sorted(self.prefixes)

    def candidates(self, word: str) -> list[Rule]:
        found = list(self.exact.get(word, ()))
        for length in self.lengths:
            if length > len(word):
                break
            found.extend(self.prefixes[length].get(word[:length], ()))
        return found

    def find(self, text: str) -> list[Match]:
        cut = tokens(text)
        found = []
        for i, token in enumerate(cut):
            for rule in self.candidates(token.word):
                if _rest_matches(rule, cut, i):
                    last = cut[i + len(rule.words) - 1]
                    found.append(Match(rule, i, len(rule.words), token.start, last.end))
        return found


def _rest_matches(rule: Rule, cut: list[Token], i: int) -> bool:
    n = len(rule.words)
    if i + n > len(cut):
        return False
    for j in range(1, n):
        word, wanted = cut[i + j].word, rule.words[j]
        last = j == n - 1
        if not (word.startswith(wanted) if last and rule.prefix else word == wanted):
            return False
    return True


def counted(matches: list[Match]) -> dict[int, list[Match]]:
    """Per family, the matches that count: at each place the longest keyword, and no
    two counted matches of one family overlap ("civil society organisations" once)."""
    by_family: dict[int, list[Match]] = defaultdict(list)
    for match in matches:
        by_family[match.rule.family].append(match)
    kept = {}
    for family, found in by_family.items():
        found.sort(key=lambda m: (m.start_token, -m.length, m.rule.term))
        covered_until, keep = -1, []
        for match in found:
            if match.start_token >= covered_until:
                keep.append(match)
                covered_until = match.start_token + match.length
        kept[family] = keep
    return kept


def sentence_bounds(text: str) -> list[int]:
    """Offsets where sentences start (0 first)."""
    return [0, *(m.end() for m in SENTENCE_BREAK.finditer(text))]


def passage_around(text: str, starts: list[int], start: int, end: int) -> tuple[int, str]:
    """The sentence(s) holding text[start:end], verbatim; a window of whole words when
    the sentence is very long (tables, lists without full stops)."""
    first = starts[bisect.bisect_right(starts, start) - 1]
    following = bisect.bisect_left(starts, end)
    last = starts[following] if following < len(starts) else len(text)
    if last - first > PASSAGE_MAX_CHARS:
        first = max(first, _word_boundary_after(text, start - PASSAGE_CONTEXT_CHARS, start))
        last = min(last, _word_boundary_before(text, end + PASSAGE_CONTEXT_CHARS, end))
    piece = text[first:last]
    stripped = piece.lstrip()
    return first + len(piece) - len(stripped), stripped.rstrip()


def _word_boundary_after(text: str, position: int, limit: int) -> int:
    if position <= 0:
        return 0
    space = text.find(" ", position, limit)
    return space + 1 if space >= 0 else position


def _word_boundary_before(text: str, position: int, limit: int) -> int:
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", limit, position)
    return space if space >= 0 else position


def analyse(pages: list[tuple[int, str]], rules: list[Rule]) -> Result:
    """Counts per family (with pages) and candidate passages per criterion, in reading
    order, at most SUGGESTIONS_PER_CRITERION per criterion."""
    matcher = Matcher(rules)
    counts: dict[int, FamilyCount] = defaultdict(FamilyCount)
    passages: dict[tuple, Passage] = {}
    for number, text in pages:
        kept = counted(matcher.find(text))
        for family, found in sorted(kept.items()):
            counts[family].count += len(found)
            counts[family].pages.append(number)
        _collect_passages(passages, number, text, kept)
    return Result(counts=dict(counts), passages=_first_per_criterion(passages), pages=len(pages))


def _collect_passages(passages: dict, number: int, text: str, kept: dict) -> None:
    criterion_matches = [m for found in kept.values() for m in found if m.rule.criterion]
    if not criterion_matches:
        return
    starts = sentence_bounds(text)
    for match in sorted(criterion_matches, key=lambda m: (m.start, m.rule.family)):
        offset, passage = passage_around(text, starts, match.start, match.end)
        # One suggestion per passage and criterion, however many keywords it holds.
        key = (match.rule.criterion, number, passage)
        earlier = passages.get(key)
        if earlier is None:
            passages[key] = Passage(
                match.rule.criterion, match.rule.family, number, offset, passage, (match.rule.term,)
            )
        elif match.rule.term not in earlier.terms:
            passages[key] = replace(earlier, terms=(*earlier.terms, match.rule.term))


def _first_per_criterion(passages: dict) -> list[Passage]:
    ordered = sorted(passages.values(), key=lambda p: (p.criterion, p.page, p.start))
    taken: dict[str, int] = defaultdict(int)
    chosen = []
    for passage in ordered:
        if taken[passage.criterion] < SUGGESTIONS_PER_CRITERION:
            chosen.append(passage)
            taken[passage.criterion] += 1
    return chosen


def keyword_digest(lines: list[str]) -> str:
    """Identifies a set of keywords (one line per keyword, any order) and the method."""
    payload = "\n".join([f"method {METHOD_VERSION}", *sorted(lines)])
    return hashlib.sha256(payload.encode()).hexdigest()
