"""The shadow-report workflow: drafting, publication (also delayed), withdrawal,
moderation, the right of reply and evidence files, each audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from naptrack.core.models import Activity
from naptrack.core.selectors import activities_for
from naptrack.shadow_reports import services
from naptrack.shadow_reports.models import ShadowReport
from tests.shadow_reports.conftest import accept_invitation, publish, write_report


def _verbs(report):
    return [a.verb for a in activities_for(report).order_by("created_at", "id")]


def test_shadow_report_whole_workflow_is_audited_on_the_report(
    shadow_coalition_member,
    shadow_coalition,
    shadow_plan,
    shadow_cycle,
    shadow_structure,
    kenya_coordinator,
):
    report = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        assessments={shadow_structure["1.1"]: ("no", "delayed")},
    )
    report = publish(shadow_coalition_member, report)
    services.reply_publish(actor=kenya_coordinator, report=report, text="We disagree.")
    services.shadow_report_withdraw(
        actor=shadow_coalition_member, report=report, note="Superseded."
    )
    assert _verbs(report) == [
        "shadow.report.created",
        "shadow.assessment.saved",
        "shadow.report.submitted",
        "shadow.report.published",
        "shadow.reply.published",
        "shadow.report.withdrawn",
    ]
    assert all(a.actor is not None for a in activities_for(report))
    # Nothing of it is recorded against the plan, whose history is public.
    assert not activities_for(shadow_plan).filter(verb__startswith="shadow.").exists()


def test_shadow_report_create_refuses_organizations_the_user_is_not_a_member_of(
    shadow_coalition_member, shadow_cso, shadow_plan, shadow_cycle
):
    with pytest.raises(PermissionDenied, match="member of"):
        write_report(shadow_coalition_member, shadow_plan, shadow_cso, cycle=shadow_cycle)
    assert not ShadowReport.objects.exists()


def test_shadow_report_create_refuses_a_government_agency_as_author_or_co_author(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_defence
):
    with pytest.raises(ValidationError, match="civil-society organization or coalition"):
        write_report(
            shadow_coalition_member,
            shadow_plan,
            shadow_coalition,
            cycle=shadow_cycle,
            co_authors=[shadow_defence],
        )


def test_shadow_report_needs_exactly_one_of_cycle_and_period(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    with pytest.raises(ValidationError, match="not both"):
        services.shadow_report_create(
            actor=shadow_coalition_member,
            plan=shadow_plan,
            author=shadow_coalition,
            title="Both",
            cycle=shadow_cycle,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
        )
    with pytest.raises(ValidationError, match="reporting cycle assessed"):
        services.shadow_report_create(
            actor=shadow_coalition_member,
            plan=shadow_plan,
            author=shadow_coalition,
            title="Neither",
        )
    with pytest.raises(ValidationError, match="cannot end before"):
        services.shadow_report_create(
            actor=shadow_coalition_member,
            plan=shadow_plan,
            author=shadow_coalition,
            title="Backwards",
            period_start=datetime.date(2025, 6, 1),
            period_end=datetime.date(2025, 1, 1),
        )


def test_shadow_report_refuses_another_plans_cycle(
    shadow_coalition_member, shadow_coalition, shadow_cycle, kenya
):
    from tests.factories.registry import ActionPlanFactory

    other = ActionPlanFactory(country=kenya, title="Another plan")
    with pytest.raises(ValidationError, match="another plan"):
        write_report(shadow_coalition_member, other, shadow_coalition, cycle=shadow_cycle)


def test_pseudonym_is_required_and_must_not_contain_an_authors_name(
    shadow_cso_member, shadow_cso, shadow_plan, shadow_cycle
):
    with pytest.raises(ValidationError, match="needs a pseudonym|Choose the pseudonym"):
        write_report(
            shadow_cso_member,
            shadow_plan,
            shadow_cso,
            cycle=shadow_cycle,
            publication_mode="pseudonymous",
        )
    with pytest.raises(ValidationError, match="must not contain"):
        write_report(
            shadow_cso_member,
            shadow_plan,
            shadow_cso,
            cycle=shadow_cycle,
            publication_mode="pseudonymous",
            pseudonym=f"Friends of {shadow_cso.name.upper()}",
        )


def test_shadow_report_cannot_be_written_on_a_draft_plan(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    shadow_plan.publication = "draft"
    shadow_plan.save(update_fields=["publication"])
    with pytest.raises(ValidationError, match="No such plan"):
        write_report(shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle)


def test_assessment_must_be_on_an_action_of_the_plan(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    from tests.factories.plans import ActionFactory

    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle
    )
    elsewhere = ActionFactory()
    with pytest.raises(ValidationError, match="another plan"):
        services.assessment_save(
            actor=shadow_coalition_member,
            report=report,
            action=elsewhere,
            agrees_with_official="no",
        )


def test_assessment_save_twice_updates_the_same_row(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle
    )
    action = shadow_structure["1.1"]
    services.assessment_save(
        actor=shadow_coalition_member, report=report, action=action, agrees_with_official="no"
    )
    services.assessment_save(
        actor=shadow_coalition_member,
        report=report,
        action=action,
        agrees_with_official="yes",
        own_status="on_track",
        narrative="We checked again.",
    )
    (assessment,) = report.assessments.all()
    assert (assessment.agrees_with_official, assessment.own_status) == ("yes", "on_track")
    assert assessment.narrative == "We checked again."


def test_submitted_report_is_locked_until_reopened(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle
    )
    services.shadow_report_submit(actor=shadow_coalition_member, report=report)
    with pytest.raises(ValidationError, match="only drafts can be changed"):
        services.assessment_save(
            actor=shadow_coalition_member,
            report=report,
            action=shadow_structure["1.1"],
            agrees_with_official="no",
        )
    services.shadow_report_reopen(actor=shadow_coalition_member, report=report)
    services.assessment_save(
        actor=shadow_coalition_member,
        report=report,
        action=shadow_structure["1.1"],
        agrees_with_official="no",
    )
    assert report.assessments.count() == 1


def test_submit_needs_findings(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle, findings=""
    )
    with pytest.raises(ValidationError, match="findings"):
        services.shadow_report_submit(actor=shadow_coalition_member, report=report)


def test_publish_needs_a_submitted_report(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle
    )
    with pytest.raises(ValidationError, match="submit it as ready"):
        services.shadow_report_publish(actor=shadow_coalition_member, report=report)


def test_co_author_member_may_publish_what_another_organization_drafted(
    shadow_cso_member, shadow_cso, co_author, co_author_member, shadow_plan, shadow_cycle
):
    report = write_report(
        shadow_cso_member, shadow_plan, shadow_cso, cycle=shadow_cycle, co_authors=[co_author]
    )
    accept_invitation(co_author_member, report)
    report = publish(co_author_member, report)
    assert report.state == "published"
    assert ShadowReport.objects.public().filter(pk=report.pk).exists()


def test_delayed_publication_becomes_public_on_its_date_without_any_job(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle
    )
    when = timezone.now() + datetime.timedelta(days=3)
    report = publish(shadow_coalition_member, report, publish_at=when)
    assert report.state == "published" and report.publish_at == when
    assert not ShadowReport.objects.public().filter(pk=report.pk).exists()
    later = when + datetime.timedelta(seconds=1)
    assert ShadowReport.objects.public(now=later).filter(pk=report.pk).exists()


def test_delayed_publication_appears_in_the_list_page_when_the_clock_passes(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, monkeypatch
):
    report = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        title="Embargoed report",
    )
    when = timezone.now() + datetime.timedelta(hours=2)
    publish(shadow_coalition_member, report, publish_at=when)
    url = f"/plans/{shadow_plan.pk}/shadow-reports/"
    assert "Embargoed report" not in client.get(url).content.decode()
    assert client.get(report.get_absolute_url()).status_code == 404
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(hours=3))
    assert "Embargoed report" in client.get(url).content.decode()
    assert "Embargoed report" in client.get(report.get_absolute_url()).content.decode()


def test_publish_refuses_a_date_in_the_past(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle
    )
    services.shadow_report_submit(actor=shadow_coalition_member, report=report)
    with pytest.raises(ValidationError, match="past"):
        services.shadow_report_publish(
            actor=shadow_coalition_member,
            report=report,
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )
    report.refresh_from_db()
    assert report.state == "submitted"


def test_moderator_hides_and_restores_with_reasons_recorded(named_report, moderator):
    services.shadow_report_hide(actor=moderator, report=named_report, reason="Names a survivor.")
    assert not ShadowReport.objects.public().filter(pk=named_report.pk).exists()
    services.shadow_report_unhide(actor=moderator, report=named_report, reason="Appeal upheld.")
    rows = list(activities_for(named_report).filter(actor=moderator).order_by("id"))
    assert [(a.verb, a.changes["reason"]["after"]) for a in rows] == [
        ("shadow.report.hidden_by_moderator", "Names a survivor."),
        ("shadow.report.restored", "Appeal upheld."),
    ]
    named_report.refresh_from_db()
    assert named_report.state == "published"
    assert ShadowReport.objects.public().filter(pk=named_report.pk).exists()


def test_moderator_hide_needs_a_reason_and_leaves_content_untouched(named_report, moderator):
    before = (named_report.title, named_report.findings)
    with pytest.raises(ValidationError, match="reason"):
        services.shadow_report_hide(actor=moderator, report=named_report, reason="  ")
    named_report.refresh_from_db()
    assert named_report.state == "published"
    assert (named_report.title, named_report.findings) == before


@pytest.mark.parametrize(
    "who", ["kenya_coordinator", "analyst", "other_cso_member", "shadow_coalition_member"]
)
def test_only_moderators_hide_reports(named_report, who, request):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="moderators"):
        services.shadow_report_hide(actor=actor, report=named_report, reason="I dislike it.")
    named_report.refresh_from_db()
    assert named_report.state == "published"


def test_right_of_reply_once_per_public_report_by_the_owners_coordinator(
    named_report, kenya_coordinator, uganda_coordinator
):
    with pytest.raises(PermissionDenied, match="coordinators of this plan's owner"):
        services.reply_publish(actor=uganda_coordinator, report=named_report, text="Not yours.")
    reply = services.reply_publish(actor=kenya_coordinator, report=named_report, text="Our answer.")
    assert reply.published_at is not None
    with pytest.raises(ValidationError, match="already been answered"):
        services.reply_publish(actor=kenya_coordinator, report=named_report, text="Second answer.")


def test_right_of_reply_refused_before_the_report_is_public(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, kenya_coordinator
):
    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle
    )
    with pytest.raises(ValidationError, match="Only a published report"):
        services.reply_publish(actor=kenya_coordinator, report=report, text="Too early.")
    later = publish(shadow_coalition_member, report, timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="Only a published report"):
        services.reply_publish(actor=kenya_coordinator, report=later, text="Still too early.")


def test_coordinator_cannot_edit_or_withdraw_a_shadow_report(named_report, kenya_coordinator):
    with pytest.raises(PermissionDenied):
        services.shadow_report_withdraw(actor=kenya_coordinator, report=named_report)
    with pytest.raises(PermissionDenied):
        services.shadow_report_reopen(actor=kenya_coordinator, report=named_report)


# ---- Evidence ----------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _assessment(coalition_member, coalition, plan, cycle, structure):
    report = write_report(
        coalition_member,
        plan,
        coalition,
        cycle=cycle,
        assessments={structure["1.1"]: ("no", "delayed")},
    )
    return report.assessments.get()


def test_evidence_file_is_sniffed_stored_under_a_generated_name(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    assessment = _assessment(
        shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
    )
    upload = SimpleUploadedFile("Coalition minutes.pdf", PDF)
    evidence = services.EVIDENCE.add_file(
        actor=shadow_coalition_member, parent=assessment, upload=upload, description="Minutes"
    )
    assert evidence.content_type == "application/pdf"
    assert evidence.size_bytes == len(PDF) and len(evidence.sha256) == 64
    assert "Coalition" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert evidence.public_name == f"evidence-{evidence.pk}.pdf"
    assert evidence.file.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>", "must be one of"),
        ("report.pdf", b"<!doctype html><p>not a pdf", "Web pages"),
        ("tool.pdf", b"MZ\x90\x00binary", "executable"),
        ("notes.txt", b"", "empty"),
    ],
)
def test_evidence_file_refuses_hostile_or_mislabelled_files(
    shadow_coalition_member,
    shadow_coalition,
    shadow_plan,
    shadow_cycle,
    shadow_structure,
    name,
    content,
    message,
):
    assessment = _assessment(
        shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
    )
    with pytest.raises(ValidationError, match=message):
        services.EVIDENCE.add_file(
            actor=shadow_coalition_member,
            parent=assessment,
            upload=SimpleUploadedFile(name, content),
            description="Bad",
        )
    assert not assessment.evidence.exists()


def test_evidence_file_over_the_size_limit_is_refused(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure, settings
):
    settings.NAPTRACK_MAX_EVIDENCE_BYTES = 100
    assessment = _assessment(
        shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
    )
    upload = SimpleUploadedFile("big.txt", b"x" * 101)
    with pytest.raises(ValidationError, match="at most 100"):
        services.EVIDENCE.add_file(
            actor=shadow_coalition_member, parent=assessment, upload=upload, description="Big"
        )
    assert not assessment.evidence.exists()


def test_evidence_file_of_unknown_size_is_refused_once_read_past_the_limit(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure, settings
):
    # A streamed upload may not know its size: the bytes read are checked instead.
    settings.NAPTRACK_MAX_EVIDENCE_BYTES = 100
    assessment = _assessment(
        shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
    )
    upload = SimpleUploadedFile("big.txt", b"x" * 101)
    upload.size = None
    with pytest.raises(ValidationError, match="larger than evidence files may be"):
        services.EVIDENCE.add_file(
            actor=shadow_coalition_member, parent=assessment, upload=upload, description="Big"
        )
    assert not assessment.evidence.exists()


def test_evidence_removal_deletes_the_stored_file(
    shadow_coalition_member,
    shadow_coalition,
    shadow_plan,
    shadow_cycle,
    shadow_structure,
    django_capture_on_commit_callbacks,
):
    assessment = _assessment(
        shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
    )
    evidence = services.EVIDENCE.add_file(
        actor=shadow_coalition_member,
        parent=assessment,
        upload=SimpleUploadedFile("list.txt", b"names"),
        description="List",
    )
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.EVIDENCE.remove(actor=shadow_coalition_member, evidence=evidence)
    assert not storage.exists(name)
    assert Activity.objects.filter(verb="shadow.evidence.removed").count() == 1


def test_evidence_audit_never_records_the_original_file_name(
    shadow_cso_member, shadow_cso, shadow_plan, shadow_cycle, shadow_structure
):
    report = write_report(
        shadow_cso_member,
        shadow_plan,
        shadow_cso,
        cycle=shadow_cycle,
        assessments={shadow_structure["1.1"]: ("no", "")},
    )
    services.EVIDENCE.add_file(
        actor=shadow_cso_member,
        parent=report.assessments.get(),
        upload=SimpleUploadedFile(f"{shadow_cso.name} minutes.txt", b"minutes"),
        description="Minutes",
    )
    (row,) = Activity.objects.filter(verb="shadow.evidence.added")
    assert shadow_cso.name not in str(row.changes) and shadow_cso.name not in row.target_label


def test_evidence_link_needs_a_valid_url(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    assessment = _assessment(
        shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
    )
    with pytest.raises(ValidationError, match="url|URL"):
        services.EVIDENCE.add_link(
            actor=shadow_coalition_member, parent=assessment, url="not a url", description="Bad"
        )
