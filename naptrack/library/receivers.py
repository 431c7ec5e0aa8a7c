"""The search index follows the audit trail, so a search only reads. Action records
follow the plan structure: every committed change to a structure (or to its plan's
fields, which give the records their year) rebuilds that plan's action records. Plan
records follow the plans: every committed change to a plan (through its services, the
reference data loader or a translation) copies the plans changed since they were indexed.
Both run in the same process once the writer's transaction commits (decision 0007
explains why the audit trail's signal carries this). `rebuild_search_index` rebuilds
them all."""

from functools import partial

from django.db import transaction

from naptrack.library.services.search_index import (
    search_index_refresh_actions,
    search_index_refresh_plans,
)
from naptrack.registry.selectors import plan_id_of

# Translations and languages of actions and indicators are in their records too.
STRUCTURE_VERBS = (
    "structure.",
    "plan.",
    "document.structure_accepted",
    "translation.",
    "language.",
)
# What a plan record shows: a plan's fields, its owner's names and its translations.
PLAN_VERBS = ("plan.", "reference.", "translation.", "language.")


def reindex_actions_when_structure_changes(sender, *, activity, target, **kwargs) -> None:
    if activity.verb.startswith(STRUCTURE_VERBS):
        transaction.on_commit(partial(_reindex, target), robust=True)


def _reindex(target) -> None:
    plan_id = plan_id_of(target)
    if plan_id is not None:
        search_index_refresh_actions(plan_id=plan_id)


def reindex_plans_when_plans_change(sender, *, activity, **kwargs) -> None:
    if activity.verb.startswith(PLAN_VERBS):
        transaction.on_commit(search_index_refresh_plans, robust=True)
