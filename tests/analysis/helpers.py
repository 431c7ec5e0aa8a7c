"""Independent readings of the reference files and of rendered pages, for the analysis tests.

Nothing here imports the code under test: the counts come from a plain pass over the CSV
files that the database was loaded from."""

import csv
import io
from collections import Counter, defaultdict
from html.parser import HTMLParser

from naptrack.registry.reference import REFERENCE_DIR

NOT_ADOPTED = {"announced", "drafting", "consultation", "withdrawn"}


def read(name: str) -> list[dict]:
    with (REFERENCE_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def countries() -> dict[str, dict]:
    return {row["iso3"]: row for row in read("countries.csv")}


def national_plans(country_set: str = "all") -> list[dict]:
    """naps.csv rows whose status is not overridden to a pending or withdrawn one."""
    overridden = {
        row["reference_key"] for row in read("status_overrides.csv") if row["status"] in NOT_ADOPTED
    }
    members = {iso3 for iso3, row in countries().items() if row["un_member"] == "yes"}
    return [
        row
        for row in read("naps.csv")
        if f"NAP:{row['iso3']}:g{row['plan_generation']}" not in overridden
        and (country_set == "all" or row["iso3"] in members)
    ]


def best_year(row: dict) -> str:
    return row["adoption_year"] or row["period_start"]


def first_plan_years(country_set: str = "all") -> Counter:
    """Countries by the best year known of their lowest-generation plan: adoption, else
    period start, else the earliest year of a later plan ("" when none is known)."""
    by_country = defaultdict(list)
    for row in national_plans(country_set):
        by_country[row["iso3"]].append(row)
    years = Counter()
    for rows in by_country.values():
        first = min(rows, key=lambda row: int(row["plan_generation"]))
        later = sorted(int(best_year(row)) for row in rows if best_year(row))
        years[best_year(first) or (str(later[0]) if later else "")] += 1
    return years


def plans_per_region(country_set: str = "all") -> Counter:
    """Every naps.csv row, pending ones included, by the region of its country."""
    regions = {iso3: row["region"] for iso3, row in countries().items()}
    members = {iso3 for iso3, row in countries().items() if row["un_member"] == "yes"}
    return Counter(
        regions[row["iso3"]]
        for row in read("naps.csv")
        if country_set == "all" or row["iso3"] in members
    )


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row, self._in = {}, None, None, None
        self._caption = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._in = {"caption": "", "rows": []}
        elif tag == "caption" and self._in is not None:
            self._caption = ""
        elif tag == "tr" and self._in is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self._in["caption"], self._caption = self._caption.strip(), None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._in["rows"].append(self._row)
            self._row = None
        elif tag == "table" and self._in is not None:
            self.tables[self._in["caption"]] = self._in["rows"]
            self._in = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        elif self._caption is not None:
            self._caption += data


def html_tables(html: str) -> dict[str, list[list[str]]]:
    """Every <table> on the page by its caption: header row first, cells as text."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))
