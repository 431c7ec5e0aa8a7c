import pytest
from django.core.management import CommandError, call_command

from naptrack.core.models import Activity
from naptrack.registry.choices import Origin, PlanStatus, Publication
from naptrack.registry.models import ActionPlan, Citation, Country, StandardIndicator
from naptrack.registry.reference import load_reference_data
from naptrack.registry.selectors import plan_list


def edit_line(path, line_number, old, new):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line_number - 1], lines[line_number - 1]
    lines[line_number - 1] = lines[line_number - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def test_reference_load_brings_every_row(db):
    assert ActionPlan.objects.filter(reference_key__startswith="NAP:").count() == 235
    assert ActionPlan.objects.filter(reference_key__startswith="RAP:").count() == 21
    assert Country.objects.filter(un_member=True).count() == 193
    assert StandardIndicator.objects.count() == 26
    assert (
        ActionPlan.objects.filter(
            origin=Origin.REFERENCE, publication=Publication.PUBLISHED
        ).count()
        == 256
    )


def test_reference_plans_keep_every_source_url(db):
    afghanistan = ActionPlan.objects.get(reference_key="NAP:AFG:g1")
    urls = list(afghanistan.citations.values_list("url", flat=True))
    assert urls[0] == "https://www.peacewomen.org/action-plan/national-action-plan-afghanistan"
    assert len(urls) == 5
    assert not Citation.objects.filter(plan__origin=Origin.REFERENCE).filter(url="").exists()


def test_reference_load_twice_changes_nothing(db):
    before = Activity.objects.count()
    summary = load_reference_data()
    assert str(summary) == "Reference data is up to date: nothing changed."
    assert Activity.objects.count() == before


def test_corrected_row_updates_record_and_audits_it(db, data_dir):
    edit_line(data_dir / "naps.csv", 2, "2015,2015,2022", "2015,2015,2023")
    load_reference_data(data_dir)
    plan = ActionPlan.objects.get(reference_key="NAP:AFG:g1")
    assert plan.period_end == 2023
    activity = Activity.objects.filter(verb="reference.updated", target_id=str(plan.pk)).get()
    assert activity.changes == {"period_end": {"before": 2022, "after": 2023}}
    assert activity.actor is None and activity.channel == "command"


def test_platform_correction_survives_reload_of_unchanged_file(db):
    plan = ActionPlan.objects.get(reference_key="NAP:AFG:g1")
    ActionPlan.objects.filter(pk=plan.pk).update(
        lead_agency="Ministry of Foreign Affairs", period_end=2021
    )
    load_reference_data()
    plan.refresh_from_db()
    assert plan.period_end == 2021
    assert plan.lead_agency == "Ministry of Foreign Affairs"


def test_malformed_file_names_file_line_field_and_writes_nothing(db, data_dir):
    edit_line(data_dir / "naps.csv", 2, "2015,2015,2022", "20x5,2015,2022")
    edit_line(data_dir / "naps.csv", 3, "ALB,Albania", "ZZZ,Albania")
    edit_line(data_dir / "un_global_indicators.csv", 2, ",Prevention,", ",Prevent,")
    (data_dir / "countries.csv").write_text(
        (data_dir / "countries.csv").read_text().replace("KEN,KE,404,Kenya", "KEN,KE,404,Kenia")
    )
    before = (Activity.objects.count(), Country.objects.get(iso3="KEN").name)
    with pytest.raises(CommandError) as raised:
        call_command("load_reference_data", directory=data_dir)
    message = str(raised.value)
    assert "naps.csv, line 2, field adoption_year: '20x5' is not a whole number" in message
    assert "naps.csv, line 3, field iso3: 'ZZZ' is not in countries.csv" in message
    assert "un_global_indicators.csv, line 2, field pillar: 'Prevent' is not one of" in message
    assert "nothing was written" in message
    assert (Activity.objects.count(), Country.objects.get(iso3="KEN").name) == before


def test_missing_column_and_bad_url_are_named(db, data_dir):
    raps = data_dir / "raps.csv"
    raps.write_text(raps.read_text().replace("confidence,status_note", "confidence,notes", 1))
    edit_line(data_dir / "naps.csv", 2, "https://www.peacewomen.org", "ftp://www.peacewomen.org")
    with pytest.raises(CommandError) as raised:
        call_command("load_reference_data", directory=data_dir)
    assert "raps.csv, line 1, field status_note: required column missing" in str(raised.value)
    assert "naps.csv, line 2, field source_url: 'ftp://www.peacewomen.org" in str(raised.value)


def test_period_end_before_start_is_rejected(db, data_dir):
    edit_line(data_dir / "naps.csv", 2, "2015,2015,2022", "2015,2015,2012")
    with pytest.raises(CommandError, match="line 2, field period_end: 2012 is before"):
        call_command("load_reference_data", directory=data_dir)


def test_unverified_indicators_stay_marked(db):
    assert StandardIndicator.objects.get(number="1a").verified is True
    assert StandardIndicator.objects.get(number="4").verified is False


def test_status_override_keeps_unconfirmed_plans_pending(db):
    assert ActionPlan.objects.get(reference_key="RAP:icglr:g2").status == PlanStatus.ANNOUNCED
    assert ActionPlan.objects.get(reference_key="RAP:eccas:g1").status == PlanStatus.CONSULTATION


def test_generations_are_linked_and_old_ones_superseded(db):
    first = ActionPlan.objects.get(reference_key="NAP:ALB:g1")
    second = ActionPlan.objects.get(reference_key="NAP:ALB:g2")
    assert second.predecessor == first
    statuses = dict(
        plan_list(None, year=2026)
        .filter(country__iso3="ALB")
        .values_list("reference_key", "current_status")
    )
    assert statuses == {"NAP:ALB:g1": "superseded", "NAP:ALB:g2": "adopted"}


def test_plan_whose_period_ended_shows_expired(db):
    # Angola's first plan ran 2017-2020 and no second one is in the data.
    status = plan_list(None, year=2026).get(reference_key="NAP:AGO:g1").current_status
    assert status == PlanStatus.EXPIRED
    assert plan_list(None, year=2019).get(reference_key="NAP:AGO:g1").current_status == "adopted"


def test_extensions_written_in_notes_are_applied_with_their_source(db):
    extended = dict(
        ActionPlan.objects.filter(
            reference_key__in=["NAP:MAR:g1", "NAP:BRA:g1", "NAP:LBR:g2", "NAP:LBN:g1", "NAP:POL:g1"]
        ).values_list("reference_key", "extended_to")
    )
    assert extended == {
        "NAP:MAR:g1": 2026,
        "NAP:BRA:g1": 2023,
        "NAP:LBR:g2": 2025,
        "NAP:LBN:g1": 2023,
        "NAP:POL:g1": 2023,
    }
    morocco = plan_list(None, year=2026).get(reference_key="NAP:MAR:g1")
    assert morocco.current_status == PlanStatus.ADOPTED
    assert "extended by two years to 2026" in morocco.correction_note
    brazil = ActionPlan.objects.get(reference_key="NAP:BRA:g1")
    assert plan_list(None, year=2024).get(pk=brazil.pk).current_status == PlanStatus.EXPIRED
    assert brazil.citations.filter(url__contains="notas-a-imprensa/2019/extensao").exists()


def test_plan_awaiting_its_council_of_ministers_is_not_adopted(db):
    congo = ActionPlan.objects.get(reference_key="NAP:COD:g3")
    assert congo.status == PlanStatus.CONSULTATION
    assert "Council of Ministers" in congo.correction_note


def test_successor_plans_being_drafted_are_pending_and_leave_their_predecessor_alone(db):
    drafting = ["NAP:DJI:g2", "NAP:LBR:g3", "NAP:SSD:g2", "NAP:UKR:g3"]
    plans = plan_list(None, year=2025).filter(reference_key__in=drafting)
    assert {p.reference_key: p.current_status for p in plans} == dict.fromkeys(
        drafting, PlanStatus.DRAFTING
    )
    assert all(p.adoption_date is None and p.correction_note for p in plans)
    ukraine = plan_list(None, year=2025).get(reference_key="NAP:UKR:g2")
    assert ukraine.current_status == PlanStatus.ADOPTED  # a draft does not supersede it


def test_nato_has_one_current_policy_and_older_ones_are_superseded(db):
    nato = plan_list(None, year=2026).filter(regional_organization__slug__in=["nato", "nato-eapc"])
    current = [p.reference_key for p in nato if p.current_status == PlanStatus.ADOPTED]
    assert current == ["RAP:nato:y2024"]
    assert nato.get(reference_key="RAP:nato-eapc:g3").correction_note.startswith("the 2018")


def test_regional_rows_fixed_from_their_own_notes(db):
    african_union = ActionPlan.objects.public().filter(regional_organization__slug="african-union")
    assert list(african_union.values_list("reference_key", flat=True)) == [
        "RAP:african-union:y2018"
    ]
    sadc = ActionPlan.objects.get(reference_key="RAP:sadc:g1")
    assert (sadc.period_start, sadc.period_end) == (2018, 2030)


def test_override_needs_a_status_or_an_extension_after_the_end(db, data_dir):
    with (data_dir / "status_overrides.csv").open("a", encoding="utf-8") as handle:
        handle.write("NAP:AFG:g1,,,no change given,\n")
        handle.write("NAP:ALB:g1,,2019,ends before its period,\n")
        handle.write("NAP:AGO:g1,,2022,bad source,ftp://example.org/x\n")
    with pytest.raises(CommandError) as raised:
        call_command("load_reference_data", directory=data_dir)
    message = str(raised.value)
    assert "field status: give a status, an extended_to year or both" in message
    assert "field extended_to: 2019 is before the plan's period_end" in message
    assert "field source_url: 'ftp://example.org/x' is not an http(s) URL" in message


def test_removed_row_unpublishes_its_plan_and_says_why(db, data_dir):
    path = data_dir / "raps.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(row for row in lines if not row.startswith("CPLP")), encoding="utf-8")
    key = ActionPlan.objects.get(regional_organization__slug="cplp").reference_key
    with (data_dir / "removed_plans.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{key},duplicate of another row (test)\n")
    summary = load_reference_data(data_dir)
    plan = ActionPlan.objects.get(reference_key=key)
    assert plan.publication == Publication.DRAFT
    assert plan.correction_note == "duplicate of another row (test)"
    assert not plan_list(None).filter(pk=plan.pk).exists()
    assert Activity.objects.filter(verb="reference.removed", target_id=str(plan.pk)).exists()
    assert "action plans: 0 created, 0 updated, 1 removed" in str(summary)


def test_removed_key_still_in_a_plan_file_is_rejected(db, data_dir):
    with (data_dir / "removed_plans.csv").open("a", encoding="utf-8") as handle:
        handle.write("NAP:AFG:g1,not really removed\n")
    with pytest.raises(CommandError, match="removed_plans.csv, line 3, field reference_key"):
        call_command("load_reference_data", directory=data_dir)
