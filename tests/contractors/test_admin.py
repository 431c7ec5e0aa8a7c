"""Platform admins version the checklist in the Django admin, through the audited
services; a published version cannot be changed there."""

import pytest
from django.urls import reverse

from naptrack.accounts.models import User
from naptrack.contractors.models import ChecklistVersion
from naptrack.core.models import Activity

pytestmark = pytest.mark.django_db

INLINE = "items"


def _staff(user):
    User.objects.filter(pk=user.pk).update(is_staff=True)
    return User.objects.get(pk=user.pk)


def _inline(rows: list[dict], initial: int) -> dict:
    data = {
        f"{INLINE}-TOTAL_FORMS": len(rows),
        f"{INLINE}-INITIAL_FORMS": initial,
        f"{INLINE}-MIN_NUM_FORMS": 0,
        f"{INLINE}-MAX_NUM_FORMS": 1000,
    }
    for n, row in enumerate(rows):
        data.update({f"{INLINE}-{n}-{key}": value for key, value in row.items()})
    return data


def test_admin_drafts_edits_and_publishes_a_version(client, platform_admin):
    client.force_login(_staff(platform_admin))
    add = reverse("admin:contractors_checklistversion_add")
    response = client.post(add, {"notes": "Adds survivor support.", **_inline([], 0)})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = ChecklistVersion.objects.get(number=2)
    assert draft.items.count() == 6 and not draft.is_published
    rows = [
        {
            "id": item.pk,
            "version": draft.pk,
            "position": item.position,
            "code": item.code,
            "label": item.label,
            "guidance": item.guidance,
        }
        for item in draft.items.all()
    ]
    rows.append(
        {
            "version": draft.pk,
            "position": 7,
            "code": "survivor_support",
            "label": "Survivors are referred to support services",
            "guidance": "",
        }
    )
    change = reverse("admin:contractors_checklistversion_change", args=[draft.pk])
    response = client.post(change, {"notes": "Adds survivor support.", **_inline(rows, 6)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert draft.items.filter(code="survivor_support").exists()
    changelist = reverse("admin:contractors_checklistversion_changelist")
    client.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    assert ChecklistVersion.objects.get(number=2).is_published
    verbs = set(Activity.objects.filter(channel="admin").values_list("verb", flat=True))
    assert verbs == {
        "checklist.version.drafted",
        "checklist.item.saved",
        "checklist.version.published",
    }
    # Published: no more changes in the admin.
    assert client.post(change, {"notes": "x", **_inline([], 7)}).status_code == 403


def test_coordinator_cannot_open_the_checklist_admin(client, kenya_coordinator):
    client.force_login(_staff(kenya_coordinator))
    add = reverse("admin:contractors_checklistversion_add")
    assert client.get(add).status_code == 403
    assert not ChecklistVersion.objects.filter(number=2).exists()
