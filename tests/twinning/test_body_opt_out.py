"""A regional body's coordinators decline (and undo declining) to be suggested as a
partner, like a country's; nobody else may, and a body that declined is suggested to no
country and no other body (docs/twinning.md, docs/permissions.md)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client

from naptrack.accounts.choices import Role
from naptrack.core.models import Activity
from naptrack.registry.models import Country, RegionalOrganization
from naptrack.twinning import matching, services
from naptrack.twinning.models import SuggestionOptOut
from tests.accounts.people import outsider, person
from tests.factories import ActionPlanFactory, DocumentFactory, SuggestionOptOutFactory

PAGE = "/twinning/suggestions/body/african-union/"


def _opt_out_activities(body):
    body_type = ContentType.objects.get_for_model(RegionalOrganization)
    rows = Activity.objects.filter(target_type=body_type, target_id=str(body.pk))
    return list(rows.filter(verb__startswith="twinning.suggestions_").order_by("id"))


def test_the_bodys_coordinator_declines_and_undoes_on_the_page(
    client, african_union, au_coordinator
):
    client.force_login(au_coordinator)
    page = client.get(PAGE).content.decode()
    assert "Being suggested to others" in page
    assert 'action="/twinning/suggestions/body/african-union/decline/"' in page
    assert "csrfmiddlewaretoken" in page

    response = client.post(PAGE + "decline/")
    assert response.status_code == 302 and response["Location"] == PAGE
    assert african_union.twinning_opt_out.declined_by == au_coordinator
    page = client.get(PAGE).content.decode()
    assert "has declined to be suggested" in page
    assert 'action="/twinning/suggestions/body/african-union/allow/"' in page

    response = client.post(PAGE + "allow/")
    assert response.status_code == 302
    assert not SuggestionOptOut.objects.filter(regional_organization=african_union).exists()
    declined, allowed = _opt_out_activities(african_union)
    assert (declined.verb, declined.actor, declined.channel) == (
        "twinning.suggestions_declined",
        au_coordinator,
        "web",
    )
    assert declined.changes == {"suggested": {"before": True, "after": False}}
    assert (allowed.verb, allowed.actor) == ("twinning.suggestions_allowed", au_coordinator)
    assert allowed.changes == {"suggested": {"before": False, "after": True}}


def test_declining_twice_or_allowing_twice_is_refused_with_a_reason(
    client, african_union, au_coordinator
):
    services.body_suggestions_decline(actor=au_coordinator, regional_organization=african_union)
    client.force_login(au_coordinator)
    page = client.post(PAGE + "decline/", follow=True).content.decode()
    assert "This regional body already declined to be suggested." in page
    services.body_suggestions_allow(actor=au_coordinator, regional_organization=african_union)
    page = client.post(PAGE + "allow/", follow=True).content.decode()
    assert "This regional body is already suggested to others." in page
    assert len(_opt_out_activities(african_union)) == 2


def _others(asean):
    return {
        "another body's coordinator": lambda: person(
            Role.COORDINATOR, totp=True, regional_organization=asean
        ),
        "a country's coordinator": lambda: person(
            Role.COORDINATOR, totp=True, country=Country.objects.get(iso3="KEN")
        ),
        "a CSO member": lambda: outsider("cso_member"),
        "a platform admin": lambda: person(Role.PLATFORM_ADMIN, totp=True),
    }


@pytest.mark.parametrize(
    "who",
    ["another body's coordinator", "a country's coordinator", "a CSO member", "a platform admin"],
)
@pytest.mark.parametrize("choice", ["decline", "allow"])
def test_nobody_else_decides_for_the_body(
    client, african_union, au_coordinator, asean, who, choice
):
    if choice == "allow":
        SuggestionOptOutFactory(country=None, regional_organization=african_union)
    before = SuggestionOptOut.objects.filter(regional_organization=african_union).count()
    user = _others(asean)[who]()
    client.force_login(user)
    page = client.get(PAGE).content.decode()
    assert "Being suggested to others" not in page
    assert client.post(PAGE + choice + "/").status_code == 403
    service = {
        "decline": services.body_suggestions_decline,
        "allow": services.body_suggestions_allow,
    }[choice]
    with pytest.raises(PermissionDenied):
        service(actor=user, regional_organization=african_union)
    assert SuggestionOptOut.objects.filter(regional_organization=african_union).count() == before
    assert _opt_out_activities(african_union) == []


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_written(client, african_union):
    assert "Being suggested to others" not in client.get(PAGE).content.decode()
    for choice in ("decline", "allow"):
        response = client.post(PAGE + choice + "/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SuggestionOptOut.objects.filter(regional_organization=african_union).exists()
    assert _opt_out_activities(african_union) == []


def test_a_post_without_the_csrf_token_is_refused(african_union, au_coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(au_coordinator)
    assert client.post(PAGE + "decline/").status_code == 403
    assert not SuggestionOptOut.objects.filter(regional_organization=african_union).exists()


def test_a_body_that_declined_is_suggested_to_no_country_and_no_body(
    db, kenya, african_union, asean, au_coordinator
):
    tanzania = Country.objects.get(iso3="TZA")
    # A shared language gives each pair a positive score, so each is suggested at first.
    for owner in ({"regional_organization": african_union}, {"regional_organization": asean}):
        DocumentFactory(plan=ActionPlanFactory(country=None, **owner), language="sw")
    for country in (kenya, tanzania):
        DocumentFactory(plan=ActionPlanFactory(country=country), language="sw")

    def suggested_to(party):
        return {matching.key(s.partner) for s in matching.suggest_partners(party, limit=300)}

    au = matching.key(african_union)
    assert au in suggested_to(tanzania) and au in suggested_to(asean)
    services.body_suggestions_decline(actor=au_coordinator, regional_organization=african_union)
    assert au not in suggested_to(tanzania)
    assert au not in suggested_to(asean)
    # Declining stops it being suggested, not it getting suggestions.
    assert matching.key(kenya) in suggested_to(african_union)
    services.body_suggestions_allow(actor=au_coordinator, regional_organization=african_union)
    assert au in suggested_to(tanzania)


def test_an_opt_out_holds_exactly_one_party_each_once(db, kenya, african_union):
    SuggestionOptOutFactory(country=kenya)
    SuggestionOptOutFactory(country=None, regional_organization=african_union)
    for fields in (
        {"country": None, "regional_organization": None},
        {"country": Country.objects.get(iso3="TZA"), "regional_organization": african_union},
        {"country": kenya},
        {"country": None, "regional_organization": african_union},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            SuggestionOptOut.objects.create(**fields)
