"""Co-author consent: naming an organization invites it; only its own members accept or
decline; only an accepted invitation names it and lets its members edit and publish.
Removing it withdraws the invitation, publication lapses unanswered ones, and every
step is audited without naming anyone."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from naptrack.accounts.choices import OrganizationKind
from naptrack.core.models import Activity
from naptrack.core.selectors import activities_for
from naptrack.notifications.models import EmailDelivery
from naptrack.shadow_reports import services
from naptrack.shadow_reports.models import CoAuthorInvitation, ShadowReport
from tests.api.conftest import ApiClient, client_for
from tests.factories import people
from tests.factories.accounts import OrganizationFactory
from tests.factories.people import signed_in
from tests.factories.shadow_reports import CoAuthorInvitationFactory, ShadowReportFactory
from tests.shadow_reports.conftest import SECRET_CO_AUTHOR, accept_invitation, publish, write_report


@pytest.fixture
def invited_draft(
    shadow_cso_member,
    shadow_cso,
    co_author,
    co_author_member,
    shadow_plan,
    shadow_cycle,
    shadow_structure,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        return write_report(
            shadow_cso_member,
            shadow_plan,
            shadow_cso,
            cycle=shadow_cycle,
            co_authors=[co_author],
            title="Draft awaiting consent",
            assessments={shadow_structure["1.1"]: ("no", "delayed")},
        )


@pytest.fixture
def invitation(invited_draft):
    return invited_draft.invitations.get()


def _invitation_verbs(report):
    return [
        a.verb
        for a in activities_for(report).order_by("created_at", "id")
        if a.verb.startswith("shadow.invitation.")
    ]


def _edit_body(report, **fields):
    body = {
        "title": report.title,
        "cycle": report.cycle_id,
        "publication_mode": report.publication_mode,
        "pseudonym": report.pseudonym,
        "findings": report.findings,
    }
    return {**body, **fields}


# ---- Inviting ---------------------------------------------------------------------------


def test_naming_a_co_author_invites_it_and_names_nobody_yet(
    invited_draft, co_author, shadow_cso_member
):
    invitation = invited_draft.invitations.get()
    assert invitation.organization == co_author and invitation.state == "pending"
    assert invitation.invited_by == shadow_cso_member and invitation.responded_at is None
    assert list(invited_draft.co_authors.all()) == []
    assert invited_draft.author_names == [invited_draft.author.name]
    assert _invitation_verbs(invited_draft) == ["shadow.invitation.invited"]


def test_invited_members_are_emailed_a_link_to_their_invitations(
    invited_draft, co_author_member, shadow_cso_member
):
    """Sent by the notifications app, which follows the invitation's audit row."""
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [co_author_member.email]
    assert "Draft awaiting consent" in message.body
    assert "/shadow-reports/invitations/" in message.body
    assert shadow_cso_member.email not in message.to


@pytest.mark.parametrize("answer", ["accepted", "declined"])
def test_the_authors_learn_of_the_answer_by_email(
    invitation,
    co_author,
    co_author_member,
    shadow_cso_member,
    answer,
    django_capture_on_commit_callbacks,
):
    respond = {"accepted": services.invitation_accept, "declined": services.invitation_decline}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        respond[answer](actor=co_author_member, invitation=invitation)
    [message] = mail.outbox
    assert message.to == [shadow_cso_member.email]  # the authors, not the organization answering
    assert f"Co-author invitation {answer}" in message.subject
    assert invitation.report.get_absolute_url() in message.body


def test_no_email_when_the_invitation_is_rolled_back(
    shadow_cso_member,
    shadow_cso,
    co_author,
    co_author_member,
    shadow_plan,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError), transaction.atomic():
            write_report(
                shadow_cso_member, shadow_plan, shadow_cso, co_authors=[co_author], title=""
            )
    assert mail.outbox == [] and not CoAuthorInvitation.objects.exists()


def test_one_open_invitation_per_report_and_organization_in_the_database(invitation):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoAuthorInvitationFactory(report=invitation.report, organization=invitation.organization)
    invitation.state = "withdrawn"
    invitation.save()
    again = CoAuthorInvitationFactory(
        report=invitation.report, organization=invitation.organization
    )
    assert again.state == "pending"


def test_database_refuses_an_answer_without_a_date_and_an_unknown_state(invitation):
    invitation.state = "accepted"
    with pytest.raises(IntegrityError), transaction.atomic():
        invitation.save()
    invitation.state = "maybe"
    with pytest.raises(IntegrityError), transaction.atomic():
        invitation.save()


def test_pseudonym_must_not_contain_an_invited_organizations_name(
    shadow_cso_member, shadow_cso, co_author, shadow_plan, invited_draft
):
    with pytest.raises(ValidationError, match="must not contain an author's name"):
        write_report(
            shadow_cso_member,
            shadow_plan,
            shadow_cso,
            co_authors=[co_author],
            publication_mode="pseudonymous",
            pseudonym="Lakeside Widows",
        )
    with pytest.raises(ValidationError, match="must not contain an author's name"):
        services.shadow_report_update(
            actor=shadow_cso_member,
            report=invited_draft,
            title=invited_draft.title,
            findings=invited_draft.findings,
            recommendations="",
            cycle=invited_draft.cycle,
            publication_mode="pseudonymous",
            pseudonym="The Lakeside Widows Collective voices",
        )


# ---- Reading and answering ---------------------------------------------------------------


def test_invited_member_reads_the_draft_but_cannot_change_it(
    client, invited_draft, co_author_member
):
    client = signed_in(client, co_author_member)
    html = client.get(invited_draft.get_absolute_url()).content.decode()
    assert "Draft awaiting consent" in html
    assert f"{SECRET_CO_AUTHOR} is invited to co-author this report" in html
    assert (
        reverse("shadow_reports:invitation_accept", args=[invited_draft.invitations.get().pk])
        in html
    )
    assert reverse("shadow_reports:edit", args=[invited_draft.pk]) not in html
    assert client.get(reverse("shadow_reports:edit", args=[invited_draft.pk])).status_code == 403
    response = client.post(reverse("shadow_reports:submit", args=[invited_draft.pk]))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.shadow_report_submit(actor=co_author_member, report=invited_draft)


def test_accepting_names_the_organization_and_grants_authoring(
    client, invited_draft, invitation, co_author, co_author_member
):
    client = signed_in(client, co_author_member)
    response = client.post(reverse("shadow_reports:invitation_accept", args=[invitation.pk]))
    assert response.status_code == 302 and response["Location"] == invited_draft.get_absolute_url()
    invitation.refresh_from_db()
    assert invitation.state == "accepted" and invitation.responded_by == co_author_member
    assert invitation.responded_at is not None
    assert list(invited_draft.co_authors.all()) == [co_author]
    assert co_author.name in invited_draft.author_names
    assert client.get(reverse("shadow_reports:edit", args=[invited_draft.pk])).status_code == 200
    assert _invitation_verbs(invited_draft) == [
        "shadow.invitation.invited",
        "shadow.invitation.accepted",
    ]


def test_declining_keeps_the_organization_out_and_it_is_not_asked_again(
    client, invited_draft, invitation, co_author, co_author_member, shadow_cso_member
):
    client = signed_in(client, co_author_member)
    response = client.post(reverse("shadow_reports:invitation_decline", args=[invitation.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("shadow_reports:invitations")
    invitation.refresh_from_db()
    assert invitation.state == "declined" and list(invited_draft.co_authors.all()) == []
    assert client.get(invited_draft.get_absolute_url()).status_code == 404  # no longer invited
    with pytest.raises(ValidationError, match="Declined to co-author"):
        services.shadow_report_update(
            actor=shadow_cso_member,
            report=invited_draft,
            title=invited_draft.title,
            findings=invited_draft.findings,
            recommendations="",
            cycle=invited_draft.cycle,
            co_authors=[co_author],
            publication_mode="named",
        )
    assert _invitation_verbs(invited_draft)[-1] == "shadow.invitation.declined"


def test_an_answered_invitation_cannot_be_answered_again(
    invited_draft, invitation, co_author_member
):
    services.invitation_decline(actor=co_author_member, invitation=invitation)
    with pytest.raises(ValidationError, match="declined: it can no longer be answered"):
        services.invitation_accept(actor=co_author_member, invitation=invitation)
    assert list(invited_draft.co_authors.all()) == []


NOT_INVITED = ["author", "other_cso", "coordinator", "moderator", "anonymous"]


@pytest.fixture
def invitation_outsiders(shadow_cso_member, other_cso_member, kenya_coordinator, moderator):
    return {
        "author": shadow_cso_member,
        "other_cso": other_cso_member,
        "coordinator": kenya_coordinator,
        "moderator": moderator,
        "anonymous": None,
    }


@pytest.mark.parametrize("role", NOT_INVITED)
@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_nobody_answers_on_the_invited_organizations_behalf(
    client, invitation_outsiders, invited_draft, invitation, role, answer
):
    user = invitation_outsiders[role]
    url = reverse(f"shadow_reports:invitation_{answer}", args=[invitation.pk])
    response = signed_in(client, user).post(url)
    api = client_for(user) if user else ApiClient()
    api_response = api.post(f"shadow-reports/invitations/{invitation.pk}/{answer}")
    if user is None:
        assert "/accounts/login/" in response["Location"]
        assert api_response.status_code == 401
    else:  # the authors too: the same answer as for an id nobody uses
        missing = api.post(f"shadow-reports/invitations/{invitation.pk + 1000}/{answer}")
        assert response.status_code == 404
        assert (api_response.status_code, api_response.json()) == (
            missing.status_code,
            missing.json(),
        )
        assert missing.status_code == 404
    if user is not None:
        service = services.invitation_accept if answer == "accept" else services.invitation_decline
        with pytest.raises(PermissionDenied):
            service(actor=user, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.state == "pending" and list(invited_draft.co_authors.all()) == []


def test_a_moderator_who_is_not_a_member_cannot_read_the_invited_draft(
    client, invited_draft, moderator, kenya_coordinator
):
    for user in (moderator, kenya_coordinator):
        assert signed_in(client, user).get(invited_draft.get_absolute_url()).status_code == 404


# ---- Withdrawing, removing and lapsing --------------------------------------------------


def test_removing_a_pending_co_author_withdraws_its_invitation(
    client, invited_draft, invitation, shadow_cso_member, co_author_member
):
    client = signed_in(client, shadow_cso_member)
    response = client.post(
        reverse("shadow_reports:edit", args=[invited_draft.pk]), _edit_body(invited_draft)
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == "withdrawn"
    assert _invitation_verbs(invited_draft)[-1] == "shadow.invitation.withdrawn"
    member = signed_in(client, co_author_member)
    assert member.get(invited_draft.get_absolute_url()).status_code == 404
    with pytest.raises(ValidationError, match="withdrawn by the authors"):
        services.invitation_accept(actor=co_author_member, invitation=invitation)


def test_removing_an_accepted_co_author_ends_its_authorship(
    client, invited_draft, co_author, co_author_member, shadow_cso_member
):
    accept_invitation(co_author_member, invited_draft)
    client = signed_in(client, shadow_cso_member)
    client.post(reverse("shadow_reports:edit", args=[invited_draft.pk]), _edit_body(invited_draft))
    assert list(invited_draft.co_authors.all()) == []
    assert invited_draft.invitations.get().state == "withdrawn"
    member = signed_in(client, co_author_member)
    assert member.get(reverse("shadow_reports:edit", args=[invited_draft.pk])).status_code == 404


def test_keeping_co_authors_sends_no_new_invitation(
    client, invited_draft, co_author, shadow_cso_member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client = signed_in(client, shadow_cso_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("shadow_reports:edit", args=[invited_draft.pk]),
            _edit_body(invited_draft, co_authors=[co_author.pk], title="Renamed"),
        )
    assert invited_draft.invitations.get().state == "pending" and mail.outbox == []
    edit = client.get(reverse("shadow_reports:edit", args=[invited_draft.pk])).content.decode()
    assert f'value="{co_author.pk}" selected' in edit


def test_re_inviting_after_withdrawal_makes_a_new_invitation(
    invited_draft, invitation, co_author, shadow_cso_member
):
    fields = {
        "actor": shadow_cso_member,
        "report": invited_draft,
        "title": invited_draft.title,
        "findings": invited_draft.findings,
        "recommendations": "",
        "cycle": invited_draft.cycle,
        "publication_mode": "named",
    }
    services.shadow_report_update(**fields, co_authors=[])
    services.shadow_report_update(**fields, co_authors=[co_author])
    states = list(invited_draft.invitations.order_by("pk").values_list("state", flat=True))
    assert states == ["withdrawn", "pending"]


def test_publication_lapses_unanswered_invitations_after_warning(
    client, invited_draft, invitation, shadow_cso_member, co_author_member, kenya
):
    second = OrganizationFactory(name="Second Partner (test)", kind=OrganizationKind.CSO)
    second_member = people.cso_member(second)
    services.shadow_report_update(
        actor=shadow_cso_member,
        report=invited_draft,
        title=invited_draft.title,
        findings=invited_draft.findings,
        recommendations="",
        cycle=invited_draft.cycle,
        co_authors=[invitation.organization, second],
        publication_mode="named",
    )
    accept_invitation(second_member, invited_draft)
    services.shadow_report_submit(actor=shadow_cso_member, report=invited_draft)
    client = signed_in(client, shadow_cso_member)
    html = client.get(invited_draft.get_absolute_url()).content.decode()
    assert f"{SECRET_CO_AUTHOR} has not answered the invitation to co-author" in html
    assert "Invited, not answered yet" in html and "Accepted" in html
    response = client.post(reverse("shadow_reports:publish", args=[invited_draft.pk]), follow=True)
    page = response.content.decode()
    assert "1 invitation to co-author was not answered: it lapsed" in page
    invitation.refresh_from_db()
    assert invitation.state == "lapsed"
    assert [org.name for org in invited_draft.co_authors.all()] == ["Second Partner (test)"]
    public = signed_in(client, None)
    client.logout()
    byline = public.get(invited_draft.get_absolute_url()).content.decode()
    assert "Second Partner (test)" in byline and SECRET_CO_AUTHOR not in byline
    assert _invitation_verbs(invited_draft)[-1] == "shadow.invitation.lapsed"
    with pytest.raises(ValidationError, match="lapsed"):
        services.invitation_accept(actor=co_author_member, invitation=invitation)


def test_publishing_with_every_invitation_answered_shows_no_warning(
    client, invited_draft, shadow_cso_member, co_author_member
):
    accept_invitation(co_author_member, invited_draft)
    services.shadow_report_submit(actor=shadow_cso_member, report=invited_draft)
    html = (
        signed_in(client, shadow_cso_member).get(invited_draft.get_absolute_url()).content.decode()
    )
    assert "has not answered the invitation" not in html
    publish_response = client.post(
        reverse("shadow_reports:publish", args=[invited_draft.pk]), follow=True
    )
    assert "lapsed" not in publish_response.content.decode()


def test_invitation_audit_rows_never_name_the_organizations(
    invited_draft, invitation, co_author_member
):
    services.invitation_decline(actor=co_author_member, invitation=invitation)
    rows = Activity.objects.filter(verb__startswith="shadow.invitation.")
    assert rows.count() == 2
    for row in rows:
        text = row.target_label + str(row.changes)
        assert SECRET_CO_AUTHOR not in text and str(invitation.organization_id) not in str(
            row.changes
        )


# ---- Pages --------------------------------------------------------------------------------


def test_invitations_page_lists_pending_invitations_with_answer_forms(
    client, invited_draft, invitation, co_author_member
):
    client = signed_in(client, co_author_member)
    html = client.get(reverse("shadow_reports:invitations")).content.decode()
    assert "Draft awaiting consent" in html and "1 invitation awaiting an answer" in html
    assert reverse("shadow_reports:invitation_accept", args=[invitation.pk]) in html
    assert reverse("shadow_reports:invitation_decline", args=[invitation.pk]) in html
    assert "csrfmiddlewaretoken" in html
    assert (
        client.get(reverse("shadow_reports:invitation_accept", args=[invitation.pk])).status_code
        == 405
    )


def test_invitations_page_shows_nothing_to_others(
    client, invited_draft, other_cso_member, shadow_cso_member
):
    for user in (other_cso_member, shadow_cso_member):
        html = signed_in(client, user).get(reverse("shadow_reports:invitations")).content.decode()
        assert "Draft awaiting consent" not in html and "No invitation awaits" in html


def test_my_work_dashboard_links_the_invitations(
    client, invited_draft, co_author_member, shadow_cso_member
):
    html = signed_in(client, co_author_member).get(reverse("accounts:dashboard")).content.decode()
    assert "1 invitation to co-author a shadow report awaits your answer" in html
    assert reverse("shadow_reports:invitations") in html
    html = signed_in(client, shadow_cso_member).get(reverse("accounts:dashboard")).content.decode()
    assert "awaits your answer" not in html
    assert reverse("shadow_reports:invitations") in html  # in the account navigation


def test_htmx_answer_swaps_the_row_in_place(client, invited_draft, invitation, co_author_member):
    client = signed_in(client, co_author_member)
    response = client.post(
        reverse("shadow_reports:invitation_accept", args=[invitation.pk]),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith("<tr")
    assert f'id="invitation-{invitation.pk}"' in html and "You accepted" in html
    again = client.post(
        reverse("shadow_reports:invitation_accept", args=[invitation.pk]),
        headers={"HX-Request": "true"},
    )
    assert again.status_code == 400 and "can no longer be answered" in again.content.decode()


def test_author_page_shows_each_co_authors_invitation_state(
    client, invited_draft, shadow_cso_member, co_author_member
):
    html = (
        signed_in(client, shadow_cso_member).get(invited_draft.get_absolute_url()).content.decode()
    )
    assert f"{SECRET_CO_AUTHOR}: " in html and "Invited, not answered yet" in html
    accept_invitation(co_author_member, invited_draft)
    html = client.get(reverse("shadow_reports:edit", args=[invited_draft.pk])).content.decode()
    assert "invitation-accepted" in html


# ---- API ----------------------------------------------------------------------------------


def test_api_lists_and_answers_my_invitations(
    invited_draft, invitation, co_author_member, co_author
):
    api = client_for(co_author_member)
    listed = api.get("shadow-reports/invitations").json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["id"] == invitation.pk and item["state"] == "pending"
    assert item["organization_name"] == co_author.name and item["report_state"] == "draft"
    assert api.get(f"shadow-reports/{invited_draft.pk}").status_code == 200  # read-only, to decide
    assert (
        api.request("PUT", f"shadow-reports/{invited_draft.pk}", {"title": "x"}).status_code == 403
    )
    accepted = api.post(f"shadow-reports/invitations/{invitation.pk}/accept")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert api.get("shadow-reports/invitations").json()["count"] == 0
    assert api.get("shadow-reports/invitations", state="accepted").json()["count"] == 1
    assert api.get("shadow-reports/invitations", state="").json()["count"] == 1
    again = api.post(f"shadow-reports/invitations/{invitation.pk}/decline")
    assert (
        again.status_code == 422 and "can no longer be answered" in again.json()["error"]["message"]
    )
    assert api.get("shadow-reports/invitations", state="soon").status_code == 422


def test_api_invitation_list_is_empty_for_everyone_else(
    invited_draft, shadow_cso_member, kenya_coordinator
):
    assert ApiClient().get("shadow-reports/invitations").json()["count"] == 0
    for user in (shadow_cso_member, kenya_coordinator):
        assert client_for(user).get("shadow-reports/invitations").json()["count"] == 0


def test_api_create_with_co_authors_invites_them(
    shadow_coalition_member, shadow_coalition, co_author, shadow_plan, shadow_cycle
):
    response = client_for(shadow_coalition_member).post(
        f"plans/{shadow_plan.pk}/shadow-reports",
        {
            "author_id": shadow_coalition.pk,
            "title": "Coalition draft",
            "cycle_id": shadow_cycle.pk,
            "co_author_ids": [co_author.pk],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["authors"] == [shadow_coalition.name]
    assert CoAuthorInvitation.objects.get(report_id=body["id"]).organization == co_author


LEAK_MARKER = "Zebra-Quince-7731 confidential draft"


@pytest.mark.parametrize("end", ["withdrawn", "declined", "lapsed"])
def test_api_answered_invitation_shows_nothing_of_a_report_the_holder_cannot_read(
    client, invited_draft, invitation, shadow_cso_member, co_author_member, end
):
    """The probe's finding: a withdrawn invitation showed the draft's current title."""
    ShadowReport.objects.filter(pk=invited_draft.pk).update(
        title=LEAK_MARKER, publication_mode="pseudonymous", pseudonym="Marker Pseudonym 7731"
    )
    if end == "declined":
        services.invitation_decline(actor=co_author_member, invitation=invitation)
    else:
        CoAuthorInvitation.objects.filter(pk=invitation.pk).update(state=end)
    api = client_for(co_author_member)
    response = api.get("shadow-reports/invitations", state=end)
    item = response.json()["items"][0]
    assert item["id"] == invitation.pk and item["state"] == end
    assert LEAK_MARKER not in response.content.decode()
    assert "7731" not in response.content.decode()
    nulls = ["report_title", "report_state", "report_url", "publication_mode", "byline"]
    assert {name: item[name] for name in nulls} == dict.fromkeys(nulls)
    assert api.get(f"shadow-reports/{invited_draft.pk}").status_code == 404
    page = signed_in(client, co_author_member).get(reverse("shadow_reports:invitations"))
    assert LEAK_MARKER not in page.content.decode()


def test_api_answered_invitation_to_a_public_report_shows_what_the_public_sees(
    invited_draft, invitation, shadow_cso_member, co_author_member
):
    services.invitation_decline(actor=co_author_member, invitation=invitation)
    publish(shadow_cso_member, invited_draft)
    item = client_for(co_author_member).get("shadow-reports/invitations", state="").json()
    item = item["items"][0]
    assert item["state"] == "declined"
    assert (item["report_title"], item["report_state"]) == (invited_draft.title, "published")


def test_api_accepting_answers_with_the_report_the_holder_now_co_authors(
    invited_draft, invitation, co_author_member
):
    response = client_for(co_author_member).post(
        f"shadow-reports/invitations/{invitation.pk}/accept"
    )
    body = response.json()
    assert response.status_code == 200 and body["state"] == "accepted"
    assert (body["report_title"], body["report_state"]) == (invited_draft.title, "draft")


def test_api_declining_answers_without_the_draft_the_holder_may_no_longer_read(
    invited_draft, invitation, co_author_member
):
    response = client_for(co_author_member).post(
        f"shadow-reports/invitations/{invitation.pk}/decline"
    )
    body = response.json()
    assert response.status_code == 200 and body["state"] == "declined"
    assert body["report_title"] is None and invited_draft.title not in response.content.decode()


def test_api_unknown_invitation_is_404(co_author_member):
    response = client_for(co_author_member).post("shadow-reports/invitations/999999/accept")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


# ---- Existing data ----------------------------------------------------------------------


def test_migration_turns_named_co_authors_into_pending_invitations(db):
    migration = importlib.import_module(
        "naptrack.shadow_reports.migrations.0003_co_authors_to_invitations"
    )
    report = ShadowReportFactory()
    partner = OrganizationFactory(kind=OrganizationKind.CSO)
    report.co_authors.add(partner)
    migration.co_authors_to_invitations(django_apps, None)
    invitation = report.invitations.get()
    assert invitation.organization == partner and invitation.state == "pending"
    assert invitation.invited_by_id == report.created_by_id
    assert list(report.co_authors.all()) == []
    migration.invitations_to_co_authors(django_apps, None)
    assert list(report.co_authors.all()) == [partner]


def test_a_mail_failure_keeps_the_invitation_and_the_email(
    shadow_cso_member,
    shadow_cso,
    co_author,
    co_author_member,
    shadow_plan,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "tests.notifications.broken_mail.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        report = write_report(shadow_cso_member, shadow_plan, shadow_cso, co_authors=[co_author])
    assert report.invitations.get().state == "pending"
    [delivery] = EmailDelivery.objects.filter(recipient=co_author_member)
    assert delivery.state == "pending" and delivery.attempts == 1
    assert "no mail server" in delivery.last_error


def test_creating_on_the_page_says_who_was_invited(
    client, shadow_coalition_member, shadow_coalition, co_author, shadow_plan, shadow_cycle
):
    client = signed_in(client, shadow_coalition_member)
    body = {
        "author": shadow_coalition.pk,
        "co_authors": [co_author.pk],
        "title": "Coalition draft",
        "cycle": shadow_cycle.pk,
        "publication_mode": "named",
    }
    response = client.post(
        reverse("shadow_reports:create", args=[shadow_plan.pk]), body, follow=True
    )
    html = response.content.decode()
    assert f"Invited to co-author: {SECRET_CO_AUTHOR}." in html
    assert f"{SECRET_CO_AUTHOR}: " in html and "Invited, not answered yet" in html  # editor
    report = shadow_coalition.shadow_reports.get()
    assert report.invitations.get().organization == co_author
    assert list(report.co_authors.all()) == []


def test_api_invitation_list_runs_as_many_queries_for_three_as_for_one(co_author, shadow_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = people.cso_member(co_author)
    api = client_for(member)
    api.get("shadow-reports/invitations")  # the token's first use writes last_used_at

    def queries(count: int) -> int:
        for state in ["pending", "lapsed", "withdrawn"][:count]:
            CoAuthorInvitationFactory(report__plan=shadow_plan, organization=co_author, state=state)
        with CaptureQueriesContext(connection) as captured:
            body = api.get("shadow-reports/invitations", state="").json()
        assert body["count"] == len(CoAuthorInvitation.objects.filter(organization=co_author))
        return len(captured)

    assert queries(1) == queries(2)
