"""Official-report, shadow-report and contract evidence share one abstract model and one
service pair (naptrack.core.evidence), and keep their own tables."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from naptrack.contractors.models import AnswerEvidence, ChallengeEvidence
from naptrack.core.evidence import EvidenceTrail, evidence_add, evidence_remove, evidence_save
from naptrack.core.models import Activity, EvidenceBase
from naptrack.reporting.models import Evidence
from naptrack.shadow_reports.models import AssessmentEvidence
from tests.factories.contractors import AnswerEvidenceFactory
from tests.factories.reporting import EvidenceFactory
from tests.factories.shadow_reports import AssessmentEvidenceFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KINDS = [EvidenceFactory, AssessmentEvidenceFactory, AnswerEvidenceFactory]


def test_every_kind_shares_the_base_and_keeps_its_table_and_constraint_names():
    tables = {
        Evidence: ("reporting_evidence", "evidence"),
        AssessmentEvidence: ("shadow_reports_assessmentevidence", "shadow_evidence"),
        AnswerEvidence: ("contractors_answerevidence", "answer_evidence"),
        ChallengeEvidence: ("contractors_challengeevidence", "challenge_evidence"),
    }
    for model, (table, prefix) in tables.items():
        assert issubclass(model, EvidenceBase) and model._meta.db_table == table
        names = {c.name for c in model._meta.constraints}
        assert names == {f"{prefix}_link_or_file", f"{prefix}_description_required"}


def _fresh(link):
    """An unsaved row of the same kind, for the same parent."""
    parent = next(f.name for f in type(link)._meta.fields if f.name in PARENTS)
    return type(link)(**{parent: getattr(link, parent)})


PARENTS = {"update", "assessment", "answer"}


@pytest.mark.django_db
@pytest.mark.parametrize("make", KINDS)
def test_a_file_is_stored_under_a_generated_name_then_removed_after_commit(
    make, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    link = make()
    trail = EvidenceTrail(
        target=link, added="test.evidence.added", removed="test.evidence.removed", about="1.1: "
    )
    evidence = evidence_add(
        actor=None,
        evidence=_fresh(link),
        description=" Minutes ",
        upload=SimpleUploadedFile("é Achieng.pdf", PDF),
        trail=trail,
    )
    evidence.refresh_from_db()
    assert evidence.original_name == "é Achieng.pdf" and evidence.size_bytes == len(PDF)
    assert evidence.content_type == "application/pdf" and evidence.description == "Minutes"
    assert "é" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert open(evidence.file.path, "rb").read() == PDF
    assert evidence.public_name == f"evidence-{evidence.pk}.pdf"
    added = Activity.objects.get(verb="test.evidence.added")
    assert added.changes == {"evidence": {"before": None, "after": "1.1: Minutes (a file)"}}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        evidence_remove(actor=None, evidence=evidence, trail=trail)
    assert (tmp_path / evidence.file.name).exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert not type(link).objects.filter(pk=evidence.pk).exists()
    assert not (tmp_path / evidence.file.name).exists()
    assert Activity.objects.filter(verb="test.evidence.removed").count() == 1


@pytest.mark.django_db
def test_what_is_refused_leaves_no_row_no_file_and_no_audit_row(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    link = EvidenceFactory()
    trail = EvidenceTrail(
        target=link.update, added="test.evidence.added", removed="test.evidence.removed"
    )
    refusals = [
        {"description": "", "url": "https://example.org/a"},
        {"description": "Both", "url": "https://example.org/a", "upload": _pdf()},
        {"description": "Named PDF", "upload": SimpleUploadedFile("a.pdf", b"MZ\x90\x00")},
    ]
    for given in refusals:
        with pytest.raises(ValidationError):
            evidence_add(actor=None, evidence=_fresh(link), trail=trail, **given)

    def closed() -> None:
        raise ValidationError("closed")

    with pytest.raises(ValidationError, match="closed"):
        evidence_add(
            actor=None, evidence=_fresh(link), description="Late", upload=_pdf(),
            trail=trail, lock=closed,
        )  # fmt: skip
    assert Evidence.objects.count() == 1
    assert not Activity.objects.filter(verb__startswith="test.evidence").exists()
    assert not any(tmp_path.rglob("*.pdf"))


@pytest.mark.django_db
def test_a_row_refused_after_the_file_was_stored_takes_the_file_away(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    orphan = Evidence()  # no update: the row cannot be saved
    with pytest.raises(ValidationError):
        evidence_save(
            orphan, actor=None, description="Minutes", url="",
            upload=(PDF, "application/pdf", "a.pdf"),
        )  # fmt: skip
    assert not any(tmp_path.rglob("*.pdf"))


def _pdf():
    return SimpleUploadedFile("minutes.pdf", PDF)
