"""Every string of the twinning, lessons and contractors pages goes through gettext:
crawled in the pseudo-locale, their <main> holds nothing but wrapped strings and data,
for the public pages and for the signed-in forms and queues."""

# The apps' fixtures are imported by name, which pytest finds and ruff sees as redefined
# when a test asks for them.
# ruff: noqa: F811

from django.urls import reverse

from naptrack.contractors import services as contractors
from naptrack.lessons import services as lessons
from tests.contractors.conftest import (  # noqa: F401
    contract,
    contract_cso,
    contract_cso_member,
    contract_defence,
    contractor,
    item,
)
from tests.i18n.marked import unmarked_pages
from tests.lessons.conftest import lesson_author  # noqa: F401
from tests.lessons.test_lessons import lesson, submit  # noqa: F401
from tests.twinning.conftest import agreed, proposal  # noqa: F401


def test_twinning_pages_are_all_marked(client, agreed, kenya_coordinator):
    public = [
        reverse("twinning:list"),
        reverse("twinning:detail", args=[agreed.pk]),
    ]
    assert unmarked_pages(client, public) == {}
    client.force_login(kenya_coordinator)
    signed_in = [
        reverse("twinning:detail", args=[agreed.pk]),
        reverse("twinning:propose"),
        reverse("twinning:edit", args=[agreed.pk]),
        reverse("twinning:history", args=[agreed.pk]),
        reverse("twinning:suggestions", args=["KEN"]),
    ]
    assert unmarked_pages(client, signed_in) == {}


def test_a_regional_bodys_suggestions_page_is_all_marked_declined_or_not(client, db):
    from naptrack.accounts.choices import Role
    from naptrack.registry.models import RegionalOrganization
    from naptrack.twinning import services
    from tests.factories.people import person

    body = RegionalOrganization.objects.get(slug="african-union")
    coordinator = person(Role.COORDINATOR, totp=True, regional_organization=body)
    page = reverse("twinning:body_suggestions", args=[body.slug])
    client.force_login(coordinator)
    assert unmarked_pages(client, [page]) == {}
    services.body_suggestions_decline(actor=coordinator, regional_organization=body)
    assert unmarked_pages(client, [page]) == {}


def test_lessons_pages_are_all_marked(client, lesson, moderator, lesson_author):
    client.force_login(moderator)
    assert unmarked_pages(client, [reverse("lessons:moderation")]) == {}
    lessons.lesson_publish(actor=moderator, lesson=lesson)
    client.logout()
    public = [reverse("lessons:list"), reverse("lessons:detail", args=[lesson.pk])]
    assert unmarked_pages(client, public) == {}
    client.force_login(lesson_author)
    assert unmarked_pages(client, [reverse("lessons:submit")]) == {}


def test_contractors_pages_are_all_marked(
    client, contract, item, kenya_coordinator, contract_cso_member, moderator
):
    contractors.checklist_answer_save(
        actor=kenya_coordinator, contract=contract, item=item, answer="no"
    )
    public = [
        reverse("contractors:register"),
        reverse("contractors:contractor", args=[contract.contractor_id]),
        reverse("contractors:contract", args=[contract.pk]),
    ]
    assert unmarked_pages(client, public) == {}
    client.force_login(kenya_coordinator)
    authority = [
        reverse("contractors:contract", args=[contract.pk]),
        reverse("contractors:contractor_create"),
        reverse("contractors:contract_create"),
    ]
    assert unmarked_pages(client, authority) == {}
    client.force_login(contract_cso_member)
    civil_society = [
        reverse("contractors:my_challenges"),
        reverse("contractors:contract", args=[contract.pk]),  # with the challenge form
    ]
    assert unmarked_pages(client, civil_society) == {}
    client.force_login(moderator)
    assert unmarked_pages(client, [reverse("contractors:moderation")]) == {}
