"""The comparison of official and shadow assessments, on a hand-built plan with a real
published official report (see conftest)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from naptrack.shadow_reports import selectors, services
from naptrack.shadow_reports.choices import Comparison
from tests.shadow_reports.conftest import publish, write_report


def _rows(side):
    return {row.code: row for row in side.rows}


def test_official_vs_shadow_pairs_each_assessment_with_the_official_status(
    shadow_plan, shadow_cycle, named_report, pseudonymous_report
):
    side = selectors.official_vs_shadow(shadow_plan, shadow_cycle)
    rows = _rows(side)
    assert side.official_report.version == 1
    assert [r.code for r in side.rows] == ["1.1", "2.1", "2.2"]
    assert rows["1.1"].official_status == "on_track"
    assert rows["2.1"].official_status == "delayed"
    assert rows["2.2"].official_status is None
    comparisons = {
        code: [(e.report.title, e.comparison) for e in row.shadows] for code, row in rows.items()
    }
    assert comparisons == {
        "1.1": [("What we saw in 2025", "diverges"), ("Voices from the north", "agrees")],
        "2.1": [("What we saw in 2025", "agrees"), ("Voices from the north", "diverges")],
        "2.2": [("What we saw in 2025", "unknown")],
    }
    assert rows["1.1"].diverges and rows["2.1"].diverges and not rows["2.2"].diverges


def test_official_vs_shadow_summarises_divergence_by_pillar_and_agency(
    shadow_plan, shadow_cycle, named_report, pseudonymous_report
):
    side = selectors.official_vs_shadow(shadow_plan, shadow_cycle)
    pillars = {t.label: (t.agrees, t.diverges, t.unknown) for t in side.by_pillar}
    assert pillars == {"Participation": (1, 1, 0), "Protection": (1, 1, 1)}
    agencies = {t.label: (t.agrees, t.diverges, t.unknown) for t in side.by_agency}
    # Defence leads 1.1 and supports 2.1: both actions count for it.
    assert agencies == {
        "Ministry of Defence (shadow test)": (2, 2, 0),
        "National Police Service (shadow test)": (1, 1, 0),
        "No responsible agency recorded": (0, 0, 1),
    }
    assert (side.totals.agrees, side.totals.diverges, side.totals.unknown) == (2, 2, 1)


def test_agreement_rate_counts_only_comparable_pairs(
    shadow_plan, shadow_cycle, named_report, pseudonymous_report
):
    rate = selectors.agreement_rate(shadow_plan, shadow_cycle)
    assert (rate.agrees, rate.diverges, rate.not_comparable) == (2, 2, 1)
    assert rate.rate == Decimal("0.5000")


def test_agreement_rate_is_unknown_without_shadow_reports(shadow_plan, shadow_cycle):
    rate = selectors.agreement_rate(shadow_plan, shadow_cycle)
    assert rate.compared == 0
    assert rate.rate is None


def test_official_vs_shadow_without_cycle_uses_the_latest_published_one(
    shadow_plan, shadow_cycle, named_report
):
    side = selectors.official_vs_shadow(shadow_plan)
    assert side.cycle == shadow_cycle
    assert side.totals.diverges == 1


def test_official_vs_shadow_leaves_out_unpublished_and_future_reports(
    shadow_plan,
    shadow_cycle,
    shadow_structure,
    shadow_coalition_member,
    shadow_coalition,
    named_report,
):
    draft = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        title="Still a draft",
        assessments={shadow_structure["1.1"]: ("no", "cancelled")},
    )
    later = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        title="Out next month",
        assessments={shadow_structure["1.1"]: ("no", "cancelled")},
    )
    publish(shadow_coalition_member, later, publish_at=timezone.now() + datetime.timedelta(days=30))
    titles = {
        r.title for r in selectors.official_vs_shadow(shadow_plan, shadow_cycle).shadow_reports
    }
    assert titles == {"What we saw in 2025"}
    assert draft.title not in titles
    in_two_months = timezone.now() + datetime.timedelta(days=60)
    titles = {
        r.title
        for r in selectors.official_vs_shadow(
            shadow_plan, shadow_cycle, now=in_two_months
        ).shadow_reports
    }
    assert titles == {"What we saw in 2025", "Out next month"}


def test_official_vs_shadow_includes_period_reports_overlapping_the_cycle(
    shadow_plan, shadow_cycle, shadow_structure, shadow_coalition_member, shadow_coalition
):
    overlapping = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        title="Mid-term review",
        period_start=datetime.date(2024, 7, 1),
        period_end=datetime.date(2025, 6, 30),
        assessments={shadow_structure["1.1"]: ("yes", "on_track")},
    )
    elsewhere = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        title="Old review",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        assessments={shadow_structure["1.1"]: ("no", "delayed")},
    )
    publish(shadow_coalition_member, overlapping)
    publish(shadow_coalition_member, elsewhere)
    side = selectors.official_vs_shadow(shadow_plan, shadow_cycle)
    assert [r.title for r in side.shadow_reports] == ["Mid-term review"]
    assert _rows(side)["1.1"].shadows[0].comparison == Comparison.AGREES


def test_official_vs_shadow_without_official_report_compares_nothing(
    shadow_plan, shadow_structure, shadow_coalition_member, shadow_coalition
):
    report = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        assessments={shadow_structure["2.1"]: ("no", "delayed")},
    )
    publish(shadow_coalition_member, report)
    side = selectors.official_vs_shadow(shadow_plan)
    assert side.official_report is None and side.cycle is None
    row = _rows(side)["2.1"]
    assert row.official_status is None
    assert row.shadows[0].comparison == Comparison.UNKNOWN
    assert [a.name for a in row.agencies] == [
        "National Police Service (shadow test)",
        "Ministry of Defence (shadow test)",
    ]


def test_assessment_survives_the_removal_of_its_action(
    shadow_plan, shadow_cycle, shadow_structure, named_report, kenya_coordinator
):
    from naptrack.plans.services import action_delete

    action_delete(actor=kenya_coordinator, action=shadow_structure["2.2"])
    side = selectors.official_vs_shadow(shadow_plan, shadow_cycle)
    row = _rows(side)["2.2"]
    # The published official report still lists 2.2 (its snapshot never changes).
    assert row.shadows[0].assessment.action is None
    assert row.shadows[0].assessment.action_title == "Fund shelters"


def test_compare_lets_a_stated_status_outweigh_a_yes():
    assert selectors.compare("on_track", "yes", "delayed") == Comparison.DIVERGES
    assert selectors.compare("on_track", "unknown", "on_track") == Comparison.AGREES
    assert selectors.compare("on_track", "unknown", "") == Comparison.UNKNOWN
    assert selectors.compare(None, "no", "delayed") == Comparison.UNKNOWN
    assert services  # the services module imports cleanly alongside the selectors
