"""A draft plan never reaches a chart, table, CSV, JSON or open-data file outside its scope."""

import json
import re

import pytest
from django.urls import reverse

from naptrack.analysis.charts import FIGURES
from naptrack.registry.choices import Publication
from naptrack.registry.models import Country
from tests.factories import people
from tests.factories.accounts import (
    CoordinatorFactory,
    TotpAuthenticatorFactory,
    UserFactory,
)
from tests.factories.people import signed_in
from tests.factories.registry import ActionPlanFactory, CitationFactory, CountryFactory

pytestmark = pytest.mark.django_db
DRAFT_TITLE = "Secret draft plan on women, peace and security"


def login(client, role: str):
    """Sign in as one of the roles that must not see a Kenyan or made-up country's draft."""
    makers = {
        "anonymous": lambda: None,
        "analyst": people.analyst,
        "cso_member": people.cso_member,
        "other_coordinator": lambda: people.coordinator_of("UGA"),
    }
    signed_in(client, makers[role]())


def channels(client) -> dict[str, str]:
    """Everything the analysis app serves, as text, for both country sets."""
    seen = {}
    for country_set in ("all", "un"):
        page = client.get(reverse("analysis:overview"), {"set": country_set})
        assert page.status_code == 200
        # The sign-out form's CSRF token is masked afresh on every page.
        seen[f"overview-{country_set}"] = re.sub(
            r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode()
        )
        for slug in FIGURES:
            csv = client.get(reverse("analysis:chart_csv", args=[slug]), {"set": country_set})
            seen[f"{slug}-{country_set}"] = csv.content.decode()
    for name in ("plans_csv", "plans_json", "countries_csv"):
        response = client.get(reverse(f"analysis:{name}"))
        seen[name] = b"".join(response.streaming_content).decode()
    return seen


def make_draft(country: Country):
    draft = ActionPlanFactory(country=country, publication=Publication.DRAFT, title=DRAFT_TITLE)
    CitationFactory(plan=draft, url="https://example.org/secret-draft-source")
    return draft


@pytest.mark.parametrize("role", ["anonymous", "analyst", "cso_member", "other_coordinator"])
@pytest.mark.parametrize("owner", ["KEN", "made-up"])
def test_draft_never_changes_any_analysis_channel(client, role, owner):
    country = Country.objects.get(iso3="KEN") if owner == "KEN" else CountryFactory(un_member=True)
    login(client, role)
    before = channels(client)
    draft = make_draft(country)
    after = channels(client)
    assert after == before  # every count, table, CSV and export is unchanged
    for text in after.values():
        assert DRAFT_TITLE not in text
        assert "secret-draft-source" not in text
    ids = [plan["id"] for plan in json.loads(after["plans_json"])["plans"]]
    assert draft.pk not in ids


def test_coordinator_export_includes_own_draft(client, kenya_coordinator):
    client.force_login(kenya_coordinator)
    draft = make_draft(Country.objects.get(iso3="KEN"))
    exported = b"".join(client.get(reverse("analysis:plans_csv"), {"q": "Kenya"}).streaming_content)
    assert DRAFT_TITLE.encode() in exported and b",draft," in exported
    plans = json.loads(
        b"".join(client.get(reverse("analysis:plans_json"), {"q": "Kenya"}).streaming_content)
    )["plans"]
    mine = next(plan for plan in plans if plan["id"] == draft.pk)
    assert mine["publication"] == "draft"
    assert mine["sources"] == ["https://example.org/secret-draft-source"]


def test_coordinator_counts_include_own_draft_only(client):
    land = CountryFactory(name="Draftland", un_member=True)
    user = CoordinatorFactory(country=land).user
    TotpAuthenticatorFactory(user=user)
    make_draft(land)
    anonymous = client.get("/analysis/country-status.csv").content.decode()
    assert "Draftland,QAA,none,No plan known" in anonymous.replace(land.iso3, "QAA")
    client.force_login(user)
    own = client.get("/analysis/country-status.csv").content.decode()
    assert f"Draftland,{land.iso3},none,Has a plan in force" in own
    other = UserFactory()
    client.force_login(other)
    assert "Draftland" in client.get("/analysis/country-status.csv").content.decode()
    assert "Has a plan in force" not in [
        line.split(",")[-1]
        for line in client.get("/analysis/country-status.csv").content.decode().splitlines()
        if line.startswith("Draftland,")
    ]
