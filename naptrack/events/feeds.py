"""iCalendar (.ics) feeds, built with the icalendar library, for Google Calendar, Outlook
and Apple Calendar subscriptions.

The public feed shows what an anonymous visitor sees, whoever asks: calendar apps fetch
without a session and people share subscription links, so nothing scoped may enter it.
The private "my deadlines" feed is reached by a secret token in its URL and shows only
the deadlines of the token owner's own plans.
"""

import datetime

import icalendar
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from naptrack.core.downloads import name_download
from naptrack.events.deadlines import deadlines_for_plans, plans_of_person
from naptrack.events.entries import CalendarEntry
from naptrack.events.forms import CalendarFilterForm
from naptrack.events.models import CalendarFeedToken
from naptrack.events.selectors import calendar_entries

PRODID = "-//NAPtrack//Calendar of Women, Peace and Security//EN"
# A subscribed calendar sees the past year and the next two without asking.
FEED_PAST = datetime.timedelta(days=365)
FEED_DAYS = 3 * 365


def _vevent(request, entry: CalendarEntry, now: datetime.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", entry.uid)
    vevent.add("dtstamp", entry.modified_at or now)
    vevent.add("summary", entry.title)
    if entry.all_day:
        vevent.add("dtstart", entry.first_day)
        vevent.add("dtend", entry.last_day + datetime.timedelta(days=1))
    else:
        vevent.add("dtstart", entry.local_start)
        vevent.add("dtend", entry.local_end)
    vevent.add("url", request.build_absolute_uri(entry.url))
    vevent.add("categories", [entry.kind_label])
    for name, value in (("description", entry.description), ("location", _place(entry))):
        if value:
            vevent.add(name, value)
    if entry.organizer:
        vevent.add("x-naptrack-organizer", entry.organizer)
    if entry.cancelled:
        vevent.add("status", "CANCELLED")
    return vevent


def _place(entry: CalendarEntry) -> str:
    return ", ".join(part for part in (entry.location, entry.online_url) if part)


def ics_bytes(request, entries: list[CalendarEntry], name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    now = timezone.now()
    for entry in entries:
        calendar.add_component(_vevent(request, entry, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_response(content: bytes, filename: str, *, private: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    name_download(response, filename, inline=True)
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
    return response


def _feed_form(data) -> CalendarFilterForm:
    start = timezone.now().date() - FEED_PAST
    return CalendarFilterForm(data, default_from=start, default_days=FEED_DAYS)


@require_GET
def calendar_feed(request):
    """The whole public calendar, or any filter of it (the list page's query string)."""
    form = _feed_form(request.GET)
    if not form.is_valid():
        errors = "; ".join(f"{field}: {' '.join(e)}" for field, e in form.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    entries = calendar_entries(AnonymousUser(), form.to_filters())
    return ics_response(ics_bytes(request, entries, _("NAPtrack calendar")), "naptrack.ics")


def token_owner(raw: str):
    token = (
        CalendarFeedToken.objects.select_related("user")
        .filter(digest=CalendarFeedToken.digest_of(raw), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        raise Http404(_("No such feed."))
    return token.user


@require_GET
def my_deadlines_feed(request, token: str):
    """The deadlines of the plans the token's owner coordinates or reports on. Nothing
    else: no events, and never anyone else's plans."""
    user = token_owner(token)
    form = _feed_form({})
    form.is_valid()
    window = form.to_filters()
    # A calendar program asks without the owner's cookies or headers: the summaries it
    # shows are in the language the owner chose for emails, else the URL's.
    with translation.override(user.language or translation.get_language()):
        entries = deadlines_for_plans(plans_of_person(user, window), window)
        name = _("NAPtrack: my deadlines")
        content = ics_bytes(request, entries, name)
    return ics_response(content, "my-deadlines.ics", private=True)
