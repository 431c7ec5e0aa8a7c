"""The data-quality page: every check lists the public plans it finds, with counts and links."""

import re

import pytest
from django.urls import reverse

from naptrack.registry.choices import Confidence, Publication
from naptrack.registry.quality import CHECKS
from tests.factories.registry import (
    ActionPlanFactory,
    CitationFactory,
    MadeUpCountryFactory,
    PlanFactFactory,
)

pytestmark = pytest.mark.django_db
PAGE = reverse("registry:data_quality")


def listed(html: str, slug: str) -> str:
    return re.search(rf'id="check-{slug}">(.*?)</ul>', html, re.S).group(1)


def count(html: str, slug: str) -> int:
    return int(re.search(rf'<h2 id="{slug}">.*?\((\d+)\)', html, re.S).group(1))


def test_quality_page_lists_weak_plans_under_each_check(client):
    land = MadeUpCountryFactory(name="Weakland")
    weak = ActionPlanFactory(
        country=land, title="Weakland plan", period_end=None, confidence=Confidence.LOW
    )
    CitationFactory(plan=weak)
    html = client.get(PAGE).content.decode()
    for slug in ("single-source", "no-end-year", "low-confidence"):
        assert f'href="{weak.get_absolute_url()}">Weakland plan</a>' in listed(html, slug)
    assert "Weakland plan" not in listed(html, "unsourced")
    assert "Weakland plan</a> — In force, end unknown" in listed(html, "no-end-year")


def test_quality_page_lists_plans_on_weak_sources_only_and_disputed_ones(client):
    land = MadeUpCountryFactory(name="Listland")
    listed_only = ActionPlanFactory(country=land, title="Listland plan")
    CitationFactory(plan=listed_only, title="All plans", kind="listing")
    CitationFactory(plan=listed_only, title="")
    titled = ActionPlanFactory(country=MadeUpCountryFactory(), title="Titled plan")
    CitationFactory(plan=titled, title="The plan itself", kind="official")
    PlanFactFactory(plan=titled, code="registry_discrepancy", value="source says 2019")
    html = client.get(PAGE).content.decode()
    assert "Listland plan" in listed(html, "weak-sources-only")
    assert "Titled plan" not in listed(html, "weak-sources-only")
    assert "Titled plan" in listed(html, "source-disagrees")
    assert "Listland plan" not in listed(html, "source-disagrees")


def test_quality_page_counts_match_its_lists_and_the_summary_links_each_check(client):
    html = client.get(PAGE).content.decode()
    for check in CHECKS:
        assert f'href="#{check.slug}"' in html
        items = listed(html, check.slug).count("<li><a ")
        assert count(html, check.slug) == items
    # 18 countries are in force only for a missing end year; their plans are listed.
    assert count(html, "no-end-year") >= 18


def test_quality_page_never_lists_drafts(client):
    draft = ActionPlanFactory(title="Secret draft QX-7731", publication=Publication.DRAFT)
    CitationFactory(plan=draft)
    assert "QX-7731" not in client.get(PAGE).content.decode()


def test_quality_page_is_linked_from_footer_registry_and_analysis(client):
    for page in ("/", reverse("registry:plan_list"), reverse("analysis:overview")):
        assert f'href="{PAGE}"' in client.get(page).content.decode()


@pytest.mark.parametrize("plans", [1, 3])
def test_quality_page_runs_one_query_per_check_whatever_the_plans(
    client, django_assert_num_queries, plans
):
    client.get(PAGE)  # warm caches (content types, sessions) so only the page is measured
    for _ in range(plans):
        CitationFactory(plan=ActionPlanFactory(country=MadeUpCountryFactory(), period_end=None))
    with django_assert_num_queries(len(CHECKS)):
        response = client.get(PAGE)
    assert count(response.content.decode(), "no-end-year") >= 18 + plans
