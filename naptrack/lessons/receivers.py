"""A lesson's entry in the full-text index follows the audit trail: every committed
`lesson.*` row (submitted, published, rejected, withdrawn, and any later edit) refreshes
that lesson's entry once the writer's transaction commits, as action records do
(library/receivers.py). A rolled-back change leaves the index as it was."""

from functools import partial

from django.db import transaction

from naptrack.lessons.indexing import lesson_index_refresh
from naptrack.lessons.models import Lesson


def reindex_lesson_when_it_changes(sender, *, activity, target, **kwargs) -> None:
    if activity.verb.startswith("lesson.") and isinstance(target, Lesson):
        transaction.on_commit(partial(lesson_index_refresh, lesson_id=target.pk), robust=True)
