"""Which source URLs the registry accepts (docs/reference-data.md, "Sources").

The denylist lives here and only here: the reference-data loader, the coded-facts loader
and the platform's "add a source" service all ask `source_url_problem`. A source must be
the plan itself or a page about it by its publisher, never a copy of it on a document
mirror or content farm (they rewrite, truncate and outlive the original), nor a staging
host that the public cannot reach.
"""

import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# Host names (any label but the top-level domain) of document mirrors, content farms and
# spam hosts: "scribd" refuses es.scribd.com and scribd.com alike, "fdocuments" every
# fdocuments.<tld>. Add a name with the reason in the comment of its group.
DENIED_HOST_NAMES = frozenset(
    {
        # document mirrors: copies of documents uploaded by anyone, with ads
        "docslib",
        "docstoc",
        "dokumen",
        "fdocuments",
        "fdokumen",
        "lawsdocbox",
        "pdfslide",
        "readkong",
        "vdocument",
        "vdocuments",
        "zbook",
        "scribd",
        "yumpu",
        "issuu",
        # homework and note sites
        "coursehero",
        "studylib",
        "knowt",
        # spam and scraped-news farms found in the shipped data
        "jollibeefood",
        "news247worldpressuk",
    }
)
# Whole domains refused where the name alone would be too broad.
DENIED_DOMAINS = frozenset({"documents.pub"})
# A host whose first label is one of these is a staging or preview copy of a site.
STAGING_LABELS = frozenset({"preview", "staging", "stage"})
# Encyclopedias: accepted in the registry files as a weak source, never for a coded fact.
ENCYCLOPEDIA_DOMAINS = frozenset({"wikipedia.org"})


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _in_domain(host: str, domains) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def is_encyclopedia(url: str) -> bool:
    return _in_domain(host_of(url), ENCYCLOPEDIA_DOMAINS)


def _denied_host(host: str) -> str | None:
    labels = host.split(".")
    if _in_domain(host, DENIED_DOMAINS) or DENIED_HOST_NAMES & set(labels[:-1]):
        return f"{host} is a document mirror or content farm (denylisted): cite the original"
    if labels[0] in STAGING_LABELS:
        return f"{host} is a staging or preview host (denylisted): cite the public site"
    return None


def _doubled_path(path: str) -> str | None:
    """A run of two or more path segments written twice in a row (/a/b/a/b), the mark of
    a URL pasted onto itself. One segment repeated is left alone: /2025/04/04/ is a date,
    and gov.uk writes /publications/<slug>/<slug> for a publication's HTML version."""
    segments = [s for s in path.split("/") if s]
    for size in range(2, len(segments) // 2 + 1):
        for start in range(len(segments) - 2 * size + 1):
            run = segments[start : start + size]
            if run == segments[start + size : start + 2 * size]:
                return "/" + "/".join(run)
    return None


def _hidden_character(url: str) -> str | None:
    for character in url:
        category = unicodedata.category(character)
        if category[0] in "CZ" or character in "\ufffc\ufffd":
            return f"U+{ord(character):04X}"
    return None


def source_url_problem(url: str) -> str | None:
    """What is wrong with a source URL, in words; None when it is acceptable."""
    hidden = _hidden_character(url)
    if hidden:
        return f"{url!r} contains the invisible or control character {hidden}"
    if "\\" in url:  # browsers turn it into "/", so the address in the file is not the one read
        return f"{url!r} contains a backslash; URL paths use /"
    try:
        parts = urlsplit(url)
        URLValidator(schemes=["http", "https"])(url)
    except (ValidationError, ValueError):
        return f"{url!r} is not an http(s) URL with a host"
    host = (parts.hostname or "").lower()
    if host.endswith("."):
        return f"{url!r} has a host ending in a dot"
    doubled = _doubled_path(parts.path)
    if doubled:
        return f"{url!r} repeats the path {doubled}"
    return _denied_host(host)


def validate_source_url(url: str) -> None:
    """The same check for forms and services: a ValidationError on the url."""
    problem = source_url_problem(url)
    if problem:
        raise ValidationError({"url": problem})
