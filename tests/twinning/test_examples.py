"""The documented twinning examples load idempotently, publicly, each with its source; a
bad file writes nothing and names every problem's row and column."""

import csv

import pytest
from django.core.management import CommandError, call_command

from naptrack.core.models import Activity
from naptrack.twinning.examples import COLUMNS, EXAMPLES_CSV, load_examples
from naptrack.twinning.models import Partnership


def test_every_example_loads_public_with_its_source(db):
    summary = load_examples()
    rows = list(csv.DictReader(EXAMPLES_CSV.open(encoding="utf-8")))
    assert summary.created + summary.unchanged == len(rows) >= 3
    for row in rows:
        partnership = Partnership.objects.public().get(reference_key=row["key"])
        assert partnership.source_url == row["source_url"]
        assert partnership.source_quote
        codes = sorted(p.country.iso3 for p in partnership.partners.all())
        assert codes == sorted(row["partners"].split(";"))
        assert all(p.agreed_at and p.agreed_by is None for p in partnership.partners.all())


def test_loading_twice_changes_nothing(db):
    load_examples()
    rows = Activity.objects.filter(verb__startswith="partnership.").count()
    summary = load_examples()
    assert summary.created == summary.updated == 0
    assert Activity.objects.filter(verb__startswith="partnership.").count() == rows


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def _row(**changes):
    row = {column: "" for column in COLUMNS}
    row.update(
        key="test-row",
        partners="KEN;UGA",
        title="Loader test",
        aims="Test aims",
        status="agreed",
        source_url="https://www.mfa.go.ke/loader-test",
    )
    return {**row, **changes}


def test_a_bad_file_writes_nothing_and_names_row_and_column(db, tmp_path):
    path = tmp_path / "partnerships.csv"
    _write(path, [_row(), _row(key="bad", partners="KEN;XXX", status="proposed", source_url="")])
    with pytest.raises(CommandError) as error:
        call_command("load_twinning_examples", file=path)
    message = str(error.value)
    assert "partnerships.csv, row 3, column partners: no country XXX" in message
    assert "row 3, column status" in message
    assert "row 3, column source_url: required" in message
    assert not Partnership.objects.filter(reference_key__in=["test-row", "bad"]).exists()


def test_a_changed_row_updates_with_an_audit_row(db, tmp_path):
    path = tmp_path / "partnerships.csv"
    _write(path, [_row()])
    load_examples(path)
    _write(path, [_row(aims="Changed aims", partners="KEN;TZA")])
    summary = load_examples(path)
    assert summary.updated == 1
    partnership = Partnership.objects.get(reference_key="test-row")
    assert partnership.aims == "Changed aims"
    assert {p.country.iso3 for p in partnership.partners.all()} == {"KEN", "TZA"}
    row = Activity.objects.filter(verb="partnership.reference_updated").latest("id")
    assert row.changes["aims"] == {"before": "Test aims", "after": "Changed aims"}
    assert row.channel == "command"
