import pytest

from naptrack.library.services.upload import document_upload
from naptrack.registry.choices import PlanStatus, Publication
from naptrack.registry.models import Country
from tests.factories.registry import ActionPlanFactory
from tests.library.builders import upload


@pytest.fixture
def library_kenya_plan(db):
    return ActionPlanFactory(
        country=Country.objects.get(iso3="KEN"), title="Synthetic Kenya test plan"
    )


@pytest.fixture
def library_kenya_draft(db):
    return ActionPlanFactory(
        country=Country.objects.get(iso3="KEN"),
        title="Synthetic Kenya draft plan",
        status=PlanStatus.DRAFTING,
        publication=Publication.DRAFT,
    )


@pytest.fixture
def ingest(kenya_coordinator, library_kenya_plan):
    """Uploads bytes (to the Kenya plan unless `plan` says otherwise; None is the library)
    as the Kenya coordinator; the immediate task backend reads them at once."""

    def _ingest(name, data, *, plan="kenya", actor=None, **fields):
        fields.setdefault("title", name)
        fields.setdefault("language", "en")
        fields.setdefault("kind", "plan")
        document = document_upload(
            actor=actor or kenya_coordinator,
            upload=upload(name, data),
            plan=library_kenya_plan if plan == "kenya" else plan,
            **fields,
        )
        document.refresh_from_db()
        return document

    return _ingest
