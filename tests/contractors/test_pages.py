"""The register's pages: filters, exports, the authority's and civil society's forms,
who is refused, and query counts that do not grow with the register."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from naptrack.contractors import services
from naptrack.contractors.models import Challenge, ChecklistAnswer, Incident
from naptrack.registry.models import Country
from tests.factories.contractors import ContractFactory, ContractorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_item(contract, item, kenya_coordinator):
    return services.checklist_answer_save(
        actor=kenya_coordinator, contract=contract, item=item, answer="no"
    )


def test_register_filters_by_country_company_authority_and_item(
    client, contract, answered_item, contract_defence
):
    other = ContractFactory(
        title="Somali port security",
        authority_country=Country.objects.get(iso3="UGA"),
        country_of_operation=Country.objects.get(iso3="SOM"),
    )
    url = reverse("contractors:register")
    assert "Somali port security" in client.get(url).content.decode()
    cases = [
        ({"country": "som"}, other.title, contract.title),
        ({"country": "KEN"}, contract.title, other.title),
        ({"company": contract.contractor_id}, contract.title, other.title),
        ({"authority": contract_defence.pk}, contract.title, other.title),
        ({"item": "staff_vetting", "answer": "no"}, contract.title, other.title),
    ]
    for query, shown, hidden in cases:
        html = client.get(url, query).content.decode()
        assert shown in html and hidden not in html, query
    html = client.get(url, {"item": "staff_vetting", "answer": "yes"}).content.decode()
    assert contract.title not in html
    response = client.get(url, {"company": "nope"})
    assert response.status_code == 400 and "Correct the filters" in response.content.decode()


def test_exports_give_one_row_per_answer_in_csv_and_json(client, contract, answered_item):
    response = client.get(reverse("contractors:export_csv"), {"country": "KEN"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert [(r["contract_title"], r["item"], r["answer"]) for r in rows] == [
        ("Camp guarding", "staff_vetting", "no")
    ]
    data = json.loads(client.get(reverse("contractors:export_json")).content)
    assert data["contracts"][0]["contractor"] == "Savanna Guarding Services (test)"


def test_contract_and_contractor_pages_show_the_facts(
    client, contract, answered_item, kenya_coordinator
):
    services.answer_evidence_add(
        actor=kenya_coordinator,
        answer=answered_item,
        url="https://example.org/vetting",
        description="Vetting clause of the contract",
    )
    html = client.get(contract.get_absolute_url()).content.decode()
    assert "Camp guarding" in html and "Vetting clause of the contract" in html
    assert "Answers against checklist version 1" in html and "Unknown" in html  # value
    html = client.get(contract.contractor.get_absolute_url()).content.decode()
    assert "Camp guarding" in html and "ICoCA membership" in html


@pytest.mark.parametrize("who", ["kenya_coordinator", "ministry_member"])
def test_authority_answers_on_the_page(request, client, who, contract, item):
    client.force_login(request.getfixturevalue(who))
    url = reverse("contractors:answer_save", args=[contract.pk, item.pk])
    response = client.post(url, {"answer": "yes", "explanation": "Clause 12."})
    assert response.status_code == 302
    assert ChecklistAnswer.objects.get(contract=contract, item=item).answer == "yes"


@pytest.mark.parametrize(
    "who",
    ["contract_cso_member", "uganda_coordinator", "other_ministry_member", "analyst", "moderator"],
)
def test_others_cannot_answer_on_the_page(request, client, who, contract, item):
    client.force_login(request.getfixturevalue(who))
    url = reverse("contractors:answer_save", args=[contract.pk, item.pk])
    assert client.post(url, {"answer": "yes"}).status_code == 403
    assert not ChecklistAnswer.objects.exists()
    html = client.get(contract.get_absolute_url()).content.decode()
    assert "Answer for the contracting authority" not in html


def test_anonymous_is_sent_to_sign_in(client, contract, item):
    url = reverse("contractors:answer_save", args=[contract.pk, item.pk])
    assert client.post(url, {"answer": "yes"}).status_code == 302
    assert not ChecklistAnswer.objects.exists()


def test_cso_challenges_on_the_page_and_sees_it_awaits_moderation(
    client, contract_cso_member, contract_cso, answered_item
):
    client.force_login(contract_cso_member)
    response = client.post(
        reverse("contractors:challenge", args=[answered_item.pk]),
        {
            "author": contract_cso.pk,
            "claimed_answer": "yes",
            "text": "The vetting exists.",
            "publication_mode": "named",
            "pseudonym": "",
            "evidence_description": "Vetting records",
            "evidence_url": "https://example.org/records",
        },
        follow=True,
    )
    assert "moderators will read it" in response.content.decode()
    assert Challenge.objects.get().state == "submitted"


def test_moderation_queue_and_actions_are_for_moderators_only(
    client, contract_cso_member, contract_cso, answered_item, kenya_coordinator, moderator
):
    challenge = services.challenge_submit(
        actor=contract_cso_member,
        answer=answered_item,
        author=contract_cso,
        claimed_answer="yes",
        text="x",
        evidence_url="https://example.org/x",
    )
    client.force_login(kenya_coordinator)
    assert client.get(reverse("contractors:moderation")).status_code == 403
    publish = reverse("contractors:challenge_publish", args=[challenge.pk])
    assert client.post(publish).status_code == 404
    client.force_login(moderator)
    assert contract_cso.name in client.get(reverse("contractors:moderation")).content.decode()
    client.post(publish)
    assert Challenge.objects.get().state == "published"


def test_incident_recorded_and_published_on_the_page(client, ministry_member, contract):
    client.force_login(ministry_member)
    url = reverse("contractors:incident_record", args=[contract.pk])
    response = client.post(
        url,
        {"year": 2025, "incident_type": "other_gbv", "summary": "Call 0712 345 678"},
        follow=True,
    )
    assert "identify a survivor" in response.content.decode() and not Incident.objects.exists()
    client.post(url, {"year": 2025, "incident_type": "other_gbv", "summary": "Guard dismissed."})
    incident = Incident.objects.get()
    publish = reverse("contractors:incident_publish", args=[incident.pk])
    client.post(publish, {})
    assert Incident.objects.get().published_at is None  # not confirmed as reviewed
    client.post(publish, {"reviewed": "on"})
    client.logout()
    assert "Guard dismissed." in client.get(contract.get_absolute_url()).content.decode()


def test_another_countrys_coordinator_cannot_touch_incidents(client, uganda_coordinator, contract):
    incident = Incident.objects.create(contract=contract, year=2025, incident_type="other")
    client.force_login(uganda_coordinator)
    url = reverse("contractors:incident_record", args=[contract.pk])
    assert client.post(url, {"year": 2025, "incident_type": "other"}).status_code == 403
    publish = reverse("contractors:incident_publish", args=[incident.pk])
    assert client.post(publish, {"reviewed": "on"}).status_code == 404
    assert Incident.objects.count() == 1 and Incident.objects.get().published_at is None


def _register_queries(client, expected: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("contractors:register"))
    assert response.content.decode().count("Guarding of a test site") == expected
    return len(queries)


def test_register_queries_do_not_grow_with_contracts(client, item):
    contractor = ContractorFactory()

    def add_contract():
        contract = ContractFactory(contractor=contractor)
        ChecklistAnswer.objects.create(
            contract=contract, item=item, answer="yes", answered_at="2025-01-01T00:00Z"
        )

    add_contract()
    with_one = _register_queries(client, 1)
    add_contract()
    add_contract()
    assert _register_queries(client, 3) == with_one


def test_coordinator_adds_a_company_and_records_a_contract(
    client, kenya_coordinator, kenya, contract_defence
):
    client.force_login(kenya_coordinator)
    register = client.get(reverse("contractors:register")).content.decode()
    assert "Record a contract" in register and "Add a company" in register
    response = client.post(
        reverse("contractors:contractor_create"),
        {"name": "Acacia Risk (test)", "icoca_membership": "member", "icoc_signatory": "unknown"},
    )
    assert response.status_code == 400 and "source" in response.content.decode()
    response = client.post(
        reverse("contractors:contractor_create"),
        {
            "name": "Acacia Risk (test)",
            "icoca_membership": "member",
            "icoca_source": "https://example.org/icoca-list",
            "icoc_signatory": "unknown",
        },
    )
    from naptrack.contractors.models import Contract, Contractor

    company = Contractor.objects.get(name="Acacia Risk (test)")
    assert response.status_code == 302
    form = client.get(reverse("contractors:contract_create")).content.decode()
    assert "Ministry of Defence (contract test)" in form and "Uganda" in form  # operation
    response = client.post(
        reverse("contractors:contract_create"),
        {
            "contractor": company.pk,
            "authority": f"country:{kenya.pk}",
            "authority_body": contract_defence.pk,
            "country_of_operation": kenya.pk,
            "title": "Embassy guarding (test)",
            "services": "Guarding.",
            "value": "100",
            "currency": "",
        },
    )
    assert response.status_code == 400 and "currency" in response.content.decode()
    response = client.post(
        reverse("contractors:contract_create"),
        {
            "contractor": company.pk,
            "authority": f"country:{kenya.pk}",
            "country_of_operation": kenya.pk,
            "title": "Embassy guarding (test)",
            "services": "Guarding.",
        },
    )
    contract = Contract.objects.get(title="Embassy guarding (test)")
    assert response.status_code == 302 and contract.authority_country == kenya


def test_contract_form_offers_only_the_users_own_authority(client, uganda_coordinator, kenya):
    client.force_login(uganda_coordinator)
    form = client.get(reverse("contractors:contract_create")).content.decode()
    assert f'value="country:{kenya.pk}"' not in form
    response = client.post(
        reverse("contractors:contract_create"),
        {"authority": f"country:{kenya.pk}", "title": "x", "services": "y"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("who", ["contract_cso_member", "analyst", "ministry_member"])
def test_others_cannot_add_companies_or_contracts(request, client, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("contractors:contract_create")).status_code == 403
    assert client.get(reverse("contractors:contractor_create")).status_code == 403


def test_csv_export_neutralises_formulas(client, contractor):
    ContractFactory(contractor=contractor, title='=HYPERLINK("https://evil.example")')
    body = client.get(reverse("contractors:export_csv")).content.decode()
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body


def test_challengers_read_their_challenges_and_the_rejection_reason(
    client, contract_cso_member, contract_cso, answered_item, moderator, other_cso_member
):
    challenge = services.challenge_submit(
        actor=contract_cso_member,
        answer=answered_item,
        author=contract_cso,
        claimed_answer="yes",
        text="x",
        evidence_url="https://example.org/x",
    )
    services.challenge_reject(actor=moderator, challenge=challenge, reason="Link is dead.")
    client.force_login(contract_cso_member)
    html = client.get(reverse("contractors:my_challenges")).content.decode()
    assert "Link is dead." in html and "Rejected by the moderators" in html
    client.force_login(other_cso_member)
    html = client.get(reverse("contractors:my_challenges")).content.decode()
    assert "Link is dead." not in html and "No challenge yet." in html
