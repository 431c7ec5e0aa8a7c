"""The crawl tests' shared step: fetch a page in the pseudo-locale and list what inside
its <main> went around gettext. The layout around <main> (header, navigation, footer) is
the base template's, checked by its own crawl.

Two steps come before tests.i18n.pseudo.unmarked_texts, on the raw HTML:
- a wrapped string that holds markup ({% blocktranslate %} with a link inside) is one
  marked string, though the parser sees it as several texts: it is taken out whole;
- data (names and titles from the database, and the test's own) is taken out of the
  texts before the pattern for codes cuts "UN" out of a stored title and so hides it.
"""

import os
import re

from django.utils.html import escape

from tests.i18n.pseudo import CLOSE, OPEN, database_vocabulary, pseudo_locale, unmarked_texts

MAIN = re.compile(r"<main\b.*?</main>", re.S)
WRAPPED_WITH_MARKUP = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*<[^{OPEN}{CLOSE}]*{CLOSE}")
TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")


def without_wrapped_markup(html: str) -> str:
    previous = None
    while previous != html:
        previous, html = html, WRAPPED_WITH_MARKUP.sub(" ", html)
    return html


def without_data(html: str, data) -> str:
    values = sorted({escape(v) for v in data if v and len(v) > 2}, key=len, reverse=True)

    def strip(match):
        text = match.group(1)
        for value in values:
            if value in text:
                text = text.replace(value, " ")
        return f">{text}<"

    return TEXT_BETWEEN_TAGS.sub(strip, html)


def unmarked_in_main(client, url: str, data) -> list[tuple[str, str]]:
    with pseudo_locale():
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    main = MAIN.search(response.content.decode())
    assert main, f"{url} has no <main>"
    html = without_data(without_wrapped_markup(main.group(0)), data)
    return unmarked_texts(html)


def unmarked_pages(client, urls, data=()) -> dict[str, list[tuple[str, str]]]:
    """Per URL, what is left unmarked; only the URLs that have something."""
    data = [*database_vocabulary(), *data]
    found = {url: unmarked_in_main(client, url, data) for url in urls}
    found = {url: texts for url, texts in found.items() if texts}
    if os.environ.get("I18N_DEBUG"):  # the listing, for whoever fixes them
        for url, texts in found.items():
            print(f"\n### {url}", *texts, sep="\n    ")
    return found
