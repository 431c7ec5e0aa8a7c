"""Write reference_data/sources.csv: one row per source URL cited in naps.csv and raps.csv.

Run from the repository root: `python scripts/build_sources.py`. It keeps every title, publisher,
date and kind already in the file (corrections are made there, by hand, with care) and only
fills rows of new URLs (and empty cells of known ones) with what the URL itself tells truthfully:
- the publisher and kind, for hosts listed in PUBLISHERS below (anything else stays empty);
- the date, from a /YYYY/MM/ or /YYYY/MM/DD/ path that content systems write at publication;
- the title, only when a coded fact (coded_facts.csv) cites the same URL with the title its
  coder read on the page. A title is never made up: an unknown one stays empty and the
  source is shown as weak.
"""

import csv
import re
from pathlib import Path
from urllib.parse import urlsplit

DIRECTORY = Path(__file__).resolve().parents[1] / "naptrack" / "registry" / "reference_data"
COLUMNS = ["url", "title", "publisher", "date", "kind"]
# host (or parent domain) -> (publisher, kind)
PUBLISHERS = {
    "1325naps.peacewomen.org": ("WILPF PeaceWomen", "cso"),
    "peacewomen.org": ("WILPF PeaceWomen", "cso"),
    "wilpf.org": ("WILPF", "cso"),
    "securitywomen.org": ("securitywomen.org", "cso"),
    "wpsfocalpointsnetwork.org": ("WPS Focal Points Network", "other"),
    "giwps.georgetown.edu": ("Georgetown Institute for Women, Peace and Security", "cso"),
    "unwomen.org": ("UN Women", "un"),
    "un.org": ("United Nations", "un"),
    "unmissions.org": ("United Nations peace operations", "un"),
    "reliefweb.int": ("ReliefWeb (UN OCHA)", "un"),
    "unicef.org": ("UNICEF", "un"),
    "undp.org": ("UNDP", "un"),
    "unescwa.org": ("UN ESCWA", "un"),
    "nato.int": ("NATO", "official"),
    "eeas.europa.eu": ("European External Action Service", "official"),
    "eige.europa.eu": ("European Institute for Gender Equality", "official"),
    "peaceau.org": ("African Union Peace and Security Department", "official"),
    "igad.int": ("IGAD", "official"),
    "wps.asean.org": ("ASEAN", "official"),
    "regjeringen.no": ("Government of Norway", "official"),
    "canada.ca": ("Government of Canada", "official"),
    "gov.uk": ("UK Government", "official"),
    "dfa.ie": ("Department of Foreign Affairs, Ireland", "official"),
    "pmc.gov.au": ("Department of the Prime Minister and Cabinet, Australia", "official"),
    "dfat.gov.au": ("Department of Foreign Affairs and Trade, Australia", "official"),
    "diplomatie.belgium.be": ("FPS Foreign Affairs, Belgium", "official"),
    "um.dk": ("Ministry of Foreign Affairs of Denmark", "official"),
    "um.fi": ("Ministry for Foreign Affairs of Finland", "official"),
    "diplomatie.gouv.fr": ("Ministry for Europe and Foreign Affairs, France", "official"),
    "auswaertiges-amt.de": ("Federal Foreign Office, Germany", "official"),
    "mzv.cz": ("Ministry of Foreign Affairs of the Czech Republic", "official"),
    "argentina.gob.ar": ("Government of Argentina", "official"),
    "gov.br": ("Government of Brazil", "official"),
    "eda.admin.ch": ("Federal Department of Foreign Affairs, Switzerland", "official"),
    "stjornarradid.is": ("Government of Iceland", "official"),
    "boe.es": ("Boletín Oficial del Estado, Spain", "official"),
    "mfa.gov.cy": ("Ministry of Foreign Affairs of Cyprus", "official"),
    "mfa.bg": ("Ministry of Foreign Affairs of Bulgaria", "official"),
    "mod.gov.rs": ("Ministry of Defence of Serbia", "official"),
    "minrel.gob.cl": ("Ministry of Foreign Affairs of Chile", "official"),
    "esteri.it": ("Ministry of Foreign Affairs of Italy", "official"),
    "timor-leste.gov.tl": ("Government of Timor-Leste", "official"),
    "kemenkopmk.go.id": (
        "Coordinating Ministry for Human Development and Culture, Indonesia",
        "official",
    ),
    "mae.gouvernement.lu": ("Ministry of Foreign and European Affairs, Luxembourg", "official"),
    "merrionstreet.ie": ("Government of Ireland (MerrionStreet)", "official"),
    "en.wikipedia.org": ("Wikipedia", "encyclopedia"),
}
# Pages that list many plans rather than speak of one.
LISTING_PATHS = ("/member-states", "/national-action-plans")
DATE_IN_PATH = re.compile(r"/(20\d\d)/(0[1-9]|1[0-2])(?:/(0[1-9]|[12]\d|3[01]))?/")


def cited_urls() -> list[str]:
    urls = []
    for name in ("naps.csv", "raps.csv"):
        with (DIRECTORY / name).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                urls += [u.strip() for u in row["source_url"].split(" ; ") if u.strip()]
    return list(dict.fromkeys(urls))


def coded_titles() -> dict[str, str]:
    path = DIRECTORY / "coded_facts.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            r["source_url"]: r["source_title"] for r in csv.DictReader(handle) if r["source_title"]
        }


def publisher_of(host: str) -> tuple[str, str]:
    for domain, found in PUBLISHERS.items():
        if host == domain or host.endswith("." + domain):
            return found
    return "", ""


def describe(url: str, titles: dict[str, str]) -> dict[str, str]:
    parts = urlsplit(url)
    publisher, kind = publisher_of((parts.hostname or "").lower())
    if parts.path.rstrip("/").endswith(LISTING_PATHS):
        kind = "listing"
    match = DATE_IN_PATH.search(parts.path + "/")
    date = "-".join(g for g in match.groups() if g) if match else ""
    return {
        "url": url,
        "title": titles.get(url, ""),
        "publisher": publisher,
        "date": date,
        "kind": kind,
    }


def merge(known: dict[str, str], described: dict[str, str]) -> dict[str, str]:
    """What the file already says wins; the script only fills what it leaves empty."""
    return {column: known.get(column) or described[column] for column in COLUMNS}


def main() -> None:
    path = DIRECTORY / "sources.csv"
    known = {}
    if path.exists():
        with path.open(newline="", encoding="utf-8") as handle:
            known = {row["url"]: row for row in csv.DictReader(handle)}
    titles = coded_titles()
    rows = [merge(known.get(url, {}), describe(url, titles)) for url in cited_urls()]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
