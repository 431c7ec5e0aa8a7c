"""Nothing unpublished reaches any output: a draft report or a draft plan is 404 on the
standardized report in every format, the dashboard and the API, and absent from the
compilation, for every role, the plan's own coordinator included (these outputs show
published data only; coordinators preview drafts on the official report page)."""

import pytest
from django.urls import reverse

from naptrack.reporting import services
from tests.factories.people import signed_in
from tests.reporting.outputs_fixtures import published_report, reported_cycle

FORMATS = ["standard", "standard_pdf", "standard_xlsx", "standard_csv"]
ROLES = ["anonymous", "reporter_a", "uganda_coordinator", "kenya_coordinator"]


def role_holder(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


def output_urls(report) -> list[str]:
    key = [report.cycle.plan_id, report.cycle_id, report.version]
    return [reverse(f"reporting_outputs:{name}", args=key) for name in FORMATS]


def api_url(report) -> str:
    cycle = report.cycle
    return f"/api/v1/plans/{cycle.plan_id}/reporting-cycles/{cycle.pk}/reports/{report.version}"


@pytest.mark.parametrize("role", ROLES)
def test_draft_report_is_404_in_every_format_for_everyone(client, request, kenya_coordinator, role):
    cycle = reported_cycle(request)
    draft = services.report_compile(actor=kenya_coordinator, cycle=cycle, summary="Secret draft.")
    client = signed_in(client, role_holder(request, role))
    for url in output_urls(draft):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Secret draft." not in response.content
    dashboard = client.get(reverse("reporting_outputs:dashboard", args=[cycle.plan_id]))
    assert b"Secret draft." not in dashboard.content and b"1800.5" not in dashboard.content
    compilation = client.get(reverse("reporting_outputs:compilation", args=[2025]))
    assert b"Kenya" not in compilation.content


def test_draft_report_is_404_on_the_api_for_the_public(client, request, kenya_coordinator):
    cycle = reported_cycle(request)
    draft = services.report_compile(actor=kenya_coordinator, cycle=cycle, summary="Secret draft.")
    response = client.get(api_url(draft))
    assert response.status_code == 404 and b"Secret draft." not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_plan_hides_every_output(client, request, role):
    report = published_report(request)
    plan = report.cycle.plan
    plan.publication = "draft"
    plan.save()
    client = signed_in(client, role_holder(request, role))
    for url in [*output_urls(report), reverse("reporting_outputs:dashboard", args=[plan.pk])]:
        assert client.get(url).status_code == 404, url
    compilation = client.get(reverse("reporting_outputs:compilation_csv", args=[2025]))
    assert b"Kenya reporting test plan" not in compilation.content
    if role == "anonymous":
        assert client.get(api_url(report)).status_code == 404


def test_published_report_is_public_in_every_format(client, request):
    report = published_report(request)
    for url in output_urls(report):
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) > 1000


def test_outputs_refuse_a_cycle_of_another_plan(client, request, kenya, kenya_coordinator):
    from tests.reporting.outputs_fixtures import cycle_with_actions

    report = published_report(request)
    other = cycle_with_actions(kenya, kenya_coordinator, 1, title="Another Kenyan plan")
    crossed = [other.cycle.plan_id, report.cycle_id, report.version]
    for name in FORMATS:
        assert client.get(reverse(f"reporting_outputs:{name}", args=crossed)).status_code == 404
    missing = [report.cycle.plan_id, report.cycle_id, 9]
    assert client.get(reverse("reporting_outputs:standard", args=missing)).status_code == 404
