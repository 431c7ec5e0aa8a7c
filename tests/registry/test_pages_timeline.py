"""Unit tests of the selectors behind the public pages: timelines, gaps, lapses, reasons."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from naptrack.registry.choices import DatePrecision, PlanStatus, Publication
from naptrack.registry.models import ActionPlan, Country
from naptrack.registry.selectors import (
    Gap,
    country_index,
    home_summary,
    national_overview,
    plan_list,
    plan_relatives,
    plan_status_reason,
    plan_timeline,
    regional_organization_index,
)
from tests.factories.accounts import CoordinatorFactory, UserFactory
from tests.factories.registry import (
    ActionPlanFactory,
    MadeUpCountryFactory,
    RegionalOrganizationFactory,
)

YEAR = 2026


def plan(pk, *, start=None, end=None, extended_to=None, adopted=None, status="adopted", **kw):
    """An unsaved plan: the timeline is pure computation over what it is given."""
    return ActionPlan(
        pk=pk,
        status=status,
        period_start=start,
        period_end=end,
        extended_to=extended_to,
        adoption_date=datetime.date(adopted, 1, 1) if adopted else None,
        adoption_precision=DatePrecision.YEAR if adopted else "",
        **kw,
    )


def test_plan_timeline_finds_gap_between_effective_end_and_next_start():
    timeline = plan_timeline(
        [plan(2, start=2021, end=2025), plan(1, start=2012, end=2018)], year=YEAR
    )
    assert [e.plan.pk for e in timeline.entries] == [1, 2]
    assert timeline.entries[0].gap_before is None
    assert timeline.entries[1].gap_before == Gap(start=2019, end=2020)


def test_plan_timeline_extension_closes_the_gap():
    timeline = plan_timeline(
        [plan(1, start=2012, end=2018, extended_to=2020), plan(2, start=2021, end=2025)],
        year=YEAR,
    )
    assert timeline.entries[1].gap_before is None


def test_plan_timeline_adjacent_or_overlapping_plans_leave_no_gap():
    timeline = plan_timeline(
        [plan(1, start=2010, end=2015), plan(2, start=2016, end=2020), plan(3, start=2019)],
        year=YEAR,
    )
    assert [e.gap_before for e in timeline.entries] == [None, None, None]


def test_plan_timeline_unknown_end_or_start_gives_unknown_gap():
    timeline = plan_timeline(
        [plan(1, start=2010), plan(2, start=2016, end=2020), plan(3, generation=3)], year=YEAR
    )
    # Plan 1 has no end; plan 3 has neither period nor adoption date, so it sorts last.
    assert timeline.entries[1].gap_before == Gap()
    assert not timeline.entries[1].gap_before.known
    assert timeline.entries[2].gap_before == Gap()


def test_plan_timeline_uses_adoption_year_when_period_start_is_unknown():
    timeline = plan_timeline([plan(1, start=2010, end=2012), plan(2, adopted=2016)], year=YEAR)
    assert timeline.entries[1].gap_before == Gap(start=2013, end=2015)


def test_plan_timeline_pending_and_withdrawn_plans_do_not_close_gaps():
    timeline = plan_timeline(
        [
            plan(1, start=2010, end=2012),
            plan(2, start=2014, end=2016, status=PlanStatus.WITHDRAWN),
            plan(3, start=2018, end=2022),
            plan(4, status=PlanStatus.DRAFTING),
        ],
        year=YEAR,
    )
    gaps = [e.gap_before for e in timeline.entries]
    assert gaps == [None, None, Gap(start=2013, end=2017), None]


def test_plan_timeline_reports_an_ongoing_lapse_after_the_last_plan():
    last = plan(2, start=2015, end=2020)
    last.current_status = PlanStatus.EXPIRED
    timeline = plan_timeline([plan(1, start=2010, end=2014), last], year=YEAR)
    assert timeline.gap_after == Gap(start=2021, ongoing=True)


def test_plan_timeline_no_lapse_while_the_last_plan_is_current():
    current = plan(1, start=2020, end=2030)
    current.current_status = PlanStatus.ADOPTED
    assert plan_timeline([current], year=YEAR).gap_after is None


def test_plan_timeline_lapse_year_unknown_when_recorded_expired_before_its_end():
    ended_early = plan(1, start=2020, end=2030, status=PlanStatus.EXPIRED)
    ended_early.current_status = PlanStatus.EXPIRED
    assert plan_timeline([ended_early], year=YEAR).gap_after == Gap(ongoing=True)


def test_plan_status_reason_explains_expiry_and_extension():
    ended = plan(1, start=2016, end=2020)
    ended.current_status = PlanStatus.EXPIRED
    assert "ended in 2020 and no extension is recorded" in plan_status_reason(ended).text
    extended = plan(2, start=2016, end=2020, extended_to=2022)
    extended.current_status = PlanStatus.EXPIRED
    assert "extended to 2022" in plan_status_reason(extended).text


def test_plan_status_reason_names_the_successor_and_flags_open_ended_plans():
    old, new = plan(1, start=2010, end=2015), plan(2, start=2016)
    old.current_status = PlanStatus.SUPERSEDED
    assert plan_status_reason(old, successor=new).successor is new
    new.current_status = PlanStatus.ADOPTED
    assert "no end of its period is recorded" in plan_status_reason(new).text
    closed = plan(3, start=2020, end=2099)
    closed.current_status = PlanStatus.ADOPTED
    assert plan_status_reason(closed) is None


@pytest.mark.django_db
def test_national_overview_lists_lapsed_country_since_the_year_after_its_end():
    land = MadeUpCountryFactory()
    ActionPlanFactory(country=land, generation=1, period_start=2005, period_end=2009)
    ActionPlanFactory(country=land, generation=2, period_start=2010, period_end=2014)
    overview = national_overview(AnonymousUser(), year=YEAR)
    lapsed = {entry.country: entry for entry in overview["lapsed_countries"]}
    assert lapsed[land].since == 2015
    assert lapsed[land].last_plan.generation == 2
    assert land not in {entry.country for entry in overview["countries_in_force"]}


@pytest.mark.django_db
def test_national_overview_real_data_afghanistan_lapsed_kenya_in_force():
    overview = national_overview(AnonymousUser(), year=YEAR)
    lapsed = {entry.country.iso3: entry.since for entry in overview["lapsed_countries"]}
    in_force = {entry.country.iso3 for entry in overview["countries_in_force"]}
    assert lapsed["AFG"] == 2023  # its only plan ran 2015-2022
    assert "KEN" in in_force and "KEN" not in lapsed


@pytest.mark.django_db
def test_home_summary_never_counts_drafts_for_the_public(kenya):
    before = home_summary(AnonymousUser())
    land = MadeUpCountryFactory()
    ActionPlanFactory(country=land, publication=Publication.DRAFT)
    ActionPlanFactory(country=kenya, publication=Publication.DRAFT, status=PlanStatus.ANNOUNCED)
    after = home_summary(AnonymousUser())
    assert len(after["countries_in_force"]) == len(before["countries_in_force"])
    assert after["pending_plans"].count() == before["pending_plans"].count()
    assert after["current_plans"].count() == before["current_plans"].count()


@pytest.mark.django_db
def test_country_index_counts_only_plans_the_user_may_see(kenya):
    ActionPlanFactory(country=kenya, publication=Publication.DRAFT)
    coordinator = CoordinatorFactory(country=kenya).user

    def kenya_count(user):
        countries = [c for _, group in country_index(user) for c in group]
        return next(c.plan_count for c in countries if c.iso3 == "KEN")

    assert kenya_count(AnonymousUser()) == 3
    assert kenya_count(coordinator) == 4


@pytest.mark.django_db
def test_country_index_groups_every_country_by_region():
    groups = country_index(AnonymousUser())
    assert sum(len(countries) for _, countries in groups) == Country.objects.count()
    for region, countries in groups:
        assert {c.region_id for c in countries} == {region.pk}


@pytest.mark.django_db
def test_regional_organization_index_counts_plans():
    organization = RegionalOrganizationFactory()
    ActionPlanFactory(country=None, regional_organization=organization)
    ActionPlanFactory(country=None, regional_organization=organization, publication="draft")
    counts = {o.pk: o.plan_count for o in regional_organization_index(AnonymousUser())}
    assert counts[organization.pk] == 1


@pytest.mark.django_db
def test_plan_relatives_hides_a_draft_successor(kenya):
    g3 = ActionPlan.objects.get(reference_key="NAP:KEN:g3")
    draft = ActionPlanFactory(country=kenya, publication="draft", predecessor=g3, generation=4)
    anonymous = AnonymousUser()
    g3 = plan_list(anonymous).get(pk=g3.pk)
    predecessor, successor = plan_relatives(anonymous, g3)
    assert predecessor.reference_key == "NAP:KEN:g2"
    assert successor is None
    coordinator = CoordinatorFactory(country=kenya).user
    assert plan_relatives(coordinator, g3)[1] == draft


def test_history_names_the_role_never_the_person(kenya):
    from naptrack.core.services import activity_record
    from naptrack.registry.selectors import plan_history
    from naptrack.registry.templatetags.registry_display import change_value

    plan = ActionPlanFactory(country=kenya)
    person = UserFactory(email="jane.doe@example.org")
    activity_record(actor=None, verb="reference.created", target=plan, channel="command")
    activity_record(actor=None, verb="plan.expired", target=plan)
    activity_record(actor=person, verb="plan.updated", target=plan)
    labels = [activity.public_actor for activity in plan_history(None, plan)][::-1]
    assert labels == ["system (reference data load)", "system", "a coordinator of Kenya"]
    assert change_value("citations", ["https://a.example", "https://b.example"]) == (
        "https://a.example, https://b.example"
    )
    assert change_value("focus", "both") == "Domestic and external"
    assert "empty" in change_value("lead_agency", None)


@pytest.mark.django_db
def test_undated_first_plan_is_placed_before_its_dated_successor():
    land = MadeUpCountryFactory()
    first = ActionPlanFactory(
        country=land,
        generation=1,
        period_start=None,
        period_end=None,
        adoption_date=None,
        adoption_precision="",
    )
    second = ActionPlanFactory(
        country=land, generation=2, predecessor=first, period_start=2013, period_end=2017
    )
    overview = national_overview(AnonymousUser(), year=YEAR)
    lapsed = {entry.country: entry for entry in overview["lapsed_countries"]}
    assert lapsed[land].last_plan == second and lapsed[land].since == 2018


@pytest.mark.django_db
def test_country_counted_in_force_only_for_a_missing_end_is_told_apart():
    land = MadeUpCountryFactory()
    ActionPlanFactory(country=land, generation=1, period_start=2020, period_end=None)
    overview = national_overview(AnonymousUser(), year=YEAR)
    assert land in {entry.country for entry in overview["countries_end_unknown"]}
    entry = next(e for e in overview["countries_in_force"] if e.country == land)
    assert entry.status == "in_force_end_unknown"
