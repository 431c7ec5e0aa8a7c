"""Lessons linked to plan actions, indicators and library documents: only what everyone
may see can be linked, on the page, in the service and in the API."""

import pytest
from django.core.exceptions import ValidationError

from naptrack.plans.models import Action, Indicator, Objective, PlanPillar
from naptrack.registry.choices import Publication
from naptrack.registry.models import Pillar
from tests.api.conftest import client_for
from tests.factories.registry import ActionPlanFactory
from tests.lessons.test_lessons import submit


def action_of(plan, code="1.1"):
    pillar = PlanPillar.objects.create(
        plan=plan, pillar=Pillar.objects.order_by("position").first(), name="Participation"
    )
    objective = Objective.objects.create(plan=plan, pillar=pillar, code="1", title="Seats")
    return Action.objects.create(plan=plan, objective=objective, code=code, title="Quota law")


def indicator_of(action):
    return Indicator.objects.create(
        plan=action.plan, action=action, code="1.1.a", name="Women in parliament", unit="%"
    )


@pytest.fixture
def public_action(kenya):
    return action_of(ActionPlanFactory(country=kenya))


@pytest.fixture
def draft_action(kenya):
    return action_of(ActionPlanFactory(country=kenya, publication=Publication.DRAFT))


def test_a_lesson_links_public_actions_and_indicators(lesson_author, public_action):
    indicator = indicator_of(public_action)
    lesson = submit(lesson_author, actions=[public_action], indicators=[indicator])
    assert list(lesson.actions.all()) == [public_action]
    assert list(lesson.indicators.all()) == [indicator]


def test_an_action_of_a_draft_plan_cannot_be_linked(lesson_author, draft_action):
    with pytest.raises(ValidationError) as error:
        submit(lesson_author, actions=[draft_action])
    assert "actions" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        submit(lesson_author, indicators=[indicator_of(draft_action)])
    assert "indicators" in error.value.message_dict


def test_the_api_refuses_a_draft_action_like_a_missing_one(lesson_author, draft_action):
    base = {
        "title": "API link",
        "summary": "Tried",
        "result": "Worked",
        "evidence_url": "https://www.un.org/lesson-link",
    }
    draft = client_for(lesson_author).post("lessons", {**base, "action_ids": [draft_action.pk]})
    missing = client_for(lesson_author).post("lessons", {**base, "action_ids": [999999]})
    assert draft.status_code == missing.status_code == 422
    assert draft.json() == missing.json()
    assert "Quota law" not in draft.content.decode()


def test_the_api_links_and_shows_a_public_action(lesson_author, public_action):
    created = client_for(lesson_author).post(
        "lessons",
        {
            "title": "API link",
            "summary": "Tried",
            "result": "Worked",
            "evidence_url": "https://www.un.org/lesson-link",
            "action_ids": [public_action.pk],
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["action_ids"] == [public_action.pk]


def test_the_form_offers_no_draft_action(client, lesson_author, public_action, draft_action):
    client.force_login(lesson_author)
    response = client.post(
        "/lessons/new/",
        {
            "title": "Page link",
            "summary": "Tried",
            "result": "Worked",
            "evidence_url": "https://www.un.org/lesson-page",
            "actions": [draft_action.pk],
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    form_page = client.get("/lessons/new/").content.decode()
    assert f'value="{public_action.pk}"' in form_page
