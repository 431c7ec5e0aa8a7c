"""Lesson pages: a searchable list, the lesson, submission and moderation. Lessons come
through naptrack.lessons.permissions; writes go through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.accounts.models import person_label
from naptrack.core.forms import add_service_errors, flash_service_errors
from naptrack.lessons import forms, permissions, selectors, services


@require_GET
def lesson_list(request):
    form = forms.LessonFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    pillar = filters.get("pillar")
    lessons = selectors.lesson_list(
        request.user,
        q=filters.get("q") or "",
        country=filters.get("country") or "",
        theme=filters.get("theme") or "",
        pillar=pillar.code if pillar else "",
    )
    return render(request, "lessons/list.html", {"form": form, "lessons": list(lessons)})


@require_GET
def lesson_detail(request, pk: int):
    lesson = permissions.lesson_for_read(request.user, pk)
    context = {
        "lesson": lesson,
        "plans": selectors.public_plans_of(lesson),
        **selectors.public_links_of(lesson),
        "author": person_label(lesson.author) if lesson.author else "",
        "can_moderate": permissions.can_moderate(request.user),
        "reject_form": forms.RejectForm(),
    }
    return render(request, "lessons/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_submit(request):
    form = forms.LessonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.lesson_submit(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Submitted: a moderator will review it."))
            return redirect(lesson.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "lessons/submit.html", {"form": form}, status=status)


@login_required
@require_GET
def moderation_queue(request):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied(_("Only the platform's moderators review submitted lessons."))
    context = {"lessons": list(selectors.moderation_queue())}
    return render(request, "lessons/moderation.html", context)


REASON_NEEDED = {
    "reject": _lazy("Say why the lesson is rejected: its author sees it."),
    "withdraw": _lazy("Say why the lesson is withdrawn: its author sees it."),
}
DONE = {
    "publish": _lazy("Published."),
    "reject": _lazy("Rejected."),
    "withdraw": _lazy("Withdrawn: the lesson is no longer public."),
}


@login_required
@require_POST
def lesson_moderate(request, pk: int, transition: str):
    lesson = permissions.lesson_for_moderation(request.user, pk)
    form = forms.RejectForm(request.POST)
    try:
        if transition == "publish":
            services.lesson_publish(actor=request.user, lesson=lesson)
        elif not form.is_valid():
            raise ValidationError(str(REASON_NEEDED[transition]))
        elif transition == "withdraw":
            services.lesson_withdraw(actor=request.user, lesson=lesson, **form.cleaned_data)
        else:
            services.lesson_reject(actor=request.user, lesson=lesson, **form.cleaned_data)
    except ValidationError as error:
        flash_service_errors(request, error)
    else:
        messages.success(request, str(DONE[transition]))
    if transition == "withdraw":
        return redirect(lesson.get_absolute_url())
    return redirect("lessons:moderation")
