"""The public registry pages: content, drafts per role, and query counts."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from naptrack.accounts.choices import Role
from naptrack.registry.choices import Budget, Origin, PlanStatus, Publication
from naptrack.registry.models import ActionPlan, Country, RegionalOrganization
from tests.factories import people
from tests.factories.accounts import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.factories.core import ActivityFactory
from tests.factories.people import signed_in
from tests.factories.registry import (
    ActionPlanFactory,
    CitationFactory,
    MadeUpCountryFactory,
    RegionalOrganizationFactory,
)

pytestmark = pytest.mark.django_db


def section(response, element_id: str) -> str:
    """The inner HTML of the list or element with this id (up to its first closing tag)."""
    html = response.content.decode()
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(ul|ol|table|section|div)>', html, re.S)
    assert match, f"no element with id {element_id}"
    return match.group(1)


def heading_count(response, heading_id: str) -> int:
    html = response.content.decode()
    match = re.search(rf'id="{heading_id}".*?\((\d+)\)', html, re.S)
    return int(match.group(1))


def text(response) -> str:
    """The page's visible text with whitespace collapsed, for phrase assertions."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


def reference_plan(key: str) -> ActionPlan:
    return ActionPlan.objects.get(reference_key=key)


def login_coordinator(client, owner):
    user = people.coordinator_of(owner)
    signed_in(client, user)
    return user


# Home -----------------------------------------------------------------------------------


def test_home_counts_a_new_country_in_force(client):
    before = client.get("/")
    land = MadeUpCountryFactory(name="Testland Alpha")
    ActionPlanFactory(country=land, period_start=2020, period_end=2099)
    after = client.get("/")
    assert heading_count(after, "in-force-heading") == heading_count(before, "in-force-heading") + 1
    assert "Testland Alpha" in section(after, "countries-in-force")
    assert "Kenya" in section(after, "countries-in-force")  # NAP III has no known end


def test_home_recent_plans_newest_first(client):
    newest = ActionPlanFactory(
        country=MadeUpCountryFactory(),
        adoption_date=timezone.now().date(),
        title="Newest test plan",
    )
    recent = section(client.get("/"), "recent-plans")
    first_link = re.search(r'href="(/plans/\d+/)"', recent).group(1)
    assert first_link == newest.get_absolute_url()
    assert recent.count("<li>") == 10


def test_home_lists_pending_plans_with_status(client):
    before = heading_count(client.get("/"), "pending-heading")
    ActionPlanFactory(
        country=MadeUpCountryFactory(),
        status=PlanStatus.ANNOUNCED,
        title="Announced test plan",
        adoption_date=None,
        adoption_precision="",
    )
    response = client.get("/")
    pending = section(response, "pending-plans")
    assert heading_count(response, "pending-heading") == before + 1
    assert "Announced test plan</a> — Announced" in pending
    assert "ECCAS" in pending  # validated in 2018, adoption not seen (status override)


def test_home_lists_lapsed_countries_since_the_year_after_their_last_plan(client):
    land = MadeUpCountryFactory(name="Testland Lapsed")
    ActionPlanFactory(country=land, period_start=2008, period_end=2012)
    lapsed = text(client.get("/"))
    assert "Testland Lapsed : no plan in force since 2013" in lapsed
    assert "Afghanistan : no plan in force since 2023" in lapsed


def test_home_links_to_registry_analysis_and_open_data(client):
    html = client.get("/").content.decode()
    for href in (reverse("registry:plan_list"), "/analysis/", "/data/"):
        assert f'href="{href}"' in html


# Country pages -------------------------------------------------------------------------


def test_country_page_shows_kenya_generations_gaps_and_sources(client):
    response = client.get("/countries/KEN/")
    page = text(response)
    timeline = section(response, "timeline-heading")  # heading only; use full page below
    assert "(3)" in timeline
    html = response.content.decode()
    positions = [html.index(f"Kenya NAP {n}") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert "gap: 2019 (no plan in force)" in page
    assert "Eastern Africa" in page and "UN Member State Yes" in page
    for plan in ActionPlan.objects.filter(country__iso3="KEN"):
        for citation in plan.citations.all():
            assert f'href="{citation.url}" rel="noopener noreferrer"' in html
        assert plan.status_note in page
    assert "Medium: a secondary source, or one field inferred" in page


def test_country_page_albania_two_generations_with_gap(client):
    page = text(client.get("/countries/alb/"))
    assert "Albania NAP 1 2018–2020" in page and "Albania NAP 2 2023–2027" in page
    assert "gap: 2021–2022 (no plan in force)" in page
    assert "Council of Ministers Decision No. 524" in page


def test_country_page_gap_and_unknown_gap_for_made_up_plans(client):
    land = MadeUpCountryFactory()
    ActionPlanFactory(country=land, generation=1, period_start=2005, period_end=2009)
    ActionPlanFactory(country=land, generation=2, period_start=2012, period_end=None)
    ActionPlanFactory(country=land, generation=3, period_start=2016, period_end=2099)
    page = text(client.get(land.get_absolute_url()))
    assert "gap: 2010–2011 (no plan in force)" in page
    assert "gap: unknown (the end of the previous plan" in page


def test_country_page_without_plans_says_none_known_and_registry_may_be_incomplete(client):
    land = MadeUpCountryFactory(name="Testland Empty")
    response = client.get(land.get_absolute_url())
    assert "No plan is known for Testland Empty." in section(response, "no-plan-known")
    assert "may be incomplete" in text(response)
    assert "UN Member State No" in text(response)


def test_country_page_unknown_code_is_404(client):
    assert client.get("/countries/ZZZ/").status_code == 404


def test_country_list_groups_by_region_with_plan_counts(client):
    land = MadeUpCountryFactory(name="Testland Without Plans")
    response = client.get(reverse("registry:country_list"))
    html = response.content.decode()
    africa = html[html.index('id="region-002"') : html.index('id="region-019"')]
    assert re.search(r'href="/countries/KEN/">Kenya</a></td>\s*<td>[^<]+</td>\s*<td>3</td>', africa)
    assert "Testland Without Plans" in africa
    row = re.search(rf'href="/countries/{land.iso3}/".*?</tr>', html, re.S).group(0)
    assert "none known" in row


def test_regional_organization_pages_list_plans_and_sources(client):
    organization = RegionalOrganization.objects.get(slug="african-union")
    plans = ActionPlan.objects.filter(regional_organization=organization)
    index = client.get(reverse("registry:regional_organization_list"))
    assert re.search(
        rf'href="/regional-organizations/african-union/">AU</a></td>\s*<td>[^<]+</td>\s*'
        rf"<td>{plans.count()}</td>",
        index.content.decode(),
    )
    response = client.get(organization.get_absolute_url())
    html = response.content.decode()
    for plan in plans:
        assert plan.display_title in html
        assert plan.citations.first().url in html


def test_regional_organization_without_plans_says_none_known(client):
    organization = RegionalOrganizationFactory(name="Test Union")
    response = client.get(organization.get_absolute_url())
    assert "No plan is known for" in section(response, "no-plan-known")


# Plan page and history -------------------------------------------------------------------


def test_plan_page_explains_superseded_status_and_links_lineage(client):
    g1, g2, g3 = (reference_plan(f"NAP:KEN:g{n}") for n in (1, 2, 3))
    response = client.get(g2.get_absolute_url())
    page, html = text(response), response.content.decode()
    assert (
        "Superseded by Kenya NAP 3 , which is counted in force: no end of its period is "
        "recorded." in page
    )
    assert "Recorded status: Adopted (current)" in page
    assert f'Predecessor</dt>\n    <dd><a href="{g1.get_absolute_url()}"' in html
    assert f'Successor</dt>\n    <dd><a href="{g3.get_absolute_url()}"' in html
    assert "2020 (known to the year)" in page
    assert "Reference data" in page and "NAP:KEN:g2" in page
    assert 'rel="noopener noreferrer"' in html
    assert reverse("registry:plan_history", args=[g2.pk]) in html


def test_superseded_plan_says_when_its_successor_has_itself_lapsed(client):
    # Bosnia and Herzegovina's third plan (2018-2022) has no successor in the data.
    second = reference_plan("NAP:BIH:g2")
    page = text(client.get(second.get_absolute_url()))
    assert (
        "Superseded by Bosnia and Herzegovina NAP 3 2018–2022 , which has itself lapsed: "
        "its period ended in 2022." in page
    )
    assert "a later plan is in force" not in page


def test_plan_page_shows_a_status_set_from_a_note_with_its_reason(client):
    nato = reference_plan("RAP:nato-eapc:y2011")
    response = client.get(nato.get_absolute_url())
    assert "Superseded" in section(response, "current-status")
    assert "replaced by the NATO Policy on Women, Peace and Security" in section(
        response, "correction-note"
    )


def test_plan_without_end_shows_in_force_end_unknown(client):
    kenya = reference_plan("NAP:KEN:g3")
    response = client.get(kenya.get_absolute_url())
    assert section(response, "current-status").startswith("In force, end unknown</span>")
    assert "no end of its period is recorded" in section(response, "status-reason")


def test_plan_dated_only_by_its_period_says_so(client):
    norway = reference_plan("NAP:NOR:g1")
    response = client.get(norway.get_absolute_url())
    assert section(response, "best-date").startswith("(dated by the start of its period: 2006)")


def test_plan_page_explains_expiry_and_shows_unknowns(client):
    afghanistan = reference_plan("NAP:AFG:g1")
    page = text(client.get(afghanistan.get_absolute_url()))
    assert "Expired: its period ended in 2022 and no extension is recorded." in page
    assert "Lead agency unknown" in page
    assert "Budget unknown" in page and "Focus unknown" in page


def test_plan_page_explains_an_extension_and_shows_all_fields(client):
    plan = ActionPlanFactory(
        country=MadeUpCountryFactory(),
        period_start=2010,
        period_end=2012,
        extended_to=2014,
        lead_agency="Ministry of Tests",
        budget=Budget.ALLOCATED,
        confidence="low",
        status_note="Extended by decree.",
    )
    CitationFactory(
        plan=plan,
        url="https://example.org/decree",
        title="Decree",
        accessed=datetime.date(2024, 5, 2),
    )
    page = text(client.get(plan.get_absolute_url()))
    assert "Expired: its period was extended to 2014, and that year has ended." in page
    assert "2010–2012, extended to 2014" in page
    assert "Ministry of Tests" in page and "Allocated" in page
    assert "Low: weak or undated source" in page and "Extended by decree." in page
    assert "Decree https://example.org/decree — accessed 2 May 2024" in page
    assert "Entered on the platform" in page


def test_plan_page_edit_link_only_for_its_coordinators(client, kenya):
    plan = reference_plan("NAP:KEN:g3")
    edit = f'href="{plan.get_absolute_url()}edit/"'
    assert edit not in client.get(plan.get_absolute_url()).content.decode()
    login_coordinator(client, Country.objects.get(iso3="ALB"))
    assert edit not in client.get(plan.get_absolute_url()).content.decode()
    login_coordinator(client, kenya)
    assert edit in client.get(plan.get_absolute_url()).content.decode()


def test_plan_history_lists_changes_newest_first_in_words(client):
    plan = reference_plan("NAP:KEN:g2")
    editor = UserFactory(email="amina.editor@example.org")
    ActivityFactory(
        target_type=ContentType.objects.get_for_model(ActionPlan),
        target_id=str(plan.pk),
        verb="plan.updated",
        actor=editor,
        actor_label=str(editor),
        changes={
            "lead_agency": {"before": None, "after": "Ministry of Foreign Affairs"},
            "budget": {"before": "unknown", "after": "allocated"},
        },
    )
    page = text(client.get(reverse("registry:plan_history", args=[plan.pk])))
    assert "a coordinator of Kenya edited" in page
    assert "amina.editor" not in page  # the public sees the role, never the person
    assert "lead agency : empty → Ministry of Foreign Affairs" in page
    assert "budget : Unknown → Allocated" in page
    assert "system (reference data load) created from the reference data" in page
    assert page.index("a coordinator of Kenya") < page.index("system (reference data load)")


def test_plan_pages_404_for_unknown_plan(client):
    assert client.get("/plans/999999/").status_code == 404
    assert client.get("/plans/999999/history/").status_code == 404


# Drafts: visible to the owner's coordinators only, on every page ----------------------------


def anonymous(client):
    return None


def cso_member(client):
    user = MembershipFactory(role=Role.CSO_MEMBER, organization=OrganizationFactory()).user
    client.force_login(user)


def analyst(client):
    client.force_login(MembershipFactory(role=Role.ANALYST).user)


def other_coordinator(client):
    login_coordinator(client, Country.objects.get(iso3="ALB"))


@pytest.fixture
def pages_draft(kenya):
    draft = ActionPlanFactory(
        country=kenya,
        generation=4,
        title="Secret draft KNAP IV",
        publication=Publication.DRAFT,
        adoption_date=timezone.now().date(),
        period_start=2026,
        period_end=2030,
    )
    CitationFactory(plan=draft, url="https://example.org/secret-draft-source")
    return draft


DRAFT_PAGES = [
    "/",
    "/plans/?q=Kenya",
    "/plans/?q=Secret",
    "/plans/?owner_kind=national&sort=-adopted",
    "/countries/KEN/",
]


@pytest.mark.parametrize("login", [anonymous, cso_member, analyst, other_coordinator])
def test_draft_plan_appears_on_no_page_outside_coordinator_scope(client, pages_draft, login):
    login(client)
    for url in DRAFT_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Secret draft KNAP IV" not in html, url
        assert "secret-draft-source" not in html, url
    assert client.get(pages_draft.get_absolute_url()).status_code == 404
    assert client.get(f"{pages_draft.get_absolute_url()}history/").status_code == 404
    countries = client.get("/countries/").content.decode()
    assert re.search(
        r'href="/countries/KEN/">Kenya</a></td>\s*<td>[^<]+</td>\s*<td>3</td>', countries
    )


def test_draft_plan_appears_for_its_coordinator_with_a_draft_banner(client, kenya, pages_draft):
    login_coordinator(client, kenya)
    for url in DRAFT_PAGES:
        assert "Secret draft KNAP IV" in client.get(url).content.decode(), url
    page = text(client.get(pages_draft.get_absolute_url()))
    assert "Draft — not published: only the coordinators" in page
    assert "secret-draft-source" in page
    assert "Secret draft KNAP IV" in text(client.get(f"{pages_draft.get_absolute_url()}history/"))
    countries = client.get("/countries/").content.decode()
    assert re.search(
        r'href="/countries/KEN/">Kenya</a></td>\s*<td>[^<]+</td>\s*<td>4</td>', countries
    )


def test_draft_successor_is_not_revealed_on_the_published_plan(client, kenya, pages_draft):
    g3 = reference_plan("NAP:KEN:g3")
    pages_draft.predecessor = g3
    pages_draft.save()
    assert "Secret draft KNAP IV" not in client.get(g3.get_absolute_url()).content.decode()


def test_synthetic_plans_never_appear(client):
    ActionPlanFactory(
        country=MadeUpCountryFactory(), origin=Origin.SYNTHETIC, title="Synthetic benchmark plan"
    )
    for url in ("/", "/plans/?q=Synthetic"):
        assert "Synthetic benchmark plan" not in client.get(url).content.decode()


# Query counts: the same with 1 and 3 items ---------------------------------------------------


def queries_for(client, url) -> int:
    client.get(url)  # warm caches (content types, sessions) so only the page is measured
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def assert_same_queries(client, url, baseline, django_assert_num_queries):
    with django_assert_num_queries(baseline):
        response = client.get(url)
    return response


def test_plan_list_query_count_does_not_grow(client, django_assert_num_queries):
    land = MadeUpCountryFactory(name="Querytown")
    ActionPlanFactory(country=land, generation=1)
    url = "/plans/?q=Querytown"
    baseline = queries_for(client, url)
    ActionPlanFactory.create_batch(2, country=land, generation=2)
    response = assert_same_queries(client, url, baseline, django_assert_num_queries)
    assert text(response).count("Querytown") >= 3


def test_country_list_query_count_does_not_grow(client, django_assert_num_queries):
    ActionPlanFactory(country=MadeUpCountryFactory(name="Querytown One"))
    url = reverse("registry:country_list")
    baseline = queries_for(client, url)
    for name in ("Querytown Two", "Querytown Three"):
        ActionPlanFactory(country=MadeUpCountryFactory(name=name))
    response = assert_same_queries(client, url, baseline, django_assert_num_queries)
    assert "Querytown Three" in text(response)


def test_country_page_query_count_does_not_grow(client, django_assert_num_queries):
    land = MadeUpCountryFactory()
    CitationFactory(plan=ActionPlanFactory(country=land, generation=1))
    baseline = queries_for(client, land.get_absolute_url())
    for generation in (2, 3):
        CitationFactory(plan=ActionPlanFactory(country=land, generation=generation))
    response = assert_same_queries(
        client, land.get_absolute_url(), baseline, django_assert_num_queries
    )
    assert "(3)" in section(response, "timeline-heading")


def test_regional_organization_page_query_count_does_not_grow(client, django_assert_num_queries):
    organization = RegionalOrganizationFactory()
    make = lambda g: CitationFactory(  # noqa: E731
        plan=ActionPlanFactory(country=None, regional_organization=organization, generation=g)
    )
    make(1)
    baseline = queries_for(client, organization.get_absolute_url())
    make(2)
    make(3)
    response = assert_same_queries(
        client, organization.get_absolute_url(), baseline, django_assert_num_queries
    )
    assert "(3)" in section(response, "timeline-heading")


def test_plan_history_query_count_does_not_grow(client, django_assert_num_queries):
    plan = ActionPlanFactory(country=MadeUpCountryFactory())
    plan_type = ContentType.objects.get_for_model(ActionPlan)
    ActivityFactory(target_type=plan_type, target_id=str(plan.pk), verb="plan.updated")
    url = reverse("registry:plan_history", args=[plan.pk])
    baseline = queries_for(client, url)
    for _ in range(2):
        ActivityFactory(target_type=plan_type, target_id=str(plan.pk), actor=UserFactory())
    response = assert_same_queries(client, url, baseline, django_assert_num_queries)
    assert response.content.decode().count("<tr>") == 1 + 3  # header row and three changes


def test_home_query_count_does_not_grow(client, django_assert_num_queries):
    ActionPlanFactory(country=MadeUpCountryFactory())
    baseline = queries_for(client, "/")
    ActionPlanFactory.create_batch(2, country=MadeUpCountryFactory())
    assert_same_queries(client, "/", baseline, django_assert_num_queries)
