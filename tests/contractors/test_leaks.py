"""Nothing that must stay private leaks on any channel: a pseudonymous challenger's
organization and person, unpublished challenges, unpublished incidents' summaries, and
synthetic records. Incidents have no field about a survivor at all."""

import pytest
from django.urls import reverse

from naptrack.contractors import services
from naptrack.contractors.models import Incident
from naptrack.contractors.schemas import ContractOut, PublishedIncidentOut
from naptrack.contractors.selectors import EXPORT_FIELDS
from naptrack.registry.choices import Origin
from tests.api.conftest import ApiClient, client_for
from tests.contractors.conftest import PSEUDONYM, SECRET_NAME, SECRET_ORG
from tests.factories.accounts import AgencyFactory
from tests.factories.contractors import ContractFactory, ContractorFactory

pytestmark = pytest.mark.django_db

UNPUBLISHED_CHALLENGE = "Unpublished-challenge-words"
UNPUBLISHED_INCIDENT = "Unpublished incident summary words"
PUBLISHED_INCIDENT = "Guard dismissed after an inquiry"
SYNTHETIC = "Synthetic Demo Guards (synthetic)"
SYNTHETIC_BODY = "Ministry only in synthetic contracts"


@pytest.fixture
def leak_world(contract, item, kenya_coordinator, contract_cso_member, contract_cso, moderator):
    answer = services.checklist_answer_save(
        actor=kenya_coordinator, contract=contract, item=item, answer="yes"
    )
    published = services.challenge_submit(
        actor=contract_cso_member,
        answer=answer,
        author=contract_cso,
        claimed_answer="no",
        text="Published challenge words.",
        publication_mode="pseudonymous",
        pseudonym=PSEUDONYM,
        evidence_url="https://example.org/testimony",
        evidence_description="Testimony",
    )
    services.challenge_publish(actor=moderator, challenge=published)
    services.challenge_submit(
        actor=contract_cso_member,
        answer=answer,
        author=contract_cso,
        claimed_answer="no",
        text=UNPUBLISHED_CHALLENGE,
        evidence_url="https://example.org/unpublished",
    )
    services.incident_record(
        actor=kenya_coordinator,
        contract=contract,
        year=2025,
        incident_type="sexual_harassment",
        summary=UNPUBLISHED_INCIDENT,
    )
    shown = services.incident_record(
        actor=kenya_coordinator,
        contract=contract,
        year=2024,
        incident_type="other_gbv",
        summary=PUBLISHED_INCIDENT,
    )
    services.incident_publish(actor=kenya_coordinator, incident=shown, reviewed=True)
    synthetic = ContractorFactory(name=SYNTHETIC, origin=Origin.SYNTHETIC)
    ContractFactory(
        contractor=synthetic,
        title=SYNTHETIC,
        origin=Origin.SYNTHETIC,
        authority_body=AgencyFactory(name=SYNTHETIC_BODY),
    )
    return {"contract": contract, "cso_member": contract_cso_member}


def _channels(client, api: ApiClient, contract) -> dict[str, str]:
    return {
        "register": client.get(reverse("contractors:register")).content.decode(),
        "contract": client.get(contract.get_absolute_url()).content.decode(),
        "contractor": client.get(contract.contractor.get_absolute_url()).content.decode(),
        "csv": client.get(reverse("contractors:export_csv")).content.decode(),
        "json": client.get(reverse("contractors:export_json")).content.decode(),
        "api contracts": api.get("contracts").content.decode(),
        "api contract": api.get(f"contracts/{contract.pk}").content.decode(),
        "api contractors": api.get("contractors").content.decode(),
    }


VIEWERS = ["anonymous", "kenya_coordinator", "analyst", "other_cso_member", "uganda_coordinator"]


@pytest.mark.parametrize("who", VIEWERS)
def test_challenger_and_unpublished_things_never_shown(request, client, leak_world, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    if user is not None:
        client.force_login(user)
    api = client_for(user) if user else ApiClient()
    secrets = [
        SECRET_ORG,
        SECRET_NAME,
        leak_world["cso_member"].email,
        UNPUBLISHED_CHALLENGE,
        SYNTHETIC,
        SYNTHETIC_BODY,
    ]
    if who != "kenya_coordinator":  # the authority sees the summaries it wrote
        secrets.append(UNPUBLISHED_INCIDENT)
    for channel, body in _channels(client, api, leak_world["contract"]).items():
        for secret in secrets:
            assert secret not in body, (channel, secret)
    contract_page = _channels(client, api, leak_world["contract"])["contract"]
    assert PSEUDONYM in contract_page and PUBLISHED_INCIDENT in contract_page


def test_public_sees_incident_counts_not_unpublished_summaries(client, leak_world):
    api = ApiClient().get(f"contracts/{leak_world['contract'].pk}").json()
    counts = {(r["year"], r["incident_type"]): r["count"] for r in api["incident_counts"]}
    assert counts == {(2025, "sexual_harassment"): 1, (2024, "other_gbv"): 1}
    assert [i["summary"] for i in api["published_incidents"]] == [PUBLISHED_INCIDENT]
    html = client.get(leak_world["contract"].get_absolute_url()).content.decode()
    assert "Sexual harassment" in html and UNPUBLISHED_INCIDENT not in html


def test_moderators_history_is_the_only_place_naming_the_challenger(client, leak_world, moderator):
    client.force_login(moderator)
    # Moderators see the queue (with the unpublished one's organization) but not on the
    # public contract page, where they read like everyone else.
    assert SECRET_ORG in client.get(reverse("contractors:moderation")).content.decode()
    assert SECRET_ORG not in client.get(leak_world["contract"].get_absolute_url()).content.decode()


SURVIVOR_WORDS = ("survivor", "victim", "name", "age", "gender", "location", "village", "phone")


def test_incident_has_no_field_about_a_person():
    fields = {f.name for f in Incident._meta.get_fields()}
    assert fields == {
        "id",
        "contract",
        "year",
        "incident_type",
        "summary",
        "published_at",
        "recorded_by",
        "created_at",
    }
    public_fields = set(PublishedIncidentOut.model_fields) | set(EXPORT_FIELDS)
    public_fields |= set(ContractOut.model_fields)
    for field in public_fields:
        assert not any(word in field.split("_") for word in SURVIVOR_WORDS), field
