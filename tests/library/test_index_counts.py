"""Issue #14: the library index says how many documents are attached to plans."""

from django.urls import reverse

from naptrack.library.choices import IngestionStatus
from tests.factories.library import DocumentFactory
from tests.factories.registry import ActionPlanFactory


def test_library_index_counts_documents_attached_to_plans(client, db):
    first, second = ActionPlanFactory(), ActionPlanFactory()
    DocumentFactory(plan=first)
    DocumentFactory(plan=first)
    DocumentFactory(plan=second)
    DocumentFactory(plan=second, status=IngestionStatus.QUEUED)  # not readable yet: not counted
    DocumentFactory(plan=None)  # the library's own: listed, not counted here
    html = client.get(reverse("library:index")).text
    assert "The library also holds 3 documents attached to plans (2 plans)" in html
