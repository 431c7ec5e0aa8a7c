"""Calendar pages. Events come through naptrack.events.permissions (404 for what a user
may not see, 403 for what they may see but not change); writes go through services.
Every page works without JavaScript: plain links and forms, then a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.core.forms import add_service_errors, flash_service_errors
from naptrack.core.selectors import activities_for
from naptrack.events import forms, permissions, selectors, services
from naptrack.events.models import CalendarFeedToken


def _render_results(request, template: str, context: dict, status: int = 200):
    # A history restore asks for the whole page even though it is an htmx request.
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _feed_url(request) -> str:
    query = request.GET.copy()
    query.pop("month", None)
    suffix = f"?{query.urlencode()}" if query else ""
    return request.build_absolute_uri(reverse("events:feed") + suffix)


@require_GET
def calendar_list(request):
    form = forms.CalendarFilterForm(request.GET)
    entries = filters = None
    if form.is_valid():
        filters = form.to_filters()
        entries = selectors.calendar_entries(request.user, filters)
    context = {"form": form, "entries": entries, "filters": filters, "feed_url": _feed_url(request)}
    return _render_results(
        request, "events/list.html", context, 200 if entries is not None else 400
    )


@require_GET
def calendar_month(request):
    first = forms.parse_month(request.GET.get("month"), timezone.now().date())
    if first is None:
        raise Http404(_("Give the month as YYYY-MM, such as 2026-03."))
    form = forms.CalendarFilterForm(request.GET, with_dates=False)
    weeks = None
    if form.is_valid():
        start, end = selectors.month_bounds(first)
        entries = selectors.calendar_entries(
            request.user, form.to_filters(date_from=start, date_to=end)
        )
        weeks = selectors.month_weeks(first, entries)
    context = {
        "form": form,
        "first": first,
        "weeks": weeks,
        "previous": _shift(first, -1),
        "next": _shift(first, 1),
        "feed_url": _feed_url(request),
    }
    return _render_results(request, "events/month.html", context, 200 if weeks else 400)


def _shift(first, months: int) -> str:
    index = first.year * 12 + first.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@require_GET
def event_detail(request, pk: int):
    event = selectors.event_detail(permissions.event_for_read(request.user, pk))
    context = {
        "event": event,
        "entry": selectors.event_entry(event),
        "can_moderate": permissions.can_moderate(request.user),
        "is_submitter": permissions.is_submitter(request.user, event),
        "can_change": permissions.can_change(request.user, event),
        "reject_form": forms.RejectForm(),
    }
    return render(request, "events/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_submit(request):
    form = forms.EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_submit(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if event.state == "published":
                messages.success(request, _("Published on the calendar."))
            else:
                messages.success(request, _("Submitted: a moderator will review it."))
            return redirect(event.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "events/submit.html", {"form": form}, status=status)


def _initial(event) -> dict:
    """The edit form's values: the event's local dates and times, as submitted."""
    entry = selectors.event_entry(event)
    timed = not event.all_day
    return {
        "title": event.title,
        "kind": event.kind,
        "start_date": entry.first_day,
        "end_date": entry.last_day,
        "start_time": event.local_start.time() if timed else None,
        "end_time": event.local_end.time() if timed else None,
        "time_zone": event.time_zone,
        "location": event.location,
        "online_url": event.online_url,
        "languages": ", ".join(event.languages),
        "organizer_name": event.organizer_label,
        "description": event.description,
        "source_url": event.source_url,
        "countries": list(event.countries.all()),
        "regional_organizations": list(event.regional_organizations.all()),
        "plans": list(event.plans.all()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = selectors.event_detail(permissions.event_for_change(request.user, pk))
    form = forms.EventForm(request.POST or None, initial=_initial(event))
    if request.method == "POST" and form.is_valid():
        keep_organizer = form.cleaned_data["organizer_name"] == event.organizer_label
        organizer = event.organizer if keep_organizer else None
        try:
            event = services.event_update(
                actor=request.user, event=event, organizer=organizer, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if event.state == "submitted":
                messages.success(request, _("Saved: a moderator will review the change."))
            else:
                messages.success(request, _("Saved."))
            return redirect(event.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "events/edit.html", {"form": form, "event": event}, status=status)


@login_required
@require_POST
def event_cancel(request, pk: int):
    event = permissions.event_for_change(request.user, pk)
    try:
        services.event_cancel(
            actor=request.user, event=event, note=request.POST.get("note", "")[:2000]
        )
    except ValidationError as error:
        flash_service_errors(request, error)
    else:
        messages.success(request, _("Cancelled: the calendar and its feeds say so."))
    return redirect(event.get_absolute_url())


@login_required
@require_GET
def my_events(request):
    context = {"events": list(selectors.events_submitted_by(request.user))}
    return render(request, "events/mine.html", context)


# ---- Moderators ----------------------------------------------------------------------


@login_required
@require_GET
def moderation_queue(request):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied(_("Only the platform's moderators review submitted events."))
    context = {"events": list(selectors.moderation_queue())}
    return render(request, "events/moderation.html", context)


@login_required
@require_POST
def event_moderate(request, pk: int, transition: str):
    event = permissions.event_for_moderation(request.user, pk)
    form = forms.RejectForm(request.POST)
    try:
        if transition == "publish":
            services.event_publish(actor=request.user, event=event)
        elif form.is_valid():
            services.event_reject(actor=request.user, event=event, **form.cleaned_data)
        else:
            raise ValidationError(_("Say why the event is rejected: the submitter sees it."))
    except ValidationError as error:
        flash_service_errors(request, error)
    else:
        messages.success(request, _("Published.") if transition == "publish" else _("Rejected."))
    return redirect("events:moderation")


@login_required
@require_GET
def event_history(request, pk: int):
    event = permissions.event_for_moderation(request.user, pk)
    context = {"event": event, "activities": list(activities_for(event))}
    return render(request, "events/history.html", context)


# ---- The private deadline feed -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_feed(request):
    """The person's private feed address: created (replacing the old one), shown once."""
    raw = None
    if request.method == "POST":
        _token, raw = services.calendar_feed_token_create(actor=request.user)
    live = CalendarFeedToken.objects.filter(user=request.user, revoked_at=None).first()
    url = request.build_absolute_uri(reverse("events:my_deadlines", args=[raw])) if raw else ""
    return render(request, "events/my_feed.html", {"live": live, "feed_url": url})


@login_required
@require_POST
def my_feed_revoke(request):
    token = get_object_or_404(CalendarFeedToken, user=request.user, revoked_at=None)
    services.calendar_feed_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Your private feed address no longer works."))
    return redirect("events:my_feed")
