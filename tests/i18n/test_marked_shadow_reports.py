"""Every string of the shadow-report pages goes through gettext: crawled in the
pseudo-locale, their <main> holds nothing but wrapped strings and data."""

# The shadow-report tests' fixtures are imported by name, which pytest finds and ruff sees
# as redefined when a test asks for them.
# ruff: noqa: F811

from django.urls import reverse

from tests.i18n.marked import unmarked_pages
from tests.shadow_reports.conftest import (  # noqa: F401
    _fresh,
    co_author,
    co_author_member,
    coalition,
    coalition_member,
    coordinator,
    cso,
    cso_member,
    cycle,
    defence,
    moderator,
    named_report,
    plan,
    police,
    pseudonymous_report,
    structure,
    write_report,
)

# Stored in the assessments' snapshots of the official report, or written by the tests.
DATA = ["What we saw on", "2025 in brief."]


def test_public_pages_are_all_marked(client, plan, named_report, pseudonymous_report):
    urls = [
        reverse("shadow_reports:plan_reports", args=[plan.pk]),
        reverse("shadow_reports:side_by_side", args=[plan.pk]),
        reverse("shadow_reports:detail", args=[named_report.pk]),
        reverse("shadow_reports:detail", args=[pseudonymous_report.pk]),
    ]
    assert unmarked_pages(client, urls, data=DATA) == {}


def test_author_pages_are_all_marked(client, plan, cso, cso_member, co_author, structure):
    draft = write_report(
        cso_member,
        plan,
        cso,
        co_authors=[co_author],
        assessments={structure["1.1"]: ("no", "delayed")},
    )
    client.force_login(cso_member)
    urls = [
        reverse("shadow_reports:mine"),
        reverse("shadow_reports:create", args=[plan.pk]),
        reverse("shadow_reports:edit", args=[draft.pk]),
        reverse("shadow_reports:detail", args=[draft.pk]),
    ]
    assert unmarked_pages(client, urls, data=DATA) == {}


def test_invitations_and_moderation_are_all_marked(
    client, co_author_member, moderator, pseudonymous_report, plan, cso, cso_member, co_author
):
    write_report(cso_member, plan, cso, co_authors=[co_author], title="Invitation pending")
    client.force_login(co_author_member)
    assert unmarked_pages(client, [reverse("shadow_reports:invitations")], data=DATA) == {}
    client.force_login(moderator)
    urls = [
        reverse("shadow_reports:moderation"),
        reverse("shadow_reports:history", args=[pseudonymous_report.pk]),
    ]
    assert unmarked_pages(client, urls, data=DATA) == {}
