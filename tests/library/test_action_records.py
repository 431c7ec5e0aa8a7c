"""Actions are searchable records beside plans and document pages: each carries its
objective, pillar (the pillar facet), agencies and indicators, follows every committed
change to the structure, and stays within the plan's visibility."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from naptrack.library.models import SearchEntry
from naptrack.library.search import SearchFilters, search
from naptrack.library.services.search_index import search_index_refresh_actions
from naptrack.plans import services as plans
from tests.factories.accounts import AgencyFactory
from tests.factories.plans import ActionFactory, IndicatorFactory, ResponsibilityFactory


@pytest.fixture
def structured(library_kenya_plan, kenya_coordinator, django_capture_on_commit_callbacks):
    """The plan's structure started (the four pillars of 1325) and one action added,
    through the services, commits included."""
    with django_capture_on_commit_callbacks(execute=True):
        pillars = plans.structure_start(actor=kenya_coordinator, plan=library_kenya_plan)
        participation = next(p for p in pillars if p.pillar and p.pillar.code == "participation")
        objective = plans.objective_create(
            actor=kenya_coordinator, pillar=participation, code="1", title="Women at the table"
        )
        action = plans.action_create(
            actor=kenya_coordinator,
            objective=objective,
            code="1.1",
            title="Train xylophonist mediators",
            description="Courses in every county.",
        )
    return action


def test_an_added_action_is_found_with_its_pillar(client, structured, library_kenya_plan):
    results = search(None, "xylophonist")
    [hit] = results.hits
    assert hit.kind == "action"
    assert hit.title == f"1.1 Train xylophonist mediators — {library_kenya_plan.display_title}"
    assert (
        hit.url
        == reverse("plans:structure", args=[library_kenya_plan.pk]) + f"#action-{structured.pk}"
    )
    assert [(f.value, f.count) for f in results.facets["pillar"]] == [("participation", 1)]
    assert [f.label for f in results.facets["document_type"]] == ["Action record"]
    assert search(None, "xylophonist", SearchFilters(pillar="prevention")).total == 0
    assert search(None, "xylophonist", SearchFilters(pillar="participation")).total == 1
    html = client.get(reverse("library:search"), {"q": "xylophonist"}).content.decode()
    assert f"#action-{structured.pk}" in html and "Action of the plan's structure" in html


def test_changes_to_an_action_reach_the_index_once_committed(
    structured, kenya_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plans.action_update(actor=kenya_coordinator, action=structured, title="Train negotiators")
    assert search(None, "xylophonist").total == 0
    assert search(None, "negotiators").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        plans.action_delete(actor=kenya_coordinator, action=structured)
    assert search(None, "negotiators").total == 0


def test_agencies_and_indicators_make_an_action_findable(structured):
    ResponsibilityFactory(action=structured, agency=AgencyFactory(name="Ministry of Quillwork"))
    IndicatorFactory(action=structured, name="Number of zygodactyl trainers")
    search_index_refresh_actions(plan_id=structured.plan_id)
    assert search(None, "quillwork").total == 1 and search(None, "zygodactyl").total == 1


def test_a_draft_plans_actions_are_found_only_by_its_coordinators(
    structured, library_kenya_plan, kenya_coordinator
):
    library_kenya_plan.publication = "draft"
    library_kenya_plan.save()
    assert search(None, "xylophonist").total == 0
    assert search(kenya_coordinator, "xylophonist").total == 1


def test_synthetic_plans_actions_stay_out_of_the_index(library_kenya_plan):
    library_kenya_plan.origin = "synthetic"
    library_kenya_plan.save()
    ActionFactory(objective__pillar__plan=library_kenya_plan, title="Synthetic wolframite action")
    assert search_index_refresh_actions(plan_id=library_kenya_plan.pk) == 0
    assert not SearchEntry.objects.filter(kind="action").exists()


def test_rebuild_counts_action_records(structured):
    SearchEntry.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "1 action records" in out.getvalue()
    assert search(None, "xylophonist").total == 1


def test_an_uncommitted_change_indexes_nothing(library_kenya_plan, kenya_coordinator):
    plans.structure_start(actor=kenya_coordinator, plan=library_kenya_plan)  # never committed here
    objective = plans.objective_create(
        actor=kenya_coordinator,
        pillar=library_kenya_plan.structure_pillars.first(),
        code="1",
        title="Objective",
    )
    plans.action_create(actor=kenya_coordinator, objective=objective, code="1.1", title="Pending")
    assert not SearchEntry.objects.filter(kind="action").exists()
