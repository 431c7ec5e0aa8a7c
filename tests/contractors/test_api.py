"""The contractors API: public reads with the page's filters, the authority's answers
with a token, refusals for everyone else, and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.contractors.models import ChecklistAnswer
from naptrack.core.models import Activity
from tests.api.conftest import ApiClient, client_for
from tests.factories.contractors import ContractFactory, ContractorFactory

pytestmark = pytest.mark.django_db


def test_checklist_endpoint_gives_the_current_version():
    data = ApiClient().get("contractors/checklist").json()
    assert data["number"] == 1
    assert [i["code"] for i in data["items"]][:2] == ["sea_code_of_conduct", "staff_vetting"]


def test_contract_list_filters_like_the_page(contract):
    other = ContractFactory(
        title="Elsewhere", country_of_operation_id=contract.country_of_operation_id
    )
    api = ApiClient()
    titles = [c["title"] for c in api.get("contracts").json()["items"]]
    assert set(titles) == {contract.title, other.title}
    data = api.get("contracts", company=contract.contractor_id).json()
    assert [c["title"] for c in data["items"]] == [contract.title]
    assert data["items"][0]["authority"] == "Kenya" and data["items"][0]["value"] is None


def test_authority_answers_through_the_api(kenya_coordinator, contract):
    response = client_for(kenya_coordinator).request(
        "PUT", f"contracts/{contract.pk}/answers", {"item": "gbv_training", "answer": "no"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["item"] == "gbv_training" and response.json()["answer"] == "no"
    assert Activity.objects.get(verb="contract.answer.saved").channel == "api"
    detail = ApiClient().get(f"contracts/{contract.pk}").json()
    assert [(a["item"], a["answer"]) for a in detail["answers"]] == [("gbv_training", "no")]


def test_unknown_item_is_named_in_the_error(kenya_coordinator, contract):
    response = client_for(kenya_coordinator).request(
        "PUT", f"contracts/{contract.pk}/answers", {"item": "nope", "answer": "no"}
    )
    assert response.status_code == 422 and "nope" in response.content.decode()


@pytest.mark.parametrize("who", ["contract_cso_member", "uganda_coordinator", "analyst"])
def test_others_cannot_answer_through_the_api(request, who, contract):
    response = client_for(request.getfixturevalue(who)).request(
        "PUT", f"contracts/{contract.pk}/answers", {"item": "gbv_training", "answer": "yes"}
    )
    assert response.status_code == 403
    assert not ChecklistAnswer.objects.exists()


def test_answering_needs_a_token(contract):
    response = ApiClient().request(
        "PUT", f"contracts/{contract.pk}/answers", {"item": "gbv_training", "answer": "yes"}
    )
    assert response.status_code == 401


def _queries(api: ApiClient, path: str, expected: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert len(api.get(path).json()["items"]) == expected
    return len(queries)


def test_list_endpoints_queries_do_not_grow():
    api = ApiClient()
    ContractFactory(contractor=ContractorFactory())
    with_one = {path: _queries(api, path, 1) for path in ("contracts", "contractors")}
    for _ in range(2):
        ContractFactory(contractor=ContractorFactory())
    assert {path: _queries(api, path, 3) for path in ("contracts", "contractors")} == with_one
