"""A moderator withdraws a published lesson: it leaves the public site and the API, its
author still reads it with the reason, and nobody else may withdraw it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.core.models import Activity
from naptrack.lessons import services
from tests.api.conftest import ApiClient, client_for
from tests.factories.people import person
from tests.lessons.test_lessons import SECRET, submit


@pytest.fixture
def published(moderator):
    return services.lesson_publish(actor=moderator, lesson=submit(person()))


def test_withdrawing_hides_the_lesson_and_records_why(client, published, moderator):
    services.lesson_withdraw(actor=moderator, lesson=published, reason="Evidence retracted.")
    row = Activity.objects.get(verb="lesson.withdrawn", target_id=str(published.pk))
    assert row.actor == moderator
    assert row.changes["state"] == {"before": "published", "after": "withdrawn"}
    assert client.get(f"/lessons/{published.pk}/").status_code == 404
    assert SECRET not in client.get("/lessons/?q=okapi").content.decode()
    assert ApiClient().get(f"lessons/{published.pk}").status_code == 404
    client.force_login(published.author)
    page = client.get(f"/lessons/{published.pk}/").content.decode()
    assert "Evidence retracted." in page


@pytest.mark.parametrize("who", ["author", "stranger"])
def test_only_moderators_withdraw(client, published, who):
    actor = published.author if who == "author" else person()
    with pytest.raises(PermissionDenied):
        services.lesson_withdraw(actor=actor, lesson=published, reason="Mine.")
    client.force_login(actor)
    response = client.post(f"/lessons/{published.pk}/withdraw/", {"reason": "Mine."})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.state == "published"


def test_withdrawing_needs_a_reason_and_a_published_lesson(moderator, published):
    with pytest.raises(ValidationError):
        services.lesson_withdraw(actor=moderator, lesson=published, reason=" ")
    waiting = submit(person())
    with pytest.raises(ValidationError):
        services.lesson_withdraw(actor=moderator, lesson=waiting, reason="Not yet public.")
    waiting.refresh_from_db()
    assert waiting.state == "submitted"


def test_the_moderator_withdraws_from_the_page(client, moderator, published):
    client.force_login(moderator)
    assert (
        f"/lessons/{published.pk}/withdraw/"
        in client.get(published.get_absolute_url()).content.decode()
    )
    response = client.post(f"/lessons/{published.pk}/withdraw/", {"reason": "Duplicate."})
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.state, published.rejection_reason) == ("withdrawn", "Duplicate.")


def test_withdraw_through_the_api(moderator, published):
    author = client_for(published.author)
    assert author.post(f"lessons/{published.pk}/withdraw", {"reason": "x"}).status_code == 403
    response = client_for(moderator).post(f"lessons/{published.pk}/withdraw", {"reason": "Old."})
    assert response.json()["state"] == "withdrawn"
    assert Activity.objects.filter(verb="lesson.withdrawn", channel="api").exists()
