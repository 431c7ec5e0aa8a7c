"""The home page's lists are kept per data version, day, language and visible drafts
(registry.views.public._home_overview): signed-in users share them, drafts never leak."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from naptrack.registry.choices import Publication
from tests.factories import people
from tests.factories.accounts import TotpAuthenticatorFactory
from tests.factories.registry import ActionPlanFactory


@pytest.fixture(autouse=True)
def cache_on():
    caches["default"].clear()
    with override_settings(NAPTRACK_PUBLIC_CACHE_SECONDS=300):
        yield
    caches["default"].clear()


@pytest.fixture
def signed_in_coordinator(coordinator):
    TotpAuthenticatorFactory(user=coordinator)  # coordinators must enrol a second factor
    return coordinator


@pytest.fixture
def kenya_draft(kenya):
    # A factory writes no audit row: the data version stays the same, so only the
    # visible drafts in the key keep this plan out of other people's pages.
    return ActionPlanFactory(
        country=kenya,
        title="Unpublished draft on the home page",
        publication=Publication.DRAFT,
        adoption_date=timezone.now().date(),
    )


def test_coordinator_sees_own_draft_after_the_public_lists_were_kept(
    client, signed_in_coordinator, kenya_draft
):
    assert kenya_draft.title not in client.get("/").content.decode()
    client.force_login(signed_in_coordinator)
    assert kenya_draft.title in client.get("/").content.decode()


def test_others_never_get_the_lists_kept_for_a_coordinator(
    client, signed_in_coordinator, kenya_draft
):
    client.force_login(signed_in_coordinator)
    assert kenya_draft.title in client.get("/").content.decode()
    client.logout()
    assert kenya_draft.title not in client.get("/").content.decode()
    client.force_login(people.person())
    assert kenya_draft.title not in client.get("/").content.decode()


def test_signed_in_user_gets_the_same_lists_as_the_public(client, db):
    public = client.get("/").content.decode()
    client.force_login(people.person())
    signed_in = client.get("/").content.decode()
    start = public.index('<section aria-labelledby="in-force-heading">')
    end = public.index("</main>")
    assert public[start:end] in signed_in
