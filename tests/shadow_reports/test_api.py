"""The shadow-report API: the same services and rules as the pages, one error shape."""

from tests.api.conftest import ApiClient, client_for, error_of


def test_api_whole_journey_from_draft_to_public_report(
    shadow_coalition_member,
    shadow_coalition,
    shadow_plan,
    shadow_cycle,
    shadow_structure,
    kenya_coordinator,
):
    author, public = client_for(shadow_coalition_member), ApiClient()
    created = author.post(
        f"plans/{shadow_plan.pk}/shadow-reports",
        {
            "author_id": shadow_coalition.pk,
            "title": "API report",
            "cycle_id": shadow_cycle.pk,
            "findings": "Desks exist on paper only.",
            "recommendations": "Fund them.",
        },
    )
    assert created.status_code == 201, created.json()
    report = created.json()
    assert report["state"] == "draft" and report["byline"] == shadow_coalition.name
    assert public.get(f"shadow-reports/{report['id']}").status_code == 404
    action = shadow_structure["2.1"]
    saved = author.request(
        "PUT",
        f"shadow-reports/{report['id']}/assessments/{action.pk}",
        {"agrees_with_official": "no", "own_status": "not_started", "narrative": "None seen."},
    )
    assert saved.json()["own_status"] == "not_started" and saved.json()["action_code"] == "2.1"
    link = author.post(
        f"shadow-reports/{report['id']}/assessments/{action.pk}/evidence",
        {"url": "https://example.org/visits", "description": "Station visits"},
    )
    assert link.status_code == 201 and link.json()["kind"] == "link"
    assert author.post(f"shadow-reports/{report['id']}/submit").json()["state"] == "submitted"
    assert author.post(f"shadow-reports/{report['id']}/publish", {}).json()["state"] == "published"
    shown = public.get(f"shadow-reports/{report['id']}").json()
    assert shown["findings"] == "Desks exist on paper only."
    (assessment,) = shown["assessments"]
    assert assessment["evidence"][0]["url"] == "https://example.org/visits"
    listed = public.get(f"plans/{shadow_plan.pk}/shadow-reports").json()
    assert [item["title"] for item in listed["items"]] == ["API report"]
    reply = client_for(kenya_coordinator).post(
        f"shadow-reports/{report['id']}/reply", {"text": "Noted."}
    )
    assert reply.status_code == 201
    assert public.get(f"shadow-reports/{report['id']}").json()["right_of_reply"]["text"] == "Noted."


def test_api_side_by_side_numbers(shadow_plan, shadow_cycle, named_report, pseudonymous_report):
    body = ApiClient().get(f"plans/{shadow_plan.pk}/side-by-side", cycle_id=shadow_cycle.pk).json()
    assert body["official_report_version"] == 1
    assert body["totals"] == {"label": "All actions", "agrees": 2, "diverges": 2, "unknown": 1}
    assert body["agreement_rate"] == "0.5000"
    rows = {row["code"]: row for row in body["rows"]}
    assert rows["1.1"]["official_status"] == "on_track" and rows["1.1"]["diverges"] is True
    assert [s["comparison"] for s in rows["1.1"]["shadows"]] == ["diverges", "agrees"]
    assert rows["2.2"]["official_status"] is None
    assert {t["label"]: t["diverges"] for t in body["by_pillar"]} == {
        "Participation": 1,
        "Protection": 1,
    }


def test_api_side_by_side_unknown_cycle_is_404(shadow_plan, shadow_cycle):
    response = ApiClient().get(f"plans/{shadow_plan.pk}/side-by-side", cycle_id=999999)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_api_bad_input_names_the_field(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    author = client_for(shadow_coalition_member)
    response = author.post(
        f"plans/{shadow_plan.pk}/shadow-reports",
        {
            "author_id": shadow_coalition.pk,
            "title": "X",
            "cycle_id": shadow_cycle.pk,
            "publication_mode": "pseudonymous",
        },
    )
    assert response.status_code == 422
    assert error_of(response)["fields"] == {
        "body.pseudonym": ["Choose the pseudonym to publish under."]
    }
    response = author.post(
        f"plans/{shadow_plan.pk}/shadow-reports",
        {"author_id": shadow_coalition.pk, "title": "X", "publication_mode": "sometimes"},
    )
    assert response.status_code == 422
    assert "body.publication_mode" in error_of(response)["fields"]


def test_api_create_for_someone_elses_organization_is_403(
    shadow_coalition_member, shadow_cso, shadow_plan, shadow_cycle
):
    response = client_for(shadow_coalition_member).post(
        f"plans/{shadow_plan.pk}/shadow-reports",
        {"author_id": shadow_cso.pk, "title": "Not ours", "cycle_id": shadow_cycle.pk},
    )
    assert response.status_code == 403
    assert "member of" in error_of(response)["message"]


def test_api_publish_on_a_later_date_stays_hidden_until_then(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    import datetime

    author = client_for(shadow_coalition_member)
    report = author.post(
        f"plans/{shadow_plan.pk}/shadow-reports",
        {
            "author_id": shadow_coalition.pk,
            "title": "Later",
            "cycle_id": shadow_cycle.pk,
            "findings": "F.",
        },
    ).json()
    author.post(f"shadow-reports/{report['id']}/submit")
    when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=7)
    published = author.post(
        f"shadow-reports/{report['id']}/publish", {"publish_at": when.isoformat()}
    )
    assert published.json()["state"] == "published"
    assert ApiClient().get(f"shadow-reports/{report['id']}").status_code == 404
    assert ApiClient().get(f"plans/{shadow_plan.pk}/shadow-reports").json()["count"] == 0


def test_api_remove_assessment_and_withdraw(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    from naptrack.shadow_reports.models import ShadowReport
    from tests.shadow_reports.conftest import publish, write_report

    report = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        assessments={shadow_structure["1.1"]: ("no", ""), shadow_structure["2.1"]: ("yes", "")},
    )
    author = client_for(shadow_coalition_member)
    path = f"shadow-reports/{report.pk}/assessments/{shadow_structure['1.1'].pk}"
    assert author.delete(path).status_code == 204
    assert [a.action_code for a in report.assessments.all()] == ["2.1"]
    assert author.delete(path).status_code == 404
    publish(shadow_coalition_member, report)
    withdrawn = author.post(f"shadow-reports/{report.pk}/withdraw", {"note": "Replaced."})
    assert withdrawn.json()["state"] == "withdrawn"
    assert ApiClient().get(f"shadow-reports/{report.pk}").status_code == 404
    assert ShadowReport.objects.get(pk=report.pk).withdrawal_note == "Replaced."
