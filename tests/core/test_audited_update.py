"""One audited field update (core.services.audited_update), used by the admins' corrections
of people (accounts.user_update) and of standard indicators."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.accounts.services import user_update
from naptrack.core.models import Activity
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_change_is_saved_and_recorded_with_before_and_after():
    admin = UserFactory(is_superuser=True)
    person = UserFactory(display_name="A. Otieno")
    user_update(actor=admin, user=person, display_name="Achieng Otieno")
    person.refresh_from_db()
    assert person.display_name == "Achieng Otieno"
    (row,) = Activity.objects.filter(verb="user.updated")
    assert row.changes == {"display_name": {"before": "A. Otieno", "after": "Achieng Otieno"}}
    assert row.actor == admin


def test_nothing_changed_records_nothing():
    admin = UserFactory(is_superuser=True)
    person = UserFactory(display_name="Same")
    user_update(actor=admin, user=person, display_name="Same")
    assert not Activity.objects.filter(verb="user.updated").exists()


def test_a_field_outside_the_allowed_ones_is_refused_by_name_and_nothing_is_saved():
    admin = UserFactory(is_superuser=True)
    person = UserFactory(display_name="Kept")
    with pytest.raises(ValidationError, match="is_superuser"):
        user_update(actor=admin, user=person, display_name="Changed", is_superuser=True)
    person.refresh_from_db()
    assert person.display_name == "Kept" and not person.is_superuser
    assert not Activity.objects.filter(verb="user.updated").exists()


def test_someone_who_is_not_an_admin_cannot_update_a_person():
    person = UserFactory(display_name="Kept")
    with pytest.raises(PermissionDenied):
        user_update(actor=UserFactory(), user=person, display_name="Changed")
    person.refresh_from_db()
    assert person.display_name == "Kept"
