"""Import of offline input from real CSV and XLSX files, as a facilitator's spreadsheet
and a KoboToolbox export (semicolons, its own headers, one column per question): all or
nothing, errors by row and column, hostile files refused with a reason."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from naptrack.consultations import services
from naptrack.consultations.imports import DEFAULT_MAPPING, ImportRefused
from naptrack.consultations.models import Comment, ImportMapping, InputSession
from naptrack.core.models import Activity
from tests.consultations.conftest import TODAY
from tests.factories.people import signed_in

HEADER = ["date", "district", "language", "sex", "age", "part", "text", "email"]
DAY = TODAY.isoformat()


def csv_file(rows, name="forms.csv", delimiter=",") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def xlsx_file(rows, name="forms.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


GOOD_ROWS = [
    HEADER,
    [DAY, "Turkana", "sw", "female", "24", "1.1", "Pay the mediators' travel.", ""],
    [DAY, "Turkana", "sw", "F", "67", "O2", "Older women were not asked.", "mama@example.org"],
    [DAY, "Kisumu", "en", "male", "40", "", "Radio spots, please.", ""],
]


def run_import(actor, consultation, upload, mapping=None, **kwargs):
    return services.offline_import(
        actor=actor,
        consultation=consultation,
        upload=upload,
        mapping=mapping or DEFAULT_MAPPING,
        **kwargs,
    )


@pytest.mark.parametrize("make", [csv_file, xlsx_file])
def test_spreadsheet_rows_become_records_by_day_place_and_language(
    facilitator, consultation, consultation_structure, make
):
    sessions = run_import(facilitator, consultation, make(GOOD_ROWS))
    assert sorted(s.district for s in sessions) == ["Kisumu", "Turkana"]
    turkana = InputSession.objects.get(district="Turkana")
    assert turkana.kind == "paper_form" and turkana.language == "sw"
    assert {(c.sex, c.age_band, c.count) for c in turkana.participant_counts.all()} == {
        ("woman", "18_35", 1),
        ("woman", "60_plus", 1),
    }
    points = {p.text: p for p in Comment.objects.filter(channel="offline")}
    assert points["Pay the mediators' travel."].action == consultation_structure["1.1"]
    assert points["Older women were not asked."].objective == consultation_structure["2"]
    assert points["Older women were not asked."].contact_email == "mama@example.org"
    assert points["Radio spots, please."].action is None
    activity = Activity.objects.get(verb="consultation.session.imported")
    assert activity.changes["points"] == 3 and activity.changes["import"]["rows"] == 3


def test_kobo_export_with_semicolons_and_a_column_per_question_uses_the_saved_mapping(
    client, facilitator, consultation, consultation_structure
):
    first, second = consultation.questions.order_by("position")
    kobo = [
        ["start", "end", "group_loc/district", "gender", "age_group", "q_missing", "q_matters"],
        [f"{DAY}T09:12:00.000+03:00", DAY, "Marsabit", "Female", "18-35", "Land rights.", ""],
        [f"{DAY}T10:40:00.000+03:00", DAY, "Marsabit", "Male", "36_59", "", "Action 1.2"],
    ]
    mapping = {
        "held_on": "start",
        "district": "group_loc/district",
        "sex": "gender",
        "age": "age_group",
        f"question:{first.pk}": "q_missing",
        f"question:{second.pk}": "q_matters",
    }
    url = reverse("consultations:import", args=[consultation.pk])
    data = {"file": csv_file(kobo, "kobo.csv", delimiter=";"), "kind": "paper_form"}
    data["default_language"] = "sw"
    data.update({"map_" + key.replace(":", "_"): value for key, value in mapping.items()})
    data.update({"map_text": "", "map_part": "", "map_language": "", "map_contact_email": ""})
    response = signed_in(client, facilitator).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Comment.objects.get(question=first).text == "Land rights."
    assert Comment.objects.get(question=second).text == "Action 1.2"
    assert InputSession.objects.get().language == "sw"
    assert ImportMapping.objects.get(consultation=consultation).columns["sex"] == "gender"
    form = client.get(url).content.decode()
    assert 'value="group_loc/district"' in form  # the saved mapping fills the form


def test_one_bad_row_imports_nothing_and_every_error_names_row_and_column(
    client, facilitator, consultation, consultation_structure
):
    rows = [
        *GOOD_ROWS,
        ["2019-13-01", "Turkana", "sw", "female", "30", "", "Fine point.", ""],
        [DAY, "", "sw", "robot", "thirty", "9.9", "Write to me: a@b.org", "not-an-email"],
    ]
    with pytest.raises(ImportRefused) as refused:
        run_import(facilitator, consultation, csv_file(rows))
    found = {(e.row, e.column) for e in refused.value.errors}
    assert (5, "date") in found
    assert {
        (6, "district"),
        (6, "sex"),
        (6, "age"),
        (6, "part"),
        (6, "text"),
        (6, "email"),
    } <= found
    assert not InputSession.objects.exists() and not Comment.objects.exists()
    assert not ImportMapping.objects.exists()
    url = reverse("consultations:import", args=[consultation.pk])
    data = {"file": csv_file(rows), "kind": "paper_form", "default_language": "sw"}
    data.update({"map_" + k: v for k, v in DEFAULT_MAPPING.items()})
    response = signed_in(client, facilitator).post(url, data)
    assert response.status_code == 400 and "nothing was imported" in response.text
    assert "not a sex we know" in response.text and not InputSession.objects.exists()


def test_dates_outside_the_consultation_are_refused_by_row(
    facilitator, consultation, consultation_structure
):
    late = (TODAY + datetime.timedelta(days=2)).isoformat()
    rows = [HEADER, [late, "Turkana", "sw", "f", "20", "", "Too late", ""]]
    with pytest.raises(ImportRefused) as refused:
        run_import(facilitator, consultation, csv_file(rows))
    assert [(e.row, e.column) for e in refused.value.errors] == [(2, "date")]


def test_a_mapped_column_missing_from_the_file_lists_the_files_columns(
    facilitator, consultation, consultation_structure
):
    rows = [["when", "where", "said"], [DAY, "Turkana", "x"]]
    with pytest.raises(ImportRefused) as refused:
        run_import(facilitator, consultation, csv_file(rows))
    assert "its columns: when, where, said" in refused.value.errors[0].message


# ---- Hostile files -------------------------------------------------------------------------


def refusal(facilitator, consultation, upload) -> str:
    with pytest.raises(ImportRefused) as refused:
        run_import(facilitator, consultation, upload)
    assert not InputSession.objects.exists()
    return refused.value.errors[0].message


def test_formula_cells_are_refused_in_csv_and_in_xlsx(
    facilitator, consultation, consultation_structure
):
    injected = [HEADER, [DAY, "Turkana", "sw", "f", "20", "", '=HYPERLINK("http://x")', ""]]
    assert "formula" in refusal(facilitator, consultation, csv_file(injected))
    workbook_rows = [HEADER, [DAY, "=1+1", "sw", "f", "20", "", "A point", ""]]
    assert "formula" in refusal(facilitator, consultation, xlsx_file(workbook_rows))


@override_settings(NAPTRACK_MAX_SPREADSHEET_BYTES=2000)
def test_a_file_over_the_limit_is_refused(facilitator, consultation, consultation_structure):
    rows = [HEADER] + [[DAY, "Turkana", "sw", "f", "20", "", "x" * 100, ""]] * 40
    assert "the limit is" in refusal(facilitator, consultation, csv_file(rows))


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (SimpleUploadedFile("forms.pdf", b"%PDF-1.7 ..."), ".csv or .xlsx"),
        (SimpleUploadedFile("forms.csv", b"PK\x03\x04\x00\x00binary"), "not a CSV"),
        (SimpleUploadedFile("forms.csv", "date,district\n".encode("utf-16")), "CSV"),
        (SimpleUploadedFile("forms.xlsx", b"date,district\n2026-01-01,x\n"), "not an XLSX"),
        (SimpleUploadedFile("forms.csv", b""), "empty"),
        (SimpleUploadedFile("forms.csv", ",".join(HEADER).encode() + b"\n"), "no rows"),
    ],
)
def test_wrong_or_empty_files_are_refused(
    facilitator, consultation, consultation_structure, upload, reason
):
    assert reason in refusal(facilitator, consultation, upload)


def test_a_broken_xlsx_archive_is_refused(facilitator, consultation, consultation_structure):
    good = xlsx_file(GOOD_ROWS).read()
    truncated = SimpleUploadedFile("forms.xlsx", good[: len(good) // 2])
    assert "damaged" in refusal(facilitator, consultation, truncated)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-a-workbook")
    mangled = SimpleUploadedFile("forms.xlsx", buffer.getvalue())
    assert "cannot be read" in refusal(facilitator, consultation, mangled)


def test_only_coordinators_and_facilitators_import(
    client, consultation, consultation_structure, invited_cso_member, uganda_coordinator
):
    for outsider in (None, invited_cso_member, uganda_coordinator):
        with pytest.raises(PermissionDenied):
            run_import(outsider, consultation, csv_file(GOOD_ROWS))
    url = reverse("consultations:import", args=[consultation.pk])
    assert signed_in(client, invited_cso_member).get(url).status_code == 403
    assert not InputSession.objects.exists()
