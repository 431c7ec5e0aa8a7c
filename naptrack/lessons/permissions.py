"""Who may see and change lessons. Everyone sees published lessons; their author sees
their own in every state; moderators and platform admins see all and publish or reject.
Anything else is 404, so a submission's existence stays hidden."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from naptrack.events.permissions import can_moderate, can_submit
from naptrack.lessons.choices import LessonState
from naptrack.lessons.models import Lesson

__all__ = ["can_moderate", "can_submit", "lessons_visible_to"]


def lessons_visible_to(user):
    if can_moderate(user):
        return Lesson.objects.all()
    visible = Q(state=LessonState.PUBLISHED)
    if can_submit(user):
        visible |= Q(author=user)
    return Lesson.objects.filter(visible)


def lesson_for_read(user, pk) -> Lesson:
    lesson = lessons_visible_to(user).filter(pk=int(pk) if str(pk).isdigit() else None).first()
    if lesson is None:
        raise Http404(_("No such lesson."))
    return lesson


def lesson_for_moderation(user, pk) -> Lesson:
    lesson = lesson_for_read(user, pk)
    if not can_moderate(user):
        raise PermissionDenied(_("Only the platform's moderators publish or reject lessons."))
    return lesson
