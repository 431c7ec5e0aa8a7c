"""No interface text escapes translation: every page of the crawl is rendered in the
pseudo-locale (tests/i18n/pseudo.py), where each translated string comes back wrapped, and
any visible text neither wrapped nor data fails the test, naming the page and the text."""

import pytest
from django.urls import reverse

from naptrack.registry.models import Country
from tests.factories.accounts import CoordinatorFactory, TotpAuthenticatorFactory
from tests.factories.registry import ActionPlanFactory
from tests.i18n.pseudo import database_vocabulary, pseudo_locale, unmarked_texts

# Pages whose templates and views belong to the apps marked on this branch.
PUBLIC_PAGES = [
    ("registry:home", None),
    ("registry:plan_list", None),
    ("registry:plan", "plan"),
    ("registry:plan_history", "plan"),
    ("registry:country_list", None),
    ("registry:country", "country"),
    ("registry:indicator_list", None),
    ("registry:regional_organization_list", None),
    ("registry:data_quality", None),
    ("analysis:overview", None),
    ("analysis:open_data", None),
    ("plans:structure", "plan"),
    ("account_login", None),
    ("account_signup", None),
]
SIGNED_IN_PAGES = [
    ("accounts:dashboard", None),
    ("plans:structure", "plan"),
    ("registry:plan_edit", "plan"),
    ("registry:plan_create", None),
]
# Pages of the apps whose strings are marked on branch h11b (reporting, shadow_reports,
# report_cards, library, consultations, events, notifications). They pass on branch h11a
# as it stands; listed apart because h11b changes their templates, so a failure here after
# the merge points at that branch.
PAGES_MARKED_ON_BRANCH_H11B = [
    ("library:index", None, False),
    ("events:list", None, False),
    ("consultations:list", None, False),
    ("report_cards:ranking", None, False),
    ("report_cards:card", "plan", False),
    ("shadow_reports:plan_reports", "plan", False),
    ("reporting:mine", None, True),
    ("notifications:list", None, True),
]


@pytest.fixture
def crawl_world(db, kenya):
    membership = CoordinatorFactory(country=kenya)
    TotpAuthenticatorFactory(user=membership.user)
    plan = ActionPlanFactory(country=kenya, title="Kenya NAP i18n crawl")
    return {"plan": plan, "country": Country.objects.get(iso3="KEN"), "user": membership.user}


def url_for(name, argument, world) -> str:
    if argument is None:
        return reverse(name)
    value = world[argument]
    return reverse(name, args=[value.iso3 if argument == "country" else value.pk])


def assert_all_marked(client, url):
    with pseudo_locale():
        response = client.get(url)
    assert response.status_code == 200, url
    found = unmarked_texts(response.content.decode(), data=database_vocabulary())
    listing = "\n".join(f"  {where} {text!r}" for where, text in found)
    assert not found, f"{url}: {len(found)} text(s) not marked for translation:\n{listing}"


@pytest.mark.parametrize(("name", "argument"), PUBLIC_PAGES)
def test_public_pages_have_no_unmarked_text(client, crawl_world, name, argument):
    assert_all_marked(client, url_for(name, argument, crawl_world))


@pytest.mark.parametrize(("name", "argument"), SIGNED_IN_PAGES)
def test_signed_in_pages_have_no_unmarked_text(client, crawl_world, name, argument):
    client.force_login(crawl_world["user"])
    assert_all_marked(client, url_for(name, argument, crawl_world))


@pytest.mark.parametrize(("name", "argument", "signed_in"), PAGES_MARKED_ON_BRANCH_H11B)
def test_pages_marked_on_branch_h11b_have_no_unmarked_text(
    client, crawl_world, name, argument, signed_in
):
    if signed_in:
        client.force_login(crawl_world["user"])
    assert_all_marked(client, url_for(name, argument, crawl_world))
