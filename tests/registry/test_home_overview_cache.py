"""The home page's lists are kept per data version, day, language and visible drafts
(registry.views.public._home_overview): signed-in users share them, drafts never leak."""

import pytest
from django.utils import timezone

from naptrack.registry.choices import Publication
from tests.factories import people
from tests.factories.registry import ActionPlanFactory

# The public page cache is off in tests: these are the tests of it.
pytestmark = pytest.mark.usefixtures("cache_on")


@pytest.fixture
def home_draft(kenya):
    # A factory writes no audit row: the data version stays the same, so only the
    # visible drafts in the key keep this plan out of other people's pages.
    return ActionPlanFactory(
        country=kenya,
        title="Unpublished draft on the home page",
        publication=Publication.DRAFT,
        adoption_date=timezone.now().date(),
    )


def test_coordinator_sees_own_draft_after_the_public_lists_were_kept(
    client, kenya_coordinator, home_draft
):
    assert home_draft.title not in client.get("/").content.decode()
    client.force_login(kenya_coordinator)
    assert home_draft.title in client.get("/").content.decode()


def test_others_never_get_the_lists_kept_for_a_coordinator(client, kenya_coordinator, home_draft):
    client.force_login(kenya_coordinator)
    assert home_draft.title in client.get("/").content.decode()
    client.logout()
    assert home_draft.title not in client.get("/").content.decode()
    client.force_login(people.person())
    assert home_draft.title not in client.get("/").content.decode()


def test_signed_in_user_gets_the_same_lists_as_the_public(client, db):
    public = client.get("/").content.decode()
    client.force_login(people.person())
    signed_in = client.get("/").content.decode()
    start = public.index('<section aria-labelledby="in-force-heading">')
    end = public.index("</main>")
    assert public[start:end] in signed_in
