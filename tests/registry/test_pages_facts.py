"""A plan's page: what the plan says (coded facts) and its sources as titled references."""

import datetime

import pytest

from naptrack.registry.choices import Publication
from tests.factories.registry import ActionPlanFactory, CitationFactory, PlanFactFactory
from tests.registry.test_pages import login_coordinator, text

pytestmark = pytest.mark.django_db


def test_plan_page_shows_each_coded_fact_with_quote_source_and_confidence(client, kenya):
    plan = ActionPlanFactory(country=kenya)
    PlanFactFactory(
        plan=plan,
        code="budget",
        value="not_allocated",
        source_url="https://1325naps.peacewomen.org/index.php/kenya/",
        source_title="Kenya | 1325 National Action Plans",
        source_date=datetime.date(2020, 1, 1),
        source_precision="year",
        quote="The NAP does not include an allocated budget.",
        location="p.37",
        confidence="medium",
    )
    PlanFactFactory(plan=plan, code="theme_disarmament", value="yes")
    page = client.get(plan.get_absolute_url())
    facts = text(page).split("What the plan says", 1)[1].split("Sources", 1)[0]
    assert "Budget No dedicated budget" in facts
    assert "The NAP does not include an allocated budget." in facts
    assert "Kenya | 1325 National Action Plans , WILPF PeaceWomen, 2020" in facts
    assert "p.37" in facts and "Confidence: Medium." in facts
    assert "Coded by the platform from public sources, 1 December 2026 ." in facts
    assert "Disarmament and small arms Yes" in facts
    assert facts.index("Budget") < facts.index("Disarmament")  # in the fact list's order


def test_plan_without_coded_facts_says_so(client, kenya):
    page = client.get(ActionPlanFactory(country=kenya).get_absolute_url())
    assert "Nothing has been coded from public sources about this plan's content yet." in text(page)


def test_sources_are_titled_references_and_untitled_ones_are_weak(client, kenya):
    plan = ActionPlanFactory(country=kenya)
    CitationFactory(
        plan=plan,
        url="https://example.gov/nap",
        title="Kenya National Action Plan",
        publisher="Government of Kenya",
        published_date=datetime.date(2016, 3, 8),
        published_precision="day",
        supports="adoption, period, status",
        position=0,
    )
    CitationFactory(plan=plan, url="https://example.org/untitled", position=1)
    CitationFactory(
        plan=plan, url="https://en.wikipedia.org/wiki/K", title="K", kind="encyclopedia", position=2
    )
    page = text(client.get(plan.get_absolute_url())).split("Sources", 1)[1]
    assert "Kenya National Action Plan , Government of Kenya, 08 March 2016" in page
    assert "Supports: adoption, period, status." in page
    assert "https://example.org/untitled (title not recorded)" in page
    assert "Weak source: its title is not recorded." in page
    assert "Weak source: an encyclopedia." in page
    assert page.count("Weak source") == 2


def test_draft_plan_facts_stay_with_its_coordinators(client, kenya):
    draft = ActionPlanFactory(country=kenya, publication=Publication.DRAFT)
    PlanFactFactory(plan=draft, quote="Secret-fact-marker-7731")
    assert client.get(draft.get_absolute_url()).status_code == 404
    login_coordinator(client, kenya)
    assert "Secret-fact-marker-7731" in client.get(draft.get_absolute_url()).content.decode()
