"""Official-report and shadow-report evidence share one abstract model, one service pair
and one factory, and keep their own tables."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from naptrack.core.evidence import evidence_delete, evidence_file_store
from naptrack.core.models import EvidenceBase
from naptrack.reporting.models import Evidence
from naptrack.shadow_reports.models import AssessmentEvidence
from tests.factories.reporting import EvidenceFactory
from tests.factories.shadow_reports import AssessmentEvidenceFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_both_kinds_share_the_base_and_keep_their_tables():
    assert issubclass(Evidence, EvidenceBase) and issubclass(AssessmentEvidence, EvidenceBase)
    assert Evidence._meta.db_table == "reporting_evidence"
    assert AssessmentEvidence._meta.db_table == "shadow_reports_assessmentevidence"
    names = {c.name for c in AssessmentEvidence._meta.constraints}
    assert names == {"shadow_evidence_link_or_file", "shadow_evidence_description_required"}


@pytest.mark.django_db
@pytest.mark.parametrize("make", [EvidenceFactory, AssessmentEvidenceFactory])
def test_a_file_is_stored_under_a_generated_name_then_removed_after_commit(
    make, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    link = make()
    evidence = type(link)(description="Minutes", **{_parent(link): getattr(link, _parent(link))})
    with transaction.atomic():
        evidence_file_store(evidence, PDF, content_type="application/pdf", original_name="é.pdf")
    assert evidence.pk and evidence.original_name == "é.pdf" and evidence.size_bytes == len(PDF)
    assert "é" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    path = evidence.file.path
    assert open(path, "rb").read() == PDF
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        evidence_delete(evidence)
    assert (tmp_path / evidence.file.name).exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert not type(link).objects.filter(pk=evidence.pk).exists()
    assert not (tmp_path / evidence.file.name).exists()


@pytest.mark.django_db
def test_a_refused_row_leaves_no_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    link = EvidenceFactory()
    evidence = Evidence(update=link.update, description="")  # the description is required
    with pytest.raises(ValidationError):
        evidence_file_store(evidence, PDF, content_type="application/pdf", original_name="a.pdf")
    assert not any(tmp_path.rglob("*.pdf"))


def _parent(evidence) -> str:
    return "update" if isinstance(evidence, Evidence) else "assessment"
