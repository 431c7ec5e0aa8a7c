"""The reporting API: same rules as the pages, one error shape, 409 on stale versions."""

import pytest

from naptrack.reporting import services
from naptrack.reporting.models import ActionUpdate
from tests.api.conftest import ApiClient, client_for, error_of
from tests.factories import people


def test_api_whole_cycle_from_save_to_published_report(
    reporting_cycle, update_a, reporter_a, kenya_coordinator, reporting_structure
):
    reporter, chief, public = client_for(reporter_a), client_for(kenya_coordinator), ApiClient()
    body = {
        "version": 1,
        "status": "on_track",
        "narrative": "Trained 20 mediators.",
        "spending_amount": "1500.50",
        "spending_currency": "KES",
        "indicator_values": [
            {"indicator": "1.1.a", "value": 20, "disaggregation": {"sex": {"female": 20}}}
        ],
    }
    response = reporter.patch(f"reporting/updates/{update_a.pk}", body)
    assert response.status_code == 200, response.json()
    saved = response.json()
    assert saved["version"] == 2 and saved["spending_amount"] == "1500.5"
    assert saved["indicator_values"] == [
        {
            "indicator": "1.1.a",
            "indicator_id": reporting_structure["mediators"].pk,
            "value": "20",
            "disaggregation": {"sex": {"female": "20"}},
            "note": "",
        }
    ]
    response = reporter.post(f"reporting/updates/{update_a.pk}/submit", {"version": 2})
    assert response.json()["state"] == "submitted"
    response = chief.post(f"reporting/updates/{update_a.pk}/approve")
    assert response.json()["state"] == "approved"
    base = f"plans/{reporting_cycle.plan_id}/reporting-cycles/{reporting_cycle.pk}"
    draft = chief.post(f"{base}/reports", {"summary": "A year of training."}).json()
    assert draft["state"] == "draft" and draft["version"] == 1
    assert public.get(f"{base}/reports/1").status_code == 404  # drafts stay hidden
    published = chief.post(f"{base}/reports/1/publish").json()
    assert published["state"] == "published"
    report = public.get(f"{base}/reports/1").json()
    (action,) = [a for a in report["snapshot"]["actions"] if a["code"] == "1.1"]
    assert action["updates"][0]["narrative"] == "Trained 20 mediators."
    assert public.get(f"plans/{reporting_cycle.plan_id}/reporting-cycles").json()["items"][0][
        "published_versions"
    ] == [1]


def test_api_stale_version_is_a_409_conflict(update_a, reporter_a, agency_a):

    colleague = people.reporter_for(agency_a)
    services.update_save(actor=colleague, update=update_a, expected_version=1, narrative="Hers")
    response = client_for(reporter_a).patch(
        f"reporting/updates/{update_a.pk}", {"version": 1, "narrative": "Mine"}
    )
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "conflict"
    assert "another reporter of your agency saved this update" in error["message"]
    assert colleague.email not in error["message"]  # no display name: the role, never the email
    assert error["fields"] == {"body.version": ["The update is now at version 2."]}
    assert ActionUpdate.objects.get(pk=update_a.pk).narrative == "Hers"


def test_api_bad_disaggregation_names_the_indicator(update_a, reporter_a):
    response = client_for(reporter_a).patch(
        f"reporting/updates/{update_a.pk}",
        {
            "version": 1,
            "indicator_values": [{"indicator": "1.1.a", "disaggregation": {"age": {"0-17": 3}}}],
        },
    )
    assert response.status_code == 422
    assert error_of(response)["fields"] == {
        "body.indicator:1.1.a": ["1.1.a is not disaggregated by age; remove those figures."]
    }


def test_api_unknown_indicator_code_is_refused(update_a, reporter_a):
    response = client_for(reporter_a).patch(
        f"reporting/updates/{update_a.pk}",
        {"version": 1, "indicator_values": [{"indicator": "9.9", "value": 1}]},
    )
    assert response.status_code == 422
    assert "body.indicator_values.0.indicator" in error_of(response)["fields"]


def test_api_return_shows_open_comments(update_a, reporter_a, kenya_coordinator):
    reporter, chief = client_for(reporter_a), client_for(kenya_coordinator)
    reporter.patch(f"reporting/updates/{update_a.pk}", {"version": 1, "status": "delayed"})
    reporter.post(f"reporting/updates/{update_a.pk}/submit", {"version": 2})
    response = chief.post(
        f"reporting/updates/{update_a.pk}/return", {"comments": {"status": "Why delayed?"}}
    )
    assert response.json()["state"] == "returned"
    comments = reporter.get(f"reporting/updates/{update_a.pk}").json()["open_comments"]
    assert [(c["field"], c["message"]) for c in comments] == [("status", "Why delayed?")]


def test_api_evidence_link_and_file(update_a, reporter_a):
    from django.test import Client

    reporter = client_for(reporter_a)
    response = reporter.post(
        f"reporting/updates/{update_a.pk}/evidence",
        {"url": "https://example.org/list", "description": "Attendance list"},
    )
    assert response.status_code == 201 and response.json()["kind"] == "link"
    raw = Client()
    response = raw.post(
        f"/api/v1/reporting/updates/{update_a.pk}/evidence-files",
        {"description": "Photo", "file": _upload("photo.png", PNG)},
        headers={"Authorization": f"Bearer {reporter.token}"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["file_name"] == "photo.png"
    response = raw.post(
        f"/api/v1/reporting/updates/{update_a.pk}/evidence-files",
        {"description": "Script", "file": _upload("page.txt", b"<html><script>x</script>")},
        headers={"Authorization": f"Bearer {reporter.token}"},
    )
    assert response.status_code == 422
    assert "give a link instead" in error_of(response)["fields"]["body.file"][0]


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize("n", [1, 3])
def test_api_update_list_query_count_does_not_grow(
    django_assert_num_queries, reporting_plan, agency_a, reporter_a, kenya_coordinator, n
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
    reporter = client_for(reporter_a)
    reporter.get("reporting/updates")  # the token's last_used_at is written once a minute
    with django_assert_num_queries(5):
        body = reporter.get("reporting/updates").json()
    assert body["count"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_api_cycle_and_report_lists_query_count_does_not_grow(
    django_assert_num_queries, reporting_plan, kenya_coordinator, n
):
    import datetime

    for i in range(n):
        cycle = services.cycle_create(
            actor=kenya_coordinator,
            plan=reporting_plan,
            label=f"C{i}",
            period_start=datetime.date(2025, 1 + i, 1),
            period_end=datetime.date(2025, 1 + i, 28),
            due_date=datetime.date(2025, 3 + i, 1),
        )
        services.cycle_open(actor=kenya_coordinator, cycle=cycle)
        report = services.report_compile(actor=kenya_coordinator, cycle=cycle, summary="S")
        services.report_publish(actor=kenya_coordinator, report=report)
    public = ApiClient()
    with django_assert_num_queries(QUERIES["cycles"]):
        cycles = public.get(f"plans/{reporting_plan.pk}/reporting-cycles").json()
    assert [c["published_versions"] for c in cycles["items"]] == [[1]] * n
    with django_assert_num_queries(QUERIES["reports"]):
        reports = public.get(f"plans/{reporting_plan.pk}/reports").json()
    assert reports["count"] == n


QUERIES = {"cycles": 6, "reports": 5}


def test_api_structure_shows_the_lines_of_accountability(
    reporting_plan, reporting_structure, agency_a, agency_b
):
    body = ApiClient().get(f"plans/{reporting_plan.pk}/structure").json()
    (pillar,) = body["pillars"]
    (objective,) = pillar["objectives"]
    first, second = objective["actions"]
    assert (first["code"], second["code"]) == ("1.1", "2.1")
    assert first["responsibilities"] == [
        {"agency_id": agency_a.pk, "agency": agency_a.name, "role": "lead"}
    ]
    assert [r["role"] for r in second["responsibilities"]] == ["lead", "supporting"]
    (indicator,) = first["indicators"]
    assert indicator["disaggregated_by"] == ["sex", "location"]
    assert indicator["baseline_value"] is None  # unknown, not 0
    assert indicator["targets"] == [{"period": "2025", "value": "50"}]
    assert "action_id" not in indicator  # the tree already says which action it is under


def test_api_structure_of_a_draft_plan_is_hidden_from_outsiders(
    reporting_plan, reporting_structure, kenya_coordinator
):
    reporting_plan.publication = "draft"
    reporting_plan.save()
    assert ApiClient().get(f"plans/{reporting_plan.pk}/structure").status_code == 404
    response = client_for(kenya_coordinator).get(f"plans/{reporting_plan.pk}/structure")
    assert response.status_code == 200
    body = response.json()
    assert body["plan_id"] == reporting_plan.pk
    assert [a["code"] for a in body["pillars"][0]["objectives"][0]["actions"]] == ["1.1", "2.1"]


@pytest.mark.parametrize("n", [1, 3])
def test_api_structure_query_count_does_not_grow(
    django_assert_num_queries, reporting_plan, agency_a, n
):
    from tests.factories.plans import (
        ActionFactory,
        BudgetLineFactory,
        IndicatorTargetFactory,
        ObjectiveFactory,
        PlanPillarFactory,
        ResponsibilityFactory,
    )

    objective = ObjectiveFactory(pillar=PlanPillarFactory(plan=reporting_plan))
    for _ in range(n):
        action = ActionFactory(objective=objective)
        ResponsibilityFactory(action=action, agency=agency_a)
        IndicatorTargetFactory(indicator__action=action)
        BudgetLineFactory(action=action)
    with django_assert_num_queries(QUERIES["structure"]):
        body = ApiClient().get(f"plans/{reporting_plan.pk}/structure").json()
    assert len(body["pillars"][0]["objectives"][0]["actions"]) == n


QUERIES["structure"] = 10
