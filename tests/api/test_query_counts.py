"""Every list endpoint runs the same number of queries for 1 item as for 3 (no N+1)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from naptrack.core.services import activity_record
from naptrack.registry.models import ActionPlan
from tests.api.conftest import ApiClient
from tests.factories.accounts import CoordinatorFactory, OrganizationFactory, api_token_issue
from tests.factories.registry import (
    ActionPlanFactory,
    CitationFactory,
    MadeUpCountryFactory,
    RegionalOrganizationFactory,
)


def count_queries(django_assert_num_queries, client, path, expected, **query) -> dict:
    with django_assert_num_queries(expected):
        response = client.get(path, **query)
    assert response.status_code == 200
    return response.json()


# Anonymous: count + page. A token adds its lookup, the last_used_at write (first use
# only) and the caller's memberships.
ANONYMOUS_LIST = 2


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize(
    "path", ["regions", "pillars", "standard-indicators", "resolutions", "regional-organizations"]
)
def test_reference_lists_query_count(anonymous_api, django_assert_num_queries, path, size):
    body = count_queries(
        django_assert_num_queries, anonymous_api, path, ANONYMOUS_LIST, page_size=str(size)
    )
    assert len(body["items"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_country_list_query_count(anonymous_api, django_assert_num_queries, size):
    for n in range(size):
        ActionPlanFactory(country=MadeUpCountryFactory(name=f"Countland {n}"))
    body = count_queries(django_assert_num_queries, anonymous_api, "countries", 2, q="Countland")
    assert [item["plan_count"] for item in body["items"]] == [1] * size


@pytest.mark.parametrize("size", [1, 3])
def test_plan_list_query_count(anonymous_api, django_assert_num_queries, size):
    country = MadeUpCountryFactory(name="Countland")
    for _ in range(size):
        CitationFactory(plan=ActionPlanFactory(country=country))
    body = count_queries(django_assert_num_queries, anonymous_api, "plans", 2, q="Countland")
    assert len(body["items"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_plan_list_query_count_with_a_token(db, django_assert_num_queries, size):
    country = MadeUpCountryFactory(name="Countland")
    for _ in range(size):
        ActionPlanFactory(country=country, publication="draft")
    _, raw = api_token_issue(CoordinatorFactory(country=country).user)
    client = ApiClient(raw)
    client.get("pillars")  # the first use writes last_used_at; later ones within a minute do not
    # token and user, memberships, the two-factor check a coordinator's token passes, count,
    # page
    body = count_queries(django_assert_num_queries, client, "plans", 5, q="Countland")
    assert [item["publication"] for item in body["items"]] == ["draft"] * size


@pytest.mark.parametrize("size", [1, 3])
def test_organization_list_query_count(anonymous_api, django_assert_num_queries, kenya, size):
    for n in range(size):
        OrganizationFactory(name=f"Countorg {n}", country=kenya)
    body = count_queries(django_assert_num_queries, anonymous_api, "organizations", 2, q="Countorg")
    assert [item["country"] for item in body["items"]] == ["KEN"] * size


@pytest.mark.parametrize("size", [1, 3])
def test_plan_history_query_count(
    anonymous_api, django_assert_num_queries, kenya_coordinator, size
):
    plan = ActionPlanFactory(country=MadeUpCountryFactory(name="Countland"))
    for n in range(size):
        activity_record(actor=kenya_coordinator, verb=f"plan.test{n}", target=plan, channel="api")
    ContentType.objects.get_for_model(ActionPlan)  # warm Django's content-type cache
    # the plan (plan_for_read), its citations and resolutions (prefetched), the history
    body = count_queries(django_assert_num_queries, anonymous_api, f"plans/{plan.pk}/history", 4)
    assert len(body["items"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_country_detail_query_count(anonymous_api, django_assert_num_queries, size):
    country = MadeUpCountryFactory(name="Countland")
    for _ in range(size):
        ActionPlanFactory(country=country)
    body = count_queries(django_assert_num_queries, anonymous_api, f"countries/{country.iso3}", 2)
    assert len(body["plans"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_regional_organization_detail_query_count(anonymous_api, django_assert_num_queries, size):
    organization = RegionalOrganizationFactory()
    for _ in range(size):
        ActionPlanFactory(country=None, regional_organization=organization)
    path = f"regional-organizations/{organization.slug}"
    body = count_queries(django_assert_num_queries, anonymous_api, path, 2)
    assert len(body["plans"]) == size
