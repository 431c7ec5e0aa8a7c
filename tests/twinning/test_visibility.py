"""An unagreed partnership is seen by its sides' coordinators only: not by the public, a
third country, civil society, moderators or platform admins; on pages and in the API."""

import pytest

from tests.api.conftest import ApiClient, client_for
from tests.twinning.conftest import SECRET_TITLE

OUTSIDERS = ["tanzania_coordinator", "member", "moderator", "platform_admin"]


def _page_client(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", [None, *OUTSIDERS])
def test_outsiders_do_not_see_a_proposal_on_pages(request, client, who, proposal):
    client = _page_client(client, request.getfixturevalue(who) if who else None)
    assert client.get(f"/twinning/{proposal.pk}/").status_code == 404
    assert client.get(f"/twinning/{2_000_000_000}/").status_code == 404
    assert SECRET_TITLE not in client.get("/twinning/").content.decode()


@pytest.mark.parametrize("who", [None, *OUTSIDERS])
def test_outsiders_do_not_see_a_proposal_in_the_api(request, who, proposal):
    api = client_for(request.getfixturevalue(who)) if who else ApiClient()
    hidden = api.get(f"partnerships/{proposal.pk}")
    missing = api.get("partnerships/2000000000")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())
    assert hidden.status_code == 404
    titles = [p["title"] for p in api.get("partnerships").json()["items"]]
    assert SECRET_TITLE not in titles


@pytest.mark.parametrize("who", ["kenya_coordinator", "uganda_coordinator"])
def test_both_sides_see_the_proposal(request, client, who, proposal):
    client = _page_client(client, request.getfixturevalue(who))
    page = client.get(f"/twinning/{proposal.pk}/")
    assert page.status_code == 200
    assert SECRET_TITLE in page.content.decode()


def test_a_declined_proposal_stays_hidden(client, proposal, uganda_coordinator):
    from naptrack.twinning import services

    services.partnership_decline(actor=uganda_coordinator, partnership=proposal)
    assert client.get(f"/twinning/{proposal.pk}/").status_code == 404


def test_once_agreed_everyone_sees_it_on_pages_and_api(client, agreed):
    page = client.get("/twinning/")
    assert SECRET_TITLE in page.content.decode()
    assert client.get(f"/twinning/{agreed.pk}/").status_code == 200
    body = ApiClient().get(f"partnerships/{agreed.pk}").json()
    assert body["status"] == "agreed"
    assert {p["country"] for p in body["partners"]} == {"KEN", "UGA"}


def test_a_third_country_cannot_act_on_an_agreed_partnership(client, agreed, tanzania_coordinator):
    client.force_login(tanzania_coordinator)
    response = client.post(
        f"/twinning/{agreed.pk}/exchanges/",
        {"kind": "visit", "title": "Not theirs", "happened_on": "2026-02-01"},
    )
    assert response.status_code == 403
    assert not agreed.exchanges.exists()
    assert client.get(f"/twinning/{agreed.pk}/history/").status_code == 403


def test_a_partner_edits_through_the_api_and_an_outsider_cannot(
    agreed, kenya_coordinator, tanzania_coordinator
):
    from naptrack.core.models import Activity

    changed = client_for(kenya_coordinator).patch(
        f"partnerships/{agreed.pk}", {"aims": "Shared indicators", "period_start": 2026}
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["aims"] == "Shared indicators"
    assert changed.json()["period_start"] == 2026
    row = Activity.objects.get(verb="partnership.updated", target_id=str(agreed.pk))
    assert row.channel == "api" and set(row.changes) == {"aims", "period_start"}
    refused = client_for(tanzania_coordinator).patch(f"partnerships/{agreed.pk}", {"aims": "x"})
    assert refused.status_code == 403


def test_the_api_agrees_and_logs_an_exchange(proposal, uganda_coordinator, kenya_coordinator):
    agreed = client_for(uganda_coordinator).post(f"partnerships/{proposal.pk}/agree")
    assert agreed.json()["status"] == "agreed"
    logged = client_for(kenya_coordinator).post(
        f"partnerships/{proposal.pk}/exchanges",
        {"kind": "visit", "title": "Study visit to Nairobi", "happened_on": "2026-03-02"},
    )
    assert logged.status_code == 201
    public = ApiClient().get(f"partnerships/{proposal.pk}").json()
    assert [e["title"] for e in public["exchanges"]] == ["Study visit to Nairobi"]
