import pytest

from naptrack.library.services import document_upload
from naptrack.registry.choices import PlanStatus, Publication
from naptrack.registry.models import Country
from tests.factories import people
from tests.factories.registry import ActionPlanFactory
from tests.library.builders import upload


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Originals go to a fresh folder per test, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def kenya_coordinator(db):
    return people.coordinator_of("KEN")


@pytest.fixture
def platform_admin(db):
    return people.platform_admin()


@pytest.fixture
def kenya_plan(db):
    return ActionPlanFactory(
        country=Country.objects.get(iso3="KEN"), title="Synthetic Kenya test plan"
    )


@pytest.fixture
def kenya_draft(db):
    return ActionPlanFactory(
        country=Country.objects.get(iso3="KEN"),
        title="Synthetic Kenya draft plan",
        status=PlanStatus.DRAFTING,
        publication=Publication.DRAFT,
    )


@pytest.fixture
def ingest(kenya_coordinator, kenya_plan):
    """Uploads bytes (to the Kenya plan unless `plan` says otherwise; None is the library)
    as the Kenya coordinator; the immediate task backend reads them at once."""

    def _ingest(name, data, *, plan="kenya", actor=None, **fields):
        fields.setdefault("title", name)
        fields.setdefault("language", "en")
        fields.setdefault("kind", "plan")
        document = document_upload(
            actor=actor or kenya_coordinator,
            upload=upload(name, data),
            plan=kenya_plan if plan == "kenya" else plan,
            **fields,
        )
        document.refresh_from_db()
        return document

    return _ingest
