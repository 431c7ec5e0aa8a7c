"""Co-authors named before consent existed become pending invitations.

Until this migration an author could name any civil-society organization as co-author,
and its name then appeared on the report without its agreement. From now on only an
organization whose members accepted is a co-author. So every existing co-author row is
turned into a **pending** invitation and removed from `ShadowReport.co_authors`:
**nobody stays named without consent.** Until they answer, the organization is not named
on the report (not even on reports already published) and its members cannot edit or
publish; they can read the report and accept or decline it on their Invitations page
(`/shadow-reports/invitations/`). Invitations migrated onto reports that are already
published stay pending, so that a real co-author can still accept and be named again.

No email is sent by this migration. Reversing it names again every organization whose
invitation is pending or accepted.
"""

from django.db import migrations


def co_authors_to_invitations(apps, schema_editor):
    ShadowReport = apps.get_model("shadow_reports", "ShadowReport")
    CoAuthorInvitation = apps.get_model("shadow_reports", "CoAuthorInvitation")
    Through = ShadowReport.co_authors.through
    rows = list(Through.objects.select_related("shadowreport"))
    CoAuthorInvitation.objects.bulk_create(
        CoAuthorInvitation(
            report_id=row.shadowreport_id,
            organization_id=row.organization_id,
            state="pending",
            invited_by_id=row.shadowreport.created_by_id,
        )
        for row in rows
    )
    Through.objects.filter(pk__in=[row.pk for row in rows]).delete()


def invitations_to_co_authors(apps, schema_editor):
    ShadowReport = apps.get_model("shadow_reports", "ShadowReport")
    CoAuthorInvitation = apps.get_model("shadow_reports", "CoAuthorInvitation")
    Through = ShadowReport.co_authors.through
    named = CoAuthorInvitation.objects.filter(state__in=["pending", "accepted"])
    existing = set(Through.objects.values_list("shadowreport_id", "organization_id"))
    Through.objects.bulk_create(
        Through(shadowreport_id=report_id, organization_id=organization_id)
        for report_id, organization_id in set(named.values_list("report_id", "organization_id"))
        if (report_id, organization_id) not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("shadow_reports", "0002_co_author_invitations")]

    operations = [migrations.RunPython(co_authors_to_invitations, invitations_to_co_authors)]
