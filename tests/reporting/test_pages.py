"""The reporting pages, driven like a browser without JavaScript."""

import re

import pytest
from django.urls import reverse

from naptrack.reporting import services
from naptrack.reporting.models import ActionUpdate, OfficialReport
from tests.factories import people
from tests.factories.people import signed_in


def form_data(update, **overrides):
    update.refresh_from_db()
    data = {
        "version": update.version,
        "status": update.status,
        "narrative": update.narrative,
        "spending_amount": "" if update.spending_amount is None else str(update.spending_amount),
        "spending_currency": update.spending_currency,
        "intent": "save",
    }
    data.update(overrides)
    return data


def test_update_page_shows_the_form_with_the_indicator_dimensions(client, update_a, reporter_a):
    response = signed_in(client, reporter_a).get(update_a.get_absolute_url())
    html = response.content.decode()
    assert "Train women mediators" in html
    assert f'name="version" value="{update_a.version}"' in html
    mediators = update_a.action.indicators.get()
    assert f'name="indicator-{mediators.pk}-sex_female"' in html
    assert f'name="indicator-{mediators.pk}-location"' in html
    assert f'name="indicator-{mediators.pk}-age"' not in html  # not disaggregated by age
    assert "Submit for review" in html


def test_update_page_saves_values_and_submits(client, update_a, reporter_a):
    mediators = update_a.action.indicators.get()
    prefix = f"indicator-{mediators.pk}"
    data = form_data(
        update_a,
        status="on_track",
        narrative="Trained 20 women mediators.",
        spending_amount="2500",
        spending_currency="kes",
        intent="submit",
        **{
            f"{prefix}-value": "20",
            f"{prefix}-sex_female": "20",
            f"{prefix}-location": "Nairobi: 12\nMombasa = 8",
        },
    )
    response = signed_in(client, reporter_a).post(update_a.get_absolute_url(), data, follow=True)
    assert "Submitted for review." in response.content.decode()
    update_a.refresh_from_db()
    assert update_a.state == "submitted" and update_a.spending_currency == "KES"
    assert update_a.indicator_values.get().disaggregation == {
        "sex": {"female": "20"},
        "location": {"Nairobi": "12", "Mombasa": "8"},
    }


def test_update_page_stale_version_gets_a_clear_conflict(client, update_a, reporter_a, agency_a):

    colleague = people.reporter_for(agency_a)
    stale = form_data(update_a, narrative="My version")
    services.update_save(
        actor=colleague, update=update_a, expected_version=update_a.version, narrative="Theirs"
    )
    response = signed_in(client, reporter_a).post(update_a.get_absolute_url(), stale)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Not saved: someone else changed this update" in html
    assert "another reporter of your agency saved this update" in html
    assert colleague.email not in html  # no display name: the role, never the email
    assert "My version" in html  # what the reporter typed is kept on the page
    update_a.refresh_from_db()
    assert update_a.narrative == "Theirs"


def test_update_page_bad_figures_name_the_line(client, update_a, reporter_a):
    mediators = update_a.action.indicators.get()
    data = form_data(update_a, **{f"indicator-{mediators.pk}-location": "Nairobi 12"})
    response = signed_in(client, reporter_a).post(update_a.get_absolute_url(), data)
    assert response.status_code == 400
    assert "1.1.a, line 1: write “category: number”." in response.content.decode()
    assert ActionUpdate.objects.get(pk=update_a.pk).version == 1


def test_update_page_currency_missing_is_refused_next_to_the_field(client, update_a, reporter_a):
    data = form_data(update_a, spending_amount="100", spending_currency="")
    response = signed_in(client, reporter_a).post(update_a.get_absolute_url(), data)
    assert response.status_code == 400
    assert "Give the currency of the amount spent." in response.content.decode()


def submit(update, reporter, **fields):
    update.refresh_from_db()
    services.update_save(
        actor=reporter, update=update, expected_version=update.version, status="on_track", **fields
    )
    return services.update_submit(actor=reporter, update=update)


def test_review_return_shows_the_comment_next_to_the_field(
    client, update_a, reporter_a, kenya_coordinator
):
    submit(update_a, reporter_a, narrative="Trained some.")
    url = reverse("reporting:review", args=[update_a.cycle.plan_id, update_a.cycle_id, update_a.pk])
    response = signed_in(client, kenya_coordinator).post(
        url,
        {"decision": "return", "comment_narrative": "Name the districts reached."},
        follow=True,
    )
    assert "Returned to the agency" in response.content.decode()
    client.logout()
    html = signed_in(client, reporter_a).get(update_a.get_absolute_url()).content.decode()
    narrative_at = html.index('name="narrative"')
    comment_at = html.index("Name the districts reached.")
    spending_at = html.index('name="spending_amount"')
    assert narrative_at < comment_at < spending_at  # right after the narrative field
    assert "Coordinator's comment — please fix:" in html


def test_review_approve_locks_the_form(client, update_a, reporter_a, kenya_coordinator):
    submit(update_a, reporter_a)
    url = reverse("reporting:review", args=[update_a.cycle.plan_id, update_a.cycle_id, update_a.pk])
    signed_in(client, kenya_coordinator).post(url, {"decision": "approve"})
    client.logout()
    html = signed_in(client, reporter_a).get(update_a.get_absolute_url()).content.decode()
    assert "approved items are locked" in html and 'name="narrative"' not in html
    response = client.post(update_a.get_absolute_url(), form_data(update_a, narrative="late"))
    assert response.status_code == 400
    assert "approved: it can no longer be changed" in response.content.decode()


def test_cycle_page_compiles_and_publishes_the_report(
    client, reporting_cycle, update_a, reporter_a, kenya_coordinator
):
    submit(update_a, reporter_a, narrative="Trained 20 mediators.")
    services.update_approve(actor=kenya_coordinator, update=update_a)
    client = signed_in(client, kenya_coordinator)
    compile_url = reverse(
        "reporting:report_compile", args=[reporting_cycle.plan_id, reporting_cycle.pk]
    )
    client.post(compile_url, {"summary": "A year of training."})
    report = OfficialReport.objects.get(cycle=reporting_cycle)
    publish_url = reverse(
        "reporting:report_publish", args=[reporting_cycle.plan_id, reporting_cycle.pk, 1]
    )
    assert f'href="{publish_url}"' in client.get(reporting_cycle.get_absolute_url()).text
    # Irreversible: a GET, or a POST without the confirm field, only asks.
    asked = client.get(publish_url).text
    assert "Publishing cannot be undone." in asked and 'name="confirm" value="publish"' in asked
    assert "Publishing cannot be undone." in client.post(publish_url).text
    report.refresh_from_db()
    assert report.state == "draft"
    response = client.post(publish_url, {"confirm": "publish"}, follow=True)
    html = response.content.decode()
    assert "Official report 2025, version 1" in html
    assert "Trained 20 mediators." in html and "A year of training." in html
    assert html.count("No approved report for this period.") == 2  # B's and A's support
    report.refresh_from_db()
    assert report.state == "published"
    standard = reverse(
        "reporting_outputs:standard", args=[reporting_cycle.plan_id, reporting_cycle.pk, 1]
    )
    pdf = reverse(
        "reporting_outputs:standard_pdf", args=[reporting_cycle.plan_id, reporting_cycle.pk, 1]
    )
    assert f'href="{standard}"' in html and f'href="{pdf}"' in html
    assert f'href="{reverse("reporting_outputs:compilation_index")}"' in html


def test_draft_report_page_offers_no_standardized_report(
    client, reporting_cycle, kenya_coordinator
):
    services.report_compile(actor=kenya_coordinator, cycle=reporting_cycle, summary="Not yet.")
    html = (
        signed_in(client, kenya_coordinator)
        .get(reverse("reporting:report", args=[reporting_cycle.plan_id, reporting_cycle.pk, 1]))
        .content.decode()
    )
    assert "Not yet." in html
    assert (
        reverse("reporting_outputs:standard", args=[reporting_cycle.plan_id, reporting_cycle.pk, 1])
        not in html
    )


def test_public_report_page_lists_both_versions_after_a_correction(
    client, reporting_cycle, update_a, reporter_a, kenya_coordinator
):
    submit(update_a, reporter_a, narrative="First")
    services.update_approve(actor=kenya_coordinator, update=update_a)
    first = services.report_publish(
        actor=kenya_coordinator,
        report=services.report_compile(
            actor=kenya_coordinator, cycle=reporting_cycle, summary="S1"
        ),
    )
    correction = services.report_correct(
        actor=kenya_coordinator, report=first, note="Fixed a typo."
    )
    services.report_compile(actor=kenya_coordinator, cycle=reporting_cycle, summary="S2")
    services.report_publish(actor=kenya_coordinator, report=correction)
    html = client.get(first.get_absolute_url()).content.decode()
    assert "A correction of this report exists" in html and "S1" in html
    html = client.get(
        reverse("reporting:report", args=[reporting_cycle.plan_id, reporting_cycle.pk, 2])
    ).content.decode()
    assert "This version corrects version 1:" in html and "Fixed a typo." in html and "S2" in html
    listing = client.get(
        reverse("reporting:reports", args=[reporting_cycle.plan_id])
    ).content.decode()
    assert re.search(r"version 1</a>.*version 2</a>", listing, re.S)
    latest = client.get(
        reverse("reporting:report_latest", args=[reporting_cycle.plan_id, reporting_cycle.pk])
    )
    assert latest.url.endswith("/v2/")


def test_plan_reporting_page_sets_schedule_and_generates_cycles(
    client, reporting_plan, kenya_coordinator
):
    client = signed_in(client, kenya_coordinator)
    url = reverse("reporting:plan", args=[reporting_plan.pk])
    client.post(
        reverse("reporting:schedule", args=[reporting_plan.pk]),
        {"frequency": "semiannual", "first_period_start": "2025-01-01", "due_days": "60"},
    )
    response = client.post(reverse("reporting:generate", args=[reporting_plan.pk]), follow=True)
    html = response.content.decode()
    assert "4 cycle(s) added." in html
    for label in ("2025-H1", "2025-H2", "2026-H1", "2026-H2"):
        assert f">{label}</a>" in html
    assert "2025-08-29" in html  # 30 June + 60 days
    assert response.redirect_chain[-1][0] == url


def test_plan_reporting_page_refuses_a_bad_custom_cycle(client, reporting_plan, kenya_coordinator):
    response = signed_in(client, kenya_coordinator).post(
        reverse("reporting:cycle_add", args=[reporting_plan.pk]),
        {
            "label": "Special",
            "period_start": "2025-06-01",
            "period_end": "2025-01-01",
            "due_date": "2025-07-01",
        },
    )
    assert response.status_code == 400
    assert "The period cannot end before it starts." in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_my_reporting_query_count_does_not_grow(
    client, django_assert_num_queries, reporting_plan, agency_a, reporter_a, kenya_coordinator, n
):
    import datetime

    from tests.factories.plans import (
        ActionFactory,
        ObjectiveFactory,
        PlanPillarFactory,
        ResponsibilityFactory,
    )

    objective = ObjectiveFactory(pillar=PlanPillarFactory(plan=reporting_plan))
    for _ in range(n):
        ResponsibilityFactory(action=ActionFactory(objective=objective), agency=agency_a)
    cycle = services.cycle_create(
        actor=kenya_coordinator,
        plan=reporting_plan,
        label="2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=datetime.date(2026, 1, 31),
    )
    services.cycle_open(actor=kenya_coordinator, cycle=cycle)
    client = signed_in(client, reporter_a)
    with django_assert_num_queries(QUERIES["mine"]):
        html = client.get(reverse("reporting:mine")).content.decode()
    assert html.count("/reporting/updates/") == n


QUERIES = {"mine": 5}


def _plan_with_cycles(plan, agency, coordinator, n):
    import datetime

    from tests.factories.plans import (
        ActionFactory,
        ObjectiveFactory,
        PlanPillarFactory,
        ResponsibilityFactory,
    )

    objective = ObjectiveFactory(pillar=PlanPillarFactory(plan=plan))
    for _ in range(n):
        ResponsibilityFactory(action=ActionFactory(objective=objective), agency=agency)
    cycles = []
    for i in range(n):
        cycle = services.cycle_create(
            actor=coordinator,
            plan=plan,
            label=f"C{i}",
            period_start=datetime.date(2025, 1 + i, 1),
            period_end=datetime.date(2025, 1 + i, 28),
            due_date=datetime.date(2025, 3 + i, 1),
        )
        services.cycle_open(actor=coordinator, cycle=cycle)
        report = services.report_compile(actor=coordinator, cycle=cycle, summary="S")
        services.report_publish(actor=coordinator, report=report)
        cycles.append(cycle)
    return cycles


@pytest.mark.parametrize("n", [1, 3])
def test_coordinator_pages_query_counts_do_not_grow(
    client, django_assert_num_queries, reporting_plan, agency_a, kenya_coordinator, n
):
    cycles = _plan_with_cycles(reporting_plan, agency_a, kenya_coordinator, n)
    client = signed_in(client, kenya_coordinator)
    client.get(reverse("reporting:plan", args=[reporting_plan.pk]))  # warm the session and caches
    with django_assert_num_queries(COORDINATOR_QUERIES["plan"]):
        html = client.get(reverse("reporting:plan", args=[reporting_plan.pk])).content.decode()
    assert html.count("/reporting/cycles/") - html.count("/reporting/cycles/add/") == n
    with django_assert_num_queries(COORDINATOR_QUERIES["cycle"]):
        html = client.get(cycles[0].get_absolute_url()).content.decode()
    assert html.count("/review/") == n
    with django_assert_num_queries(COORDINATOR_QUERIES["mine"]):
        html = client.get(reverse("reporting:mine")).content.decode()
    assert html.count(f"/plans/{reporting_plan.pk}/reporting/cycles/") == n


@pytest.mark.parametrize("n", [1, 3])
def test_public_reports_page_query_count_does_not_grow(
    client, django_assert_num_queries, reporting_plan, agency_a, kenya_coordinator, n
):
    _plan_with_cycles(reporting_plan, agency_a, kenya_coordinator, n)
    with django_assert_num_queries(COORDINATOR_QUERIES["reports"]):
        html = client.get(reverse("reporting:reports", args=[reporting_plan.pk])).content.decode()
    assert html.count("version 1</a>") == n


COORDINATOR_QUERIES = {"plan": 10, "cycle": 11, "reports": 5, "mine": 7}


def test_update_page_says_where_values_were_prefilled_from(
    client, reporting_plan, update_a, reporter_a, kenya_coordinator, reporting_structure
):
    import datetime

    services.update_save(
        actor=reporter_a, update=update_a, expected_version=1, narrative="Carried over text"
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
    update = later.updates.get(action=reporting_structure["first"], agency=update_a.agency)
    html = signed_in(client, reporter_a).get(update.get_absolute_url()).content.decode()
    assert "from cycle 2025: check every value before submitting" in html
    assert "Carried over text</textarea>" in html


def test_only_coordinators_reach_the_publish_confirmation(
    client, reporting_cycle, reporter_a, kenya_coordinator
):
    services.report_compile(actor=kenya_coordinator, cycle=reporting_cycle, summary="Draft.")
    publish_url = reverse(
        "reporting:report_publish", args=[reporting_cycle.plan_id, reporting_cycle.pk, 1]
    )
    reporter = signed_in(client, reporter_a)
    assert reporter.get(publish_url).status_code == 403
    assert reporter.post(publish_url, {"confirm": "publish"}).status_code == 403
    assert OfficialReport.objects.get(cycle=reporting_cycle).state == "draft"
