"""The sides of a partnership hear of it through the notifications app: proposed, agreed,
declined. Nobody outside its sides is told, and a proposal stays invisible to the public
and to everyone else (docs/twinning.md, docs/notifications.md)."""

import pytest
from django.core import mail

from naptrack.accounts.choices import Role
from naptrack.core.models import Activity
from naptrack.notifications.models import Notification
from naptrack.twinning import services
from tests.accounts.people import person
from tests.factories import FollowFactory
from tests.twinning.conftest import SECRET_TITLE, propose


@pytest.fixture
def kenya_colleague(kenya):
    return person(Role.COORDINATOR, totp=True, country=kenya)


@pytest.fixture
def bystanders(kenya, tanzania_coordinator, moderator, platform_admin, member):
    """A third country's coordinator, a moderator, a platform admin, a person without a
    role, and a follower of Kenya: a partnership is none of their business."""
    follower = person()
    FollowFactory(user=follower, country=kenya)
    return [tanzania_coordinator, moderator, platform_admin, member, follower]


def told(verb: str) -> set:
    activity = Activity.objects.filter(verb=verb).order_by("-id").first()
    assert activity is not None, f"no {verb} event"
    return set(Notification.objects.filter(activity=activity).values_list("recipient", flat=True))


def test_a_proposal_tells_the_other_side_and_the_proposers_colleagues_only(
    committed, kenya, uganda, kenya_coordinator, kenya_colleague, uganda_coordinator, bystanders
):
    with committed():
        proposal = propose(kenya_coordinator, [kenya, uganda])
    assert told("partnership.proposed") == {uganda_coordinator.pk, kenya_colleague.pk}
    assert not Notification.objects.filter(recipient__in=bystanders).exists()
    assert {m.to[0] for m in mail.outbox} == {uganda_coordinator.email, kenya_colleague.email}
    (note,) = Notification.objects.filter(recipient=uganda_coordinator)
    assert note.url == proposal.get_absolute_url()


def test_the_proposal_stays_invisible_to_the_public_and_bystanders(
    client, committed, kenya, uganda, kenya_coordinator, uganda_coordinator, bystanders
):
    with committed():
        proposal = propose(kenya_coordinator, [kenya, uganda])
    assert client.get(proposal.get_absolute_url()).status_code == 404
    for bystander in bystanders:
        client.force_login(bystander)
        assert client.get(proposal.get_absolute_url()).status_code == 404
        assert SECRET_TITLE not in client.get("/me/notifications/").content.decode()
    client.force_login(uganda_coordinator)
    assert SECRET_TITLE in client.get("/me/notifications/").content.decode()
    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_agreement_and_decline_tell_every_side(
    committed, kenya, uganda, tanzania, kenya_coordinator, uganda_coordinator,
    tanzania_coordinator, bystanders,
):  # fmt: skip
    with committed():
        agreed = services.partnership_agree(
            actor=uganda_coordinator, partnership=propose(kenya_coordinator, [kenya, uganda])
        )
    assert agreed.status == "agreed"
    assert told("partnership.agreed") == {kenya_coordinator.pk}
    with committed():
        proposal = propose(kenya_coordinator, [kenya, tanzania], title="Ibis proposal")
        services.partnership_decline(actor=tanzania_coordinator, partnership=proposal)
    assert told("partnership.declined") == {kenya_coordinator.pk}
    outsiders = [b for b in bystanders if b != tanzania_coordinator]
    assert not Notification.objects.filter(recipient__in=outsiders).exists()


def test_a_regional_bodys_coordinators_hear_of_a_proposal(
    committed, kenya, african_union, kenya_coordinator, au_coordinator, bystanders
):
    with committed():
        services.partnership_propose(
            actor=kenya_coordinator,
            title="Heron exchange",
            aims="Learn from the AU's continental framework.",
            countries=[kenya],
            regional_organizations=[african_union],
        )
    assert told("partnership.proposed") == {au_coordinator.pk}


def test_a_rolled_back_proposal_tells_nobody(
    committed, kenya, uganda, kenya_coordinator, uganda_coordinator
):
    from django.db import transaction

    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        propose(kenya_coordinator, [kenya, uganda])
        raise RuntimeError
    assert not Notification.objects.exists()
    assert mail.outbox == []
