"""The admin window on shadow reports: platform admins only, read-only, no drafts."""

from django.urls import reverse

from naptrack.accounts.models import User
from tests.factories import people
from tests.factories.people import signed_in
from tests.shadow_reports.conftest import write_report


def _platform_admin():
    user = people.platform_admin()
    User.objects.filter(pk=user.pk).update(is_staff=True)
    return User.objects.get(pk=user.pk)


def test_admin_lists_published_reports_but_never_drafts(
    client, named_report, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        title="Unfinished draft",
    )
    client = signed_in(client, _platform_admin())
    html = client.get(reverse("admin:shadow_reports_shadowreport_changelist")).content.decode()
    assert "What we saw in 2025" in html and "Unfinished draft" not in html


def test_admin_shadow_reports_are_view_only(client, named_report):
    client = signed_in(client, _platform_admin())
    url = reverse("admin:shadow_reports_shadowreport_change", args=[named_report.pk])
    page = client.get(url).content.decode()
    assert "What we saw in 2025" in page and 'name="_save"' not in page
    assert client.post(url, {"title": "Edited by an admin"}).status_code == 403
    named_report.refresh_from_db()
    assert named_report.title == "What we saw in 2025"


def test_admin_refuses_staff_without_the_platform_admin_role(client, named_report, moderator):
    User.objects.filter(pk=moderator.pk).update(is_staff=True)
    client = signed_in(client, User.objects.get(pk=moderator.pk))
    url = reverse("admin:shadow_reports_shadowreport_changelist")
    assert client.get(url).status_code == 403
