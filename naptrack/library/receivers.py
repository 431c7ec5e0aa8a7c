"""Action records follow the plan structure: every committed change to a structure (or
to its plan's fields, which give the records their year) rebuilds that plan's action
records in the search index, in the same process, once the writer's transaction commits
(decision 0007 explains why the audit trail's signal carries this). `rebuild_search_index`
rebuilds them all."""

from functools import partial

from django.db import transaction

from naptrack.library.services.search_index import search_index_refresh_actions
from naptrack.registry.selectors import plan_id_of

# Translations and languages of actions and indicators are in their records too.
STRUCTURE_VERBS = (
    "structure.",
    "plan.",
    "document.structure_accepted",
    "translation.",
    "language.",
)


def reindex_actions_when_structure_changes(sender, *, activity, target, **kwargs) -> None:
    if activity.verb.startswith(STRUCTURE_VERBS):
        transaction.on_commit(partial(_reindex, target), robust=True)


def _reindex(target) -> None:
    plan_id = plan_id_of(target)
    if plan_id is not None:
        search_index_refresh_actions(plan_id=plan_id)
