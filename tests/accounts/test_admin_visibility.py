"""The Django admin obeys the visibility rules of every other channel: a platform admin or a
superuser never reads a draft's title or notes there, not in a model's list, not in the
audit trail. Every registered ModelAdmin's list is searched for the markers."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from naptrack.accounts import services as account_services
from naptrack.accounts.choices import Role
from naptrack.accounts.models import User
from naptrack.core.models import Activity
from naptrack.registry.models import Country
from naptrack.registry.services import plan_create
from naptrack.shadow_reports.models import ShadowReport
from tests.factories import people
from tests.factories.core import ActivityFactory
from tests.factories.people import person
from tests.factories.registry import ActionPlanFactory
from tests.factories.report_cards import CoordinatorStatementFactory, ReportCardFactory

DRAFT_TITLE = "Zq7 draft plan title never for admins"
DRAFT_NOTE = "Zq7 draft status note never for admins"
SHADOW_TITLE = "Zq7 draft shadow report never for admins"
STATEMENT = "Zq7 draft coordinator statement never for admins"
MARKERS = [DRAFT_TITLE, DRAFT_NOTE, SHADOW_TITLE, STATEMENT]


def _staff(**kind):
    user = people.platform_admin() if not kind else person(totp=True, **kind)
    User.objects.filter(pk=user.pk).update(is_staff=True)
    return User.objects.get(pk=user.pk)


@pytest.fixture(params=["platform_admin", "superuser"])
def staff_admin_client(request, client, db):
    user = _staff() if request.param == "platform_admin" else _staff(is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture
def drafts(db):
    kenya = Country.objects.get(iso3="KEN")
    coordinator = people.coordinator_of(kenya)
    plan = plan_create(
        actor=coordinator, owner=kenya, title=DRAFT_TITLE, status_note=DRAFT_NOTE, generation=9
    )
    ReportCardFactory(plan=plan)
    CoordinatorStatementFactory(plan=plan, text=STATEMENT)
    # A draft shadow report's audit row, as its services write them.
    ActivityFactory(
        actor=coordinator,
        verb="shadow.created",
        target_type=ContentType.objects.get_for_model(ShadowReport),
        target_id="999",
        target_label=f"Shadow report #999: {SHADOW_TITLE}",
        changes={"title": {"before": None, "after": SHADOW_TITLE}},
    )
    return plan


def _changelists():
    for model in admin.site._registry:
        meta = model._meta
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def test_no_admin_list_shows_a_draft(staff_admin_client, drafts):
    for url in _changelists():
        page = staff_admin_client.get(url).content.decode()
        assert not [marker for marker in MARKERS if marker in page], url
        searched = staff_admin_client.get(url, {"q": "Zq7"})
        assert not [m for m in MARKERS if m in searched.content.decode()], url


def test_a_public_plans_admin_page_never_names_its_draft_predecessor(staff_admin_client, drafts):
    public = ActionPlanFactory(country=drafts.country, predecessor=drafts, generation=10)
    page = staff_admin_client.get(reverse("admin:registry_actionplan_change", args=[public.pk]))
    assert public.title in page.content.decode()
    assert DRAFT_TITLE not in page.content.decode()


def test_audit_rows_about_content_are_not_in_the_admin(staff_admin_client, drafts):
    rows = Activity.objects.filter(target_id__in=[str(drafts.pk), "999"]).exclude(
        target_type__app_label="accounts"
    )
    assert {row.verb for row in rows} == {"plan.created", "shadow.created"}
    for activity in rows:
        url = reverse("admin:core_activity_change", args=[activity.pk])
        response = staff_admin_client.get(url, follow=True)
        page = response.content.decode()
        assert not [marker for marker in MARKERS if marker in page], activity.verb
        assert "doesn’t exist" in page  # the admin's answer for a row outside its queryset


def test_audit_rows_about_people_stay_in_the_admin(staff_admin_client, drafts):
    granted = person()
    account_services.membership_grant(
        actor=person(Role.PLATFORM_ADMIN), user=granted, role=Role.ANALYST
    )
    activity = Activity.objects.get(verb="membership.granted", target_id=str(granted.pk))
    page = staff_admin_client.get(reverse("admin:core_activity_changelist")).content.decode()
    assert reverse("admin:core_activity_change", args=[activity.pk]) in page
    change = staff_admin_client.get(reverse("admin:core_activity_change", args=[activity.pk]))
    assert "analyst" in change.content.decode()


def test_report_cards_and_statements_are_not_in_the_admin(staff_admin_client, drafts):
    index = staff_admin_client.get(reverse("admin:index")).content.decode()
    assert "Report cards" not in index and "Coordinator statements" not in index
    assert staff_admin_client.get("/admin/report_cards/reportcard/").status_code == 404
    assert staff_admin_client.get("/admin/report_cards/coordinatorstatement/").status_code == 404


def test_audit_trail_admin_is_closed_to_staff_without_the_admin_role(client, drafts):
    client.force_login(_staff_moderator())
    assert client.get(reverse("admin:core_activity_changelist")).status_code == 403


def _staff_moderator():
    user = people.moderator()
    User.objects.filter(pk=user.pk).update(is_staff=True)
    return User.objects.get(pk=user.pk)
