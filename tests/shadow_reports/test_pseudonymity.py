"""A pseudonymous report's authors — organizations, people's names and emails — appear
in no channel open to non-moderators: pages and their HTML source, lists and search,
the side-by-side view, the API, exports, downloads and the public history. Neither do
the organizations invited to co-author it, whatever their answer (pending, declined,
lapsed): invitations, answers and lapses are swept too. Moderators (and the authors
themselves) do see the authors: the positive controls prove the data exists and that
the sweep would find it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from naptrack.accounts.choices import OrganizationKind
from naptrack.core.models import Activity
from naptrack.library.services.upload import document_upload
from naptrack.shadow_reports import services
from tests.api.conftest import ApiClient, client_for
from tests.factories import people
from tests.factories.accounts import OrganizationFactory
from tests.factories.people import signed_in
from tests.shadow_reports.conftest import SECRET_CO_AUTHOR, SECRET_EMAIL, SECRET_NAME, SECRET_ORG

VIEWERS = ["anonymous", "analyst", "kenya_coordinator", "uganda_coordinator", "other_cso_member"]
# Invited to co-author the second report: one declines, one never answers (it lapses).
SECRET_DECLINER = "Marsabit Mothers Forum"
SECRET_SILENT = "Isiolo Peace Sisters"


@pytest.fixture
def invited(kenya):
    """Organizations invited to co-author, with one member each (who gets the email)."""
    orgs = {}
    for name in (SECRET_DECLINER, SECRET_SILENT):
        org = OrganizationFactory(name=name, kind=OrganizationKind.CSO, country=kenya)
        orgs[name] = (org, people.cso_member(org))
    return orgs


@pytest.fixture
def pseudonymity_secrets(co_author_member, invited):
    invitees = [part for org, member in invited.values() for part in (org.name, member.email)]
    return [
        SECRET_ORG,
        SECRET_CO_AUTHOR,
        SECRET_NAME,
        SECRET_EMAIL,
        co_author_member.email,
        *invitees,
    ]


@pytest.fixture
def pseudonymity_scenario(
    pseudonymous_report,
    shadow_cso_member,
    co_author_member,
    kenya_coordinator,
    moderator,
    shadow_structure,
    invited,
    django_capture_on_commit_callbacks,
):
    """The pseudonymous report (whose co-author accepted its invitation) with an evidence
    file whose name gives the authors away, a right of reply, a moderation round trip
    (so audit rows name people), and a second report whose invitations were declined or
    lapsed at publication."""
    report = pseudonymous_report
    assessment = report.assessments.get(action=shadow_structure["1.1"])
    # Files can only be added to drafts: attach it through a second, draft report.
    decliner, decliner_member = invited[SECRET_DECLINER]
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.shadow_report_create(
            actor=co_author_member,
            plan=report.plan,
            author=report.co_authors.get(),
            cycle=report.cycle,
            title="Second pseudonymous report",
            findings="More.",
            publication_mode="pseudonymous",
            pseudonym="Northern Observers",
            co_authors=[org for org, _member in invited.values()],
        )
    services.invitation_decline(
        actor=decliner_member, invitation=draft.invitations.get(organization=decliner)
    )
    draft_assessment = services.assessment_save(
        actor=co_author_member,
        report=draft,
        action=shadow_structure["1.1"],
        agrees_with_official="no",
    )
    services.EVIDENCE.add_file(
        actor=co_author_member,
        parent=draft_assessment,
        description="Interview notes",
        upload=SimpleUploadedFile(f"{SECRET_CO_AUTHOR} interviews.txt", b"Notes from Lodwar."),
    )
    document = document_upload(
        actor=co_author_member,
        upload=SimpleUploadedFile(f"{SECRET_CO_AUTHOR} full report.txt", b"Our full report."),
        title="The full report",
        language="en",
        kind="shadow_report",
        shadow_report=draft,
    )
    services.shadow_report_submit(actor=co_author_member, report=draft)
    services.shadow_report_publish(actor=co_author_member, report=draft)
    services.reply_publish(actor=kenya_coordinator, report=report, text="The ministry replies.")
    services.shadow_report_hide(actor=moderator, report=report, reason="Checking a name.")
    services.shadow_report_unhide(actor=moderator, report=report, reason="No name found.")
    assert assessment.pk
    states = dict(draft.invitations.values_list("organization__name", "state"))
    assert states == {SECRET_DECLINER: "declined", SECRET_SILENT: "lapsed"}
    return {"report": report, "second": draft, "document": document}


def _viewer(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


def _assert_clean(text: str, secrets: list[str], where: str) -> None:
    for secret in secrets:
        assert secret.casefold() not in text.casefold(), f"{secret!r} leaked in {where}"


def _pages(scenario):
    report, second = scenario["report"], scenario["second"]
    plan = report.plan
    lists = reverse("shadow_reports:plan_reports", args=[plan.pk])
    return [
        report.get_absolute_url(),
        second.get_absolute_url(),
        lists,
        f"{lists}?q=Northern",
        reverse("shadow_reports:side_by_side", args=[plan.pk]),
        reverse("shadow_reports:side_by_side", args=[plan.pk]) + f"?cycle={report.cycle_id}",
        reverse("shadow_reports:mine"),
        plan.get_absolute_url(),
        reverse("registry:plan_history", args=[plan.pk]),
        reverse("registry:home"),
        reverse("library:search") + "?q=Northern+Observers",
        reverse("analysis:plans_csv"),
        reverse("analysis:plans_json"),
        reverse("reporting:reports", args=[plan.pk]),
        reverse("reporting:feed"),
        reverse("reporting:plan_feed", args=[plan.pk]),
        reverse("shadow_reports:feed"),
        reverse("shadow_reports:plan_feed", args=[plan.pk]),
        scenario["document"].get_absolute_url(),
        reverse("library:original", args=[scenario["document"].pk]),
        reverse("library:plan_documents", args=[plan.pk]),
        reverse("shadow_reports:invitations"),
        reverse("accounts:dashboard"),
        reverse("report_cards:card", args=[plan.pk]),
        reverse("report_cards:ranking"),
    ]


@pytest.mark.parametrize("role", VIEWERS)
def test_pseudonymous_authors_never_appear_in_pages_or_exports(
    client, request, pseudonymity_scenario, pseudonymity_secrets, role
):
    client = signed_in(client, _viewer(request, role))
    for url in _pages(pseudonymity_scenario):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        _assert_clean(body.decode(), pseudonymity_secrets, f"{url} for {role}")
        _assert_clean(str(response.headers), pseudonymity_secrets, f"headers of {url} for {role}")
    html = client.get(pseudonymity_scenario["report"].get_absolute_url()).content.decode()
    assert "Northern Observers (pseudonym)" in html and "The ministry replies." in html


@pytest.mark.parametrize("role", VIEWERS)
def test_searching_an_authors_name_finds_nothing_they_wrote_under_a_pseudonym(
    client, request, pseudonymity_scenario, pseudonymity_secrets, role
):
    """The search box echoes the words typed; what matters is that no result links the
    name to the pseudonym."""
    client = signed_in(client, _viewer(request, role))
    plan = pseudonymity_scenario["report"].plan
    searches = [
        reverse("shadow_reports:plan_reports", args=[plan.pk]),
        reverse("library:search"),
    ]
    for url in searches:
        for name in (SECRET_ORG, SECRET_CO_AUTHOR, SECRET_NAME):
            html = client.get(url, {"q": name}).content.decode()
            assert "Northern Observers" not in html, (url, name)
            assert pseudonymity_scenario["report"].get_absolute_url() not in html
            _assert_clean(html, [s for s in pseudonymity_secrets if s != name], f"{url}?q={name}")
    found = client.get(searches[0], {"q": "Northern"}).content.decode()
    assert pseudonymity_scenario["report"].get_absolute_url() in found


@pytest.mark.parametrize("role", VIEWERS)
def test_pseudonymous_authors_never_appear_in_the_api(
    request, pseudonymity_scenario, pseudonymity_secrets, role
):
    user = _viewer(request, role)
    api = client_for(user) if user else ApiClient()
    report, plan = pseudonymity_scenario["report"], pseudonymity_scenario["report"].plan
    paths = [
        f"shadow-reports/{report.pk}",
        f"shadow-reports/{pseudonymity_scenario['second'].pk}",
        f"plans/{plan.pk}/shadow-reports",
        f"plans/{plan.pk}/side-by-side",
        f"plans/{plan.pk}/history",
        f"plans/{plan.pk}",
        "shadow-reports/mine",
        "shadow-reports/invitations",
        "shadow-reports/invitations?state=",
    ]
    for path in paths:
        response = api.get(path)
        assert response.status_code == 200, path
        _assert_clean(response.content.decode(), pseudonymity_secrets, f"API {path} for {role}")
    found = api.get(f"plans/{plan.pk}/shadow-reports", q=SECRET_ORG).json()
    assert found["count"] == 0  # searching an author's name does not find its pseudonymous work
    detail = api.get(f"shadow-reports/{report.pk}").json()
    assert detail["byline"] == "Northern Observers" and detail["authors"] == []


def test_evidence_download_uses_a_neutral_name(client, pseudonymity_scenario, pseudonymity_secrets):
    evidence = pseudonymity_scenario["second"].assessments.get().evidence.get()
    response = client.get(reverse("shadow_reports:evidence_file", args=[evidence.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="evidence-{evidence.pk}.txt"'
    assert b"".join(response.streaming_content) == b"Notes from Lodwar."
    _assert_clean(str(response.headers), pseudonymity_secrets, "the download's headers")


def test_report_document_is_public_under_a_neutral_name(
    client, pseudonymity_scenario, pseudonymity_secrets
):
    document = pseudonymity_scenario["document"]
    response = client.get(reverse("library:original", args=[document.pk]))
    assert response.status_code == 200  # the sweep above did see it
    assert f'filename="document-{document.pk}.txt"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"Our full report."


def test_audit_rows_of_shadow_reports_never_target_the_plan_nor_label_the_authors(
    pseudonymity_scenario, pseudonymity_secrets
):
    rows = Activity.objects.filter(verb__startswith="shadow.")
    assert rows.count() >= 10
    assert {row.target_type.model for row in rows} == {"shadowreport"}
    for row in rows:
        _assert_clean(
            row.target_label + str(row.changes), pseudonymity_secrets, f"activity {row.verb}"
        )


def test_invited_organizations_stay_out_of_the_moderators_history_too(
    client, pseudonymity_scenario, moderator
):
    """Moderators know the authors, but the audit trail records invitations as states
    only: who was asked, and who said no, is nobody's business. Answers given while the
    report was a draft are not even shown to them (the history starts at publication);
    invitations lapsing at publication are."""
    client = signed_in(client, moderator)
    history = reverse("shadow_reports:history", args=[pseudonymity_scenario["second"].pk])
    html = client.get(history).content.decode()
    assert "shadow.invitation.lapsed" in html and "shadow.invitation.declined" not in html
    _assert_clean(html, [SECRET_DECLINER, SECRET_SILENT, SECRET_CO_AUTHOR], "history")


def test_invited_members_learn_of_it_by_email_and_nobody_else_does(
    pseudonymity_scenario, invited, co_author_member, shadow_cso_member
):
    """The invitation email goes to the invited organization's members only."""
    from django.core import mail

    invitations = [m for m in mail.outbox if "Invitation to co-author" in m.subject]
    recipients = sorted(address for message in invitations for address in message.to)
    assert recipients == sorted(member.email for _org, member in invited.values())


def test_moderators_and_authors_do_see_who_wrote_it(
    client, pseudonymity_scenario, moderator, shadow_cso_member
):
    """The positive control: the identity is there for those who must know it."""
    report = pseudonymity_scenario["report"]
    client = signed_in(client, moderator)
    for url in (report.get_absolute_url(), reverse("shadow_reports:moderation")):
        assert SECRET_ORG in client.get(url).content.decode()
    history = client.get(reverse("shadow_reports:history", args=[report.pk])).content.decode()
    assert SECRET_NAME in history and "Checking a name." in history
    author_view = (
        signed_in(client, shadow_cso_member).get(report.get_absolute_url()).content.decode()
    )
    assert SECRET_ORG in author_view and SECRET_CO_AUTHOR in author_view


def test_named_report_does_show_its_authors(client, named_report, shadow_coalition):
    html = client.get(named_report.get_absolute_url()).content.decode()
    assert shadow_coalition.name in html
