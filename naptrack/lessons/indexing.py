"""Published lessons in the site's one full-text index (library.SearchEntry, kind
`lesson`), so that /search/ ranks, folds accents and shows snippets for lessons as it
does for documents and plans.

Only published lessons have an entry: the lessons services refresh a lesson's entry after
every change of state (publish, withdraw), and a lesson that is not published loses its
entry, so a submission, a rejected or a withdrawn lesson can never be found through the
index. library.search.searchable_entries checks the state again when reading."""

from django.db import transaction

from naptrack.lessons.choices import LessonState
from naptrack.lessons.models import Lesson
from naptrack.library.choices import EntryKind
from naptrack.library.models import SearchEntry
from naptrack.library.search import LESSON_RECORD
from naptrack.library.tokenizer import index_terms


def _body(lesson: Lesson) -> str:
    places = [country.name for country in lesson.countries.all()]
    organization = [lesson.organization.name] if lesson.organization_id else []
    parts = [lesson.title, lesson.summary, lesson.result, *places, *organization]
    return "\n".join(part for part in parts if part)


def lesson_entry(lesson: Lesson) -> SearchEntry:
    body = _body(lesson)
    when = lesson.moderated_at or lesson.created_at
    return SearchEntry(
        kind=EntryKind.LESSON,
        lesson=lesson,
        title=lesson.title[:500],
        body=body,
        terms=index_terms(body),
        year=when.year if when else None,
        document_type=LESSON_RECORD,
        source_updated_at=lesson.updated_at,
    )


def lesson_index_refresh(*, lesson_id: int) -> bool:
    """Replaces the lesson's entry with the lesson as it is now; returns whether it is
    indexed (only a published lesson is). Call after any committed change to a lesson."""
    lesson = (
        Lesson.objects.filter(pk=lesson_id, state=LessonState.PUBLISHED)
        .select_related("organization")
        .prefetch_related("countries")
        .first()
    )
    with transaction.atomic():
        SearchEntry.objects.filter(kind=EntryKind.LESSON, lesson_id=lesson_id).delete()
        if lesson is None:
            return False
        lesson_entry(lesson).save()
    return True


def lesson_index_rebuild() -> int:
    """Indexes every published lesson anew (library.services.search_index_rebuild calls
    this); returns how many."""
    lessons = (
        Lesson.objects.published().select_related("organization").prefetch_related("countries")
    )
    with transaction.atomic():
        SearchEntry.objects.filter(kind=EntryKind.LESSON).delete()
        entries = [lesson_entry(lesson) for lesson in lessons.iterator(chunk_size=200)]
        SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)
