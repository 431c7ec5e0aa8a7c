"""The OpenAPI document: committed, complete about errors and auth, and browsable offline."""

import json
import re
from io import StringIO
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
STALE = "docs/openapi.json is out of date with the API: run `make openapi` and commit it."


def test_committed_openapi_matches_the_live_document(anonymous_api):
    live = anonymous_api.get("openapi.json").json()
    assert live == json.loads(COMMITTED.read_text()), STALE


def test_export_openapi_prints_the_committed_text_exactly(db):
    out = StringIO()
    call_command("export_openapi", stdout=out)
    assert out.getvalue() == COMMITTED.read_text(), STALE
    assert out.getvalue().startswith('{\n  "components"')  # sorted keys, indent 2


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_declares_the_error_shape(anonymous_api):
    document = anonymous_api.get("openapi.json").json()
    error = document["components"]["schemas"]["ErrorDetail"]
    assert set(error["properties"]) == {"code", "message", "fields"}
    for path, method, operation in operations(document):
        errors = {code: r for code, r in operation["responses"].items() if code >= "400"}
        assert "401" in errors and "422" in errors, (method, path)
        for response in errors.values():
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path)


def test_reads_allow_anonymous_and_writes_need_a_token(anonymous_api):
    document = anonymous_api.get("openapi.json").json()
    assert document["components"]["securitySchemes"] == {
        "ApiTokenAuth": {"type": "http", "scheme": "bearer"}
    }
    for path, method, operation in operations(document):
        expected = [{"ApiTokenAuth": []}, {}] if method == "get" else [{"ApiTokenAuth": []}]
        assert operation["security"] == expected, (method, path)
        if method != "get":
            assert {"403", "404"} <= set(operation["responses"]), (method, path)


def test_every_documented_endpoint_exists(anonymous_api):
    document = anonymous_api.get("openapi.json").json()
    assert set(document["paths"]) == {
        "/api/v1/countries",
        "/api/v1/countries/{iso3}",
        "/api/v1/regions",
        "/api/v1/regional-organizations",
        "/api/v1/regional-organizations/{slug}",
        "/api/v1/organizations",
        "/api/v1/plans",
        "/api/v1/plans/{plan_id}",
        "/api/v1/plans/{plan_id}/history",
        "/api/v1/plans/{plan_id}/publish",
        "/api/v1/plans/{plan_id}/transitions",
        "/api/v1/plans/{plan_id}/citations",
        "/api/v1/plans/{plan_id}/citations/{citation_id}",
        "/api/v1/pillars",
        "/api/v1/standard-indicators",
        "/api/v1/resolutions",
        "/api/v1/plans/{plan_id}/reporting-schedule",
        "/api/v1/plans/{plan_id}/reporting-schedule/generate",
        "/api/v1/plans/{plan_id}/reporting-cycles",
        "/api/v1/plans/{plan_id}/reporting-cycles/{cycle_id}",
        "/api/v1/plans/{plan_id}/reporting-cycles/{cycle_id}/open",
        "/api/v1/plans/{plan_id}/reporting-cycles/{cycle_id}/close",
        "/api/v1/plans/{plan_id}/reporting-cycles/{cycle_id}/reports",
        "/api/v1/plans/{plan_id}/reporting-cycles/{cycle_id}/reports/{version}",
        "/api/v1/plans/{plan_id}/reporting-cycles/{cycle_id}/reports/{version}/publish",
        "/api/v1/plans/{plan_id}/reporting-cycles/{cycle_id}/reports/{version}/corrections",
        "/api/v1/plans/{plan_id}/reports",
        "/api/v1/plans/{plan_id}/structure",
        "/api/v1/plans/{plan_id}/actions",
        "/api/v1/plans/{plan_id}/indicators",
        "/api/v1/plans/{plan_id}/agencies",
        "/api/v1/plans/{plan_id}/report-card",
        "/api/v1/plans/{plan_id}/report-card/history",
        "/api/v1/report-cards",
        "/api/v1/documents",
        "/api/v1/documents/{document_id}",
        "/api/v1/documents/{document_id}/status",
        "/api/v1/documents/{document_id}/pages",
        "/api/v1/search",
        "/api/v1/report-cards/not-graded",
        "/api/v1/reporting/updates",
        "/api/v1/reporting/updates/{update_id}",
        "/api/v1/reporting/updates/{update_id}/submit",
        "/api/v1/reporting/updates/{update_id}/approve",
        "/api/v1/reporting/updates/{update_id}/return",
        "/api/v1/reporting/updates/{update_id}/evidence",
        "/api/v1/reporting/updates/{update_id}/evidence-files",
        "/api/v1/reporting/evidence/{evidence_id}",
        "/api/v1/plans/{plan_id}/shadow-reports",
        "/api/v1/plans/{plan_id}/side-by-side",
        "/api/v1/shadow-reports/mine",
        "/api/v1/shadow-reports/invitations",
        "/api/v1/shadow-reports/invitations/{invitation_id}/accept",
        "/api/v1/shadow-reports/invitations/{invitation_id}/decline",
        "/api/v1/shadow-reports/{report_id}",
        "/api/v1/shadow-reports/{report_id}/assessments/{action_id}",
        "/api/v1/shadow-reports/{report_id}/assessments/{action_id}/evidence",
        "/api/v1/shadow-reports/{report_id}/submit",
        "/api/v1/shadow-reports/{report_id}/reopen",
        "/api/v1/shadow-reports/{report_id}/publish",
        "/api/v1/shadow-reports/{report_id}/withdraw",
        "/api/v1/shadow-reports/{report_id}/hide",
        "/api/v1/shadow-reports/{report_id}/unhide",
        "/api/v1/shadow-reports/{report_id}/reply",
        "/api/v1/consultations",
        "/api/v1/consultations/{consultation_id}",
        "/api/v1/consultations/{consultation_id}/comments",
        "/api/v1/consultations/{consultation_id}/comments/{comment_id}/support",
        "/api/v1/consultations/{consultation_id}/comments/{comment_id}/answer",
        "/api/v1/partnerships",
        "/api/v1/partnerships/{partnership_id}",
        "/api/v1/partnerships/{partnership_id}/agree",
        "/api/v1/partnerships/{partnership_id}/decline",
        "/api/v1/partnerships/{partnership_id}/status",
        "/api/v1/partnerships/{partnership_id}/exchanges",
        "/api/v1/countries/{iso3}/partner-suggestions",
        "/api/v1/regional-organizations/{slug}/partner-suggestions",
        "/api/v1/lessons",
        "/api/v1/lessons/{lesson_id}",
        "/api/v1/lessons/{lesson_id}/publish",
        "/api/v1/lessons/{lesson_id}/reject",
        "/api/v1/lessons/{lesson_id}/withdraw",
        "/api/v1/consultations/{consultation_id}/comments/{comment_id}/hide",
        "/api/v1/consultations/{consultation_id}/comments/{comment_id}/unhide",
        "/api/v1/consultations/{consultation_id}/open",
        "/api/v1/consultations/{consultation_id}/close",
        "/api/v1/consultations/{consultation_id}/report",
        "/api/v1/consultations/{consultation_id}/sessions",
        "/api/v1/plans/{plan_id}/evidence",
        "/api/v1/plans/{plan_id}/themes",
        "/api/v1/themes",
        "/api/v1/events",
        "/api/v1/events/{event_id}",
        "/api/v1/events/{event_id}/cancel",
        "/api/v1/calendar",
        "/api/v1/contractors",
        "/api/v1/contractors/checklist",
        "/api/v1/contractors/{contractor_id}",
        "/api/v1/contracts",
        "/api/v1/contracts/{contract_id}",
        "/api/v1/contracts/{contract_id}/answers",
        "/api/v1/plans/{plan_id}/translations",
        "/api/v1/plans/{plan_id}/language",
        "/api/v1/shadow-reports/{report_id}/translations",
        "/api/v1/shadow-reports/{report_id}/language",
    }


def test_docs_page_loads_only_first_party_files_and_no_inline_script(anonymous_api):
    response = anonymous_api.get("docs")
    html = response.content.decode()
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert 'data-openapi-url="/api/v1/openapi.json"' in html
    assert 'href="/api/v1/openapi.json"' in html  # the fallback without JavaScript
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(scripts) == 2 and all(body.strip() == "" for _, body in scripts)
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert sorted(assets) == [
        "favicon.svg",
        "js/api-docs.js",
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "vendor/swagger-ui/swagger-ui.css",
    ]
    assert all(finders.find(asset) for asset in assets)
    assert "style=" not in html and "cdn" not in html.lower()


def test_vendored_swagger_ui_carries_its_license_and_version():
    license_file = finders.find("vendor/swagger-ui/LICENSE")
    version_file = finders.find("vendor/swagger-ui/VERSION")
    assert "Apache License" in Path(license_file).read_text()
    assert "swagger-ui-dist 5.35.0" in Path(version_file).read_text()
