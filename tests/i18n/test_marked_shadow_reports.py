"""Every string of the shadow-report pages goes through gettext: crawled in the
pseudo-locale, their <main> holds nothing but wrapped strings and data."""

# The shadow-report tests' fixtures are imported by name, which pytest finds and ruff sees
# as redefined when a test asks for them.
# ruff: noqa: F811

from django.urls import reverse

from tests.i18n.marked import unmarked_pages
from tests.shadow_reports.conftest import (  # noqa: F401
    co_author,
    co_author_member,
    named_report,
    police,
    pseudonymous_report,
    shadow_coalition,
    shadow_coalition_member,
    shadow_cso,
    shadow_cso_member,
    shadow_cycle,
    shadow_defence,
    shadow_plan,
    shadow_structure,
    write_report,
)

# Stored in the assessments' snapshots of the official report, or written by the tests.
DATA = ["What we saw on", "2025 in brief."]


def test_public_pages_are_all_marked(client, shadow_plan, named_report, pseudonymous_report):
    urls = [
        reverse("shadow_reports:plan_reports", args=[shadow_plan.pk]),
        reverse("shadow_reports:side_by_side", args=[shadow_plan.pk]),
        reverse("shadow_reports:detail", args=[named_report.pk]),
        reverse("shadow_reports:detail", args=[pseudonymous_report.pk]),
    ]
    assert unmarked_pages(client, urls, data=DATA) == {}


def test_author_pages_are_all_marked(
    client, shadow_plan, shadow_cso, shadow_cso_member, co_author, shadow_structure
):
    draft = write_report(
        shadow_cso_member,
        shadow_plan,
        shadow_cso,
        co_authors=[co_author],
        assessments={shadow_structure["1.1"]: ("no", "delayed")},
    )
    client.force_login(shadow_cso_member)
    urls = [
        reverse("shadow_reports:mine"),
        reverse("shadow_reports:create", args=[shadow_plan.pk]),
        reverse("shadow_reports:edit", args=[draft.pk]),
        reverse("shadow_reports:detail", args=[draft.pk]),
    ]
    assert unmarked_pages(client, urls, data=DATA) == {}


def test_invitations_and_moderation_are_all_marked(
    client,
    co_author_member,
    moderator,
    pseudonymous_report,
    shadow_plan,
    shadow_cso,
    shadow_cso_member,
    co_author,
):
    write_report(
        shadow_cso_member,
        shadow_plan,
        shadow_cso,
        co_authors=[co_author],
        title="Invitation pending",
    )
    client.force_login(co_author_member)
    assert unmarked_pages(client, [reverse("shadow_reports:invitations")], data=DATA) == {}
    client.force_login(moderator)
    urls = [
        reverse("shadow_reports:moderation"),
        reverse("shadow_reports:history", args=[pseudonymous_report.pk]),
    ]
    assert unmarked_pages(client, urls, data=DATA) == {}
