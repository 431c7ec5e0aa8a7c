"""Every string of the consultation pages goes through gettext: crawled in the
pseudo-locale, their <main> holds nothing but wrapped strings and data."""

# The consultation tests' fixtures are imported by name, which pytest finds and ruff sees
# as redefined when a test asks for them.
# ruff: noqa: F811

from django.urls import reverse

from naptrack.consultations import services
from tests.consultations.conftest import (  # noqa: F401
    consultation,
    consultation_plan,
    consultation_structure,
    draft_consultation,
    signed_in_person,
)
from tests.i18n.marked import unmarked_pages

# Named by pycountry's own catalogues (library/languages.py), not by gettext.
LANGUAGES = ["English", "Swahili (macrolanguage)", "Swahili"]


def _commented(consultation, commenter, coordinator):
    comment = services.comment_post(
        actor=commenter, consultation=consultation, text="Rural women were not asked."
    )
    services.comment_answer(
        actor=coordinator, comment=comment, outcome="accepted", text="Added to action 1.2."
    )
    return comment


def test_public_pages_are_all_marked(
    client, consultation_plan, consultation, kenya_coordinator, signed_in_person
):
    _commented(consultation, signed_in_person, kenya_coordinator)
    urls = [
        reverse("consultations:list"),
        reverse("consultations:list") + f"?plan={consultation_plan.pk}",
        reverse("consultations:detail", args=[consultation.pk]),
    ]
    assert unmarked_pages(client, urls, data=LANGUAGES) == {}
    client.force_login(signed_in_person)
    assert (
        unmarked_pages(
            client, [reverse("consultations:detail", args=[consultation.pk])], data=LANGUAGES
        )
        == {}
    )


def test_coordinator_pages_are_all_marked(
    client, consultation_plan, consultation, kenya_coordinator, signed_in_person
):
    comment = _commented(consultation, signed_in_person, kenya_coordinator)
    client.force_login(kenya_coordinator)
    urls = [
        reverse("consultations:create", args=[consultation_plan.pk]),
        reverse("consultations:edit", args=[consultation.pk]),
        reverse("consultations:detail", args=[consultation.pk]),
        reverse("consultations:answer", args=[consultation.pk, comment.pk]),
    ]
    assert unmarked_pages(client, urls, data=LANGUAGES) == {}
