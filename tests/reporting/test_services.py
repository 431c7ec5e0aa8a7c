"""The reporting cycle's services: transitions, locks, concurrency, prefill, reports."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.core.models import Activity
from naptrack.reporting import services
from naptrack.reporting.models import ActionUpdate, OfficialReport, ReportingCycle
from naptrack.reporting.services import ConflictError, ValueInput
from tests.factories import people


def save(update, actor, **fields):
    update.refresh_from_db()
    return services.update_save(
        actor=actor, update=update, expected_version=update.version, **fields
    )


def test_cycle_open_creates_one_update_per_responsible_agency(
    reporting_cycle, reporting_structure, agency_a, agency_b
):
    rows = sorted(
        reporting_cycle.updates.values_list("action__code", "agency__name", "role", "state")
    )
    assert rows == [
        ("1.1", agency_a.name, "lead", "draft"),
        ("2.1", agency_a.name, "supporting", "draft"),
        ("2.1", agency_b.name, "lead", "draft"),
    ]
    assert Activity.objects.filter(
        verb="reporting.cycle.opened", target_id=str(reporting_cycle.pk)
    ).exists()


def test_update_whole_cycle_reaches_approval(
    update_a, reporter_a, kenya_coordinator, reporting_structure
):
    update = save(
        update_a,
        reporter_a,
        status="on_track",
        narrative="Trained 20 mediators.",
        spending_amount=Decimal("1500.50"),
        spending_currency="kes",
        indicator_values=[
            ValueInput(
                reporting_structure["mediators"].pk,
                Decimal("20"),
                {"sex": {"female": "20"}, "location": {"Nairobi": 12, "Mombasa": 8}},
            )
        ],
    )
    assert update.version == 2 and update.spending_currency == "KES"
    update = services.update_submit(actor=reporter_a, update=update)
    update = services.update_approve(actor=kenya_coordinator, update=update)
    assert update.state == "approved"
    value = update.indicator_values.get()
    assert value.disaggregation == {
        "sex": {"female": "20"},
        "location": {"Nairobi": "12", "Mombasa": "8"},
    }
    verbs = list(
        Activity.objects.filter(target_id=str(update.pk), verb__startswith="reporting.update")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "reporting.update.saved",
        "reporting.update.submitted",
        "reporting.update.approved",
    ]


def test_update_save_stale_version_names_who_saved_first(update_a, reporter_a, agency_a):

    colleague = people.reporter_for(agency_a)
    colleague.display_name = "Amina Colleague"
    colleague.save()
    opened_version = update_a.version
    services.update_save(
        actor=colleague, update=update_a, expected_version=opened_version, narrative="Hers"
    )
    with pytest.raises(ConflictError) as conflict:
        services.update_save(
            actor=reporter_a, update=update_a, expected_version=opened_version, narrative="Mine"
        )
    assert "Amina Colleague saved this update" in conflict.value.message
    assert "Your changes were not saved" in conflict.value.message
    update_a.refresh_from_db()
    assert update_a.narrative == "Hers"


def test_update_approved_is_locked_against_saves(update_a, reporter_a, kenya_coordinator):
    save(update_a, reporter_a, status="delayed")
    services.update_submit(actor=reporter_a, update=update_a)
    services.update_approve(actor=kenya_coordinator, update=update_a)
    with pytest.raises(ValidationError, match="approved: it can no longer be changed"):
        save(update_a, reporter_a, narrative="Sneaky change")
    update_a.refresh_from_db()
    assert update_a.narrative == ""


def test_update_of_agency_b_refuses_reporter_of_agency_a(update_b, reporter_a):
    with pytest.raises(PermissionDenied):
        save(update_b, reporter_a, narrative="Not mine")


def test_update_return_requires_a_comment_and_known_fields(update_a, reporter_a, kenya_coordinator):
    save(update_a, reporter_a, status="on_track")
    services.update_submit(actor=reporter_a, update=update_a)
    with pytest.raises(ValidationError, match="Say what to fix"):
        services.update_return(
            actor=kenya_coordinator, update=update_a, comments={"narrative": " "}
        )
    with pytest.raises(ValidationError, match="No such field"):
        services.update_return(actor=kenya_coordinator, update=update_a, comments={"budget": "x"})
    update = services.update_return(
        actor=kenya_coordinator,
        update=update_a,
        comments={"narrative": "Name the districts.", "indicator:1.1.a": "Split by sex."},
    )
    assert update.state == "returned"
    assert sorted(update.comments.values_list("field", flat=True)) == [
        "indicator:1.1.a",
        "narrative",
    ]


def test_update_submit_resolves_open_comments(update_a, reporter_a, kenya_coordinator):
    save(update_a, reporter_a, status="on_track")
    services.update_submit(actor=reporter_a, update=update_a)
    services.update_return(
        actor=kenya_coordinator, update=update_a, comments={"narrative": "More."}
    )
    save(update_a, reporter_a, narrative="More detail.")
    services.update_submit(actor=reporter_a, update=update_a)
    assert update_a.comments.get().resolved_at is not None


def test_update_submit_needs_a_status(update_a, reporter_a):
    with pytest.raises(ValidationError, match="Choose a status"):
        services.update_submit(actor=reporter_a, update=update_a)


def test_indicator_value_disaggregation_must_match_the_indicator(
    update_a, reporter_a, reporting_structure
):
    with pytest.raises(ValidationError) as error:
        save(
            update_a,
            reporter_a,
            narrative="kept?",
            indicator_values=[
                ValueInput(reporting_structure["mediators"].pk, 5, {"age": {"18-24": 5}})
            ],
        )
    assert "1.1.a is not disaggregated by age" in str(error.value)
    update_a.refresh_from_db()
    assert update_a.narrative == "" and update_a.version == 1  # nothing half-written


def test_cycle_open_prefills_from_the_previous_cycle(
    reporting_plan, reporting_cycle, update_a, reporter_a, kenya_coordinator, reporting_structure
):
    save(
        update_a,
        reporter_a,
        status="delayed",
        narrative="Waiting for funds.",
        spending_amount=Decimal("10"),
        spending_currency="KES",
        indicator_values=[
            ValueInput(reporting_structure["mediators"].pk, Decimal("7"), {"sex": {"female": 7}})
        ],
    )
    later = services.cycle_create(
        actor=kenya_coordinator,
        plan=reporting_plan,
        label="2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        due_date=datetime.date(2027, 1, 31),
    )
    services.cycle_open(actor=kenya_coordinator, cycle=later)
    next_update = later.updates.get(action=reporting_structure["first"], agency=update_a.agency)
    assert next_update.prefilled_from == update_a
    assert (next_update.status, next_update.narrative) == ("delayed", "Waiting for funds.")
    assert next_update.spending_amount is None and next_update.spending_currency == "KES"
    value = next_update.indicator_values.get()
    assert value.value == Decimal("7") and value.disaggregation == {"sex": {"female": "7"}}


def test_schedule_generate_cycles_quarterly_is_idempotent(reporting_plan, kenya_coordinator):
    services.schedule_set(
        actor=kenya_coordinator,
        plan=reporting_plan,
        frequency="quarterly",
        first_period_start=datetime.date(2025, 1, 1),
        due_days=45,
    )
    created = services.schedule_generate_cycles(actor=kenya_coordinator, plan=reporting_plan)
    assert [c.label for c in created][:3] == ["2025-Q1", "2025-Q2", "2025-Q3"]
    assert len(created) == 8
    assert created[0].period_end == datetime.date(2025, 3, 31)
    assert created[0].due_date == datetime.date(2025, 5, 15)
    assert services.schedule_generate_cycles(actor=kenya_coordinator, plan=reporting_plan) == []
    assert ReportingCycle.objects.filter(plan=reporting_plan).count() == 8


def test_cycle_open_refuses_a_draft_plan(reporting_plan, kenya_coordinator):
    reporting_plan.publication = "draft"
    reporting_plan.save()
    cycle = services.cycle_create(
        actor=kenya_coordinator,
        plan=reporting_plan,
        label="2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=datetime.date(2026, 1, 31),
    )
    with pytest.raises(ValidationError, match="Publish the plan"):
        services.cycle_open(actor=kenya_coordinator, cycle=cycle)


def test_cycle_services_refuse_another_countrys_coordinator(reporting_plan, uganda_coordinator):
    with pytest.raises(PermissionDenied):
        services.cycle_create(
            actor=uganda_coordinator,
            plan=reporting_plan,
            label="2025",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            due_date=datetime.date(2026, 1, 31),
        )


def approve(update, reporter, coordinator, **fields):
    save(update, reporter, **{"status": "on_track", **fields})
    services.update_submit(actor=reporter, update=update)
    return services.update_approve(actor=coordinator, update=update)


def test_report_published_never_changes_and_a_correction_is_a_new_version(
    reporting_cycle, update_a, update_b, reporter_a, reporter_b, kenya_coordinator
):
    approve(update_a, reporter_a, kenya_coordinator, narrative="Trained 20 mediators.")
    report = services.report_compile(
        actor=kenya_coordinator, cycle=reporting_cycle, summary="Good year."
    )
    report = services.report_publish(actor=kenya_coordinator, report=report)
    published = OfficialReport.objects.get(pk=report.pk).snapshot
    narratives = [
        u.get("narrative") for a in published["actions"] for u in a["updates"] if u["approved"]
    ]
    assert narratives == ["Trained 20 mediators."]
    # Later data changes: A's update is reopened and changed, B's gets approved.
    services.update_return(actor=kenya_coordinator, update=update_a, comments={"narrative": "Fix"})
    save(update_a, reporter_a, narrative="Trained 25 mediators.")
    approve(update_b, reporter_b, kenya_coordinator, narrative="Desks opened.")
    assert OfficialReport.objects.get(pk=report.pk).snapshot == published
    with pytest.raises(ValidationError, match="published"):
        services.report_compile(actor=kenya_coordinator, cycle=reporting_cycle, summary="Rewrite")
    correction = services.report_correct(
        actor=kenya_coordinator, report=report, note="B reported late."
    )
    correction = services.report_publish(actor=kenya_coordinator, report=correction)
    assert correction.version == 2 and correction.corrects_id == report.pk
    assert OfficialReport.objects.get(pk=report.pk).snapshot == published
    assert list(
        OfficialReport.objects.filter(cycle=reporting_cycle).values_list("version", "state")
    ) == [
        (1, "published"),
        (2, "published"),
    ]


def test_report_publish_refuses_a_published_report(
    reporting_cycle, kenya_coordinator, update_a, reporter_a
):
    approve(update_a, reporter_a, kenya_coordinator)
    report = services.report_compile(
        actor=kenya_coordinator, cycle=reporting_cycle, summary="Done."
    )
    services.report_publish(actor=kenya_coordinator, report=report)
    with pytest.raises(ValidationError, match="cannot change any more"):
        services.report_publish(actor=kenya_coordinator, report=report)


def test_update_save_refused_when_cycle_closed(
    reporting_cycle, update_a, reporter_a, kenya_coordinator
):
    services.cycle_close(actor=kenya_coordinator, cycle=reporting_cycle)
    with pytest.raises(ValidationError, match="not open"):
        save(update_a, reporter_a, narrative="late")
    assert ActionUpdate.objects.get(pk=update_a.pk).narrative == ""


def test_cycle_update_dates_moves_the_due_date_and_is_audited(reporting_cycle, kenya_coordinator):
    services.cycle_update_dates(
        actor=kenya_coordinator, cycle=reporting_cycle, due_date=datetime.date(2026, 3, 1)
    )
    reporting_cycle.refresh_from_db()
    assert reporting_cycle.due_date == datetime.date(2026, 3, 1)
    activity = Activity.objects.get(verb="reporting.cycle.due_date_changed")
    assert activity.changes == {"due_date": {"before": "2026-01-31", "after": "2026-03-01"}}
    with pytest.raises(ValidationError, match="cannot be before the period starts"):
        services.cycle_update_dates(
            actor=kenya_coordinator, cycle=reporting_cycle, due_date=datetime.date(2024, 1, 1)
        )


def test_cycle_open_twice_is_refused_and_reopen_adds_new_responsibilities(
    reporting_cycle, kenya_coordinator, reporting_structure, kenya
):
    from tests.factories.accounts import AgencyFactory
    from tests.factories.plans import ResponsibilityFactory

    with pytest.raises(ValidationError, match="already open"):
        services.cycle_open(actor=kenya_coordinator, cycle=reporting_cycle)
    newcomer = AgencyFactory(name="Ministry of Gender (test)", country=kenya)
    ResponsibilityFactory(action=reporting_structure["first"], agency=newcomer, role="supporting")
    services.cycle_close(actor=kenya_coordinator, cycle=reporting_cycle)
    services.cycle_open(actor=kenya_coordinator, cycle=reporting_cycle)
    assert reporting_cycle.updates.count() == 4
    assert reporting_cycle.updates.get(agency=newcomer).role == "supporting"
