import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.core.models import Activity
from naptrack.twinning import services
from naptrack.twinning.models import Partnership
from tests.twinning.conftest import propose


def test_propose_agrees_for_the_proposers_side_only(proposal, kenya, uganda):
    sides = {p.country.iso3: p.agreed_at is not None for p in proposal.partners.all()}
    assert sides == {"KEN": True, "UGA": False}
    assert proposal.status == "proposed"
    assert Activity.objects.filter(verb="partnership.proposed", target_id=str(proposal.pk)).exists()


def test_propose_for_a_country_one_does_not_coordinate_is_refused(
    tanzania_coordinator, kenya, uganda
):
    with pytest.raises(PermissionDenied):
        propose(tanzania_coordinator, [kenya, uganda])
    assert not Partnership.objects.filter(title__startswith="Quetzal").exists()


@pytest.mark.parametrize("who", ["member", "moderator", "platform_admin"])
def test_non_coordinators_cannot_propose(request, who, kenya, uganda):
    with pytest.raises(PermissionDenied):
        propose(request.getfixturevalue(who), [kenya, uganda])


def test_a_partnership_needs_two_partners(kenya_coordinator, kenya):
    with pytest.raises(ValidationError) as error:
        propose(kenya_coordinator, [kenya])
    assert "partners" in error.value.message_dict


def test_the_last_agreement_makes_it_public(proposal, uganda_coordinator):
    agreed = services.partnership_agree(actor=uganda_coordinator, partnership=proposal)
    assert agreed.status == "agreed"
    row = Activity.objects.get(verb="partnership.agreed", target_id=str(proposal.pk))
    assert row.changes["status"] == {"before": "proposed", "after": "agreed"}
    assert row.actor == uganda_coordinator


def test_a_third_country_cannot_agree_or_decline(proposal, tanzania_coordinator):
    for service in (services.partnership_agree, services.partnership_decline):
        with pytest.raises(PermissionDenied):
            service(actor=tanzania_coordinator, partnership=proposal)
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_the_proposer_cannot_agree_twice(proposal, kenya_coordinator):
    with pytest.raises(ValidationError):
        services.partnership_agree(actor=kenya_coordinator, partnership=proposal)


def test_decline_ends_the_proposal(proposal, uganda_coordinator):
    declined = services.partnership_decline(actor=uganda_coordinator, partnership=proposal)
    assert declined.status == "declined"
    with pytest.raises(ValidationError):
        services.partnership_agree(actor=uganda_coordinator, partnership=proposal)


def test_status_moves_forward_only(agreed, kenya_coordinator):
    services.partnership_set_status(actor=kenya_coordinator, partnership=agreed, status="active")
    services.partnership_set_status(actor=kenya_coordinator, partnership=agreed, status="ended")
    with pytest.raises(ValidationError):
        services.partnership_set_status(
            actor=kenya_coordinator, partnership=agreed, status="active"
        )
    verbs = Activity.objects.filter(target_id=str(agreed.pk), verb__startswith="partnership.")
    assert {"partnership.active", "partnership.ended"} <= set(verbs.values_list("verb", flat=True))


def test_exchanges_need_an_agreed_partnership(proposal, kenya_coordinator):
    with pytest.raises(ValidationError):
        services.exchange_record(
            actor=kenya_coordinator,
            partnership=proposal,
            kind="visit",
            title="Too early",
            happened_on=datetime.date(2026, 1, 5),
        )


def test_exchange_is_recorded_with_an_audit_row(agreed, uganda_coordinator, tanzania_coordinator):
    exchange = services.exchange_record(
        actor=uganda_coordinator,
        partnership=agreed,
        kind="workshop",
        title="Indicator workshop in Kampala",
        happened_on=datetime.date(2026, 2, 10),
        outcomes="Uganda adopts two of Kenya's indicators.",
    )
    assert exchange.partnership_id == agreed.pk
    assert Activity.objects.filter(
        verb="partnership.exchange_recorded", target_id=str(agreed.pk)
    ).exists()
    with pytest.raises(PermissionDenied):
        services.exchange_record(
            actor=tanzania_coordinator,
            partnership=agreed,
            kind="visit",
            title="Not theirs",
            happened_on=datetime.date(2026, 2, 11),
        )


def test_update_records_the_changes(agreed, kenya_coordinator, tanzania_coordinator):
    services.partnership_update(actor=kenya_coordinator, partnership=agreed, aims="New aims")
    row = Activity.objects.get(verb="partnership.updated", target_id=str(agreed.pk))
    assert row.changes["aims"]["after"] == "New aims"
    with pytest.raises(PermissionDenied):
        services.partnership_update(actor=tanzania_coordinator, partnership=agreed, aims="x")


def test_a_period_ending_before_it_starts_is_refused(kenya_coordinator, kenya, uganda):
    with pytest.raises(ValidationError):
        propose(kenya_coordinator, [kenya, uganda], period_start=2026, period_end=2024)
