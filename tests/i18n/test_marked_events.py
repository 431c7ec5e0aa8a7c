"""Every string of the calendar pages goes through gettext: crawled in the pseudo-locale,
their <main> holds nothing but wrapped strings and data. The private deadlines feed speaks
its owner's language."""

# The calendar tests' fixtures are imported by name, which pytest finds and ruff sees as
# redefined when a test asks for them.
# ruff: noqa: F811

import icalendar
from django.urls import reverse
from django.utils.translation import override

from naptrack.events import services
from tests.events.conftest import agency, calendar_cycle, calendar_plan, reporter, submit  # noqa: F401
from tests.i18n.marked import unmarked_pages
from tests.i18n.pseudo import OPEN, pseudo_locale

# Named by pycountry's own catalogues (library/languages.py), not by gettext.
LANGUAGES = ["English", "Swahili (macrolanguage)", "Swahili"]


def test_calendar_pages_are_all_marked(client, member, moderator, calendar_plan, calendar_cycle):
    event = submit(member)
    services.event_publish(actor=moderator, event=event)
    urls = [
        reverse("events:list"),
        reverse("events:list") + "?past=1",
        reverse("events:month") + "?month=2026-03",
        reverse("events:detail", args=[event.pk]),
    ]
    assert unmarked_pages(client, urls, data=LANGUAGES) == {}


def test_member_and_moderator_pages_are_all_marked(client, member, moderator):
    submit(member, title="Waiting for a moderator")
    client.force_login(member)
    urls = [reverse("events:submit"), reverse("events:mine"), reverse("events:my_feed")]
    assert unmarked_pages(client, urls, data=LANGUAGES) == {}
    client.force_login(moderator)
    assert unmarked_pages(client, [reverse("events:moderation")], data=LANGUAGES) == {}


def test_deadlines_feed_speaks_its_owners_language(client, kenya_coordinator, calendar_cycle):
    """A calendar program fetches the feed with no cookie: the owner's email language
    (French here) names the derived deadlines."""
    kenya_coordinator.language = "fr"
    kenya_coordinator.save(update_fields=["language"])
    _token, raw = services.calendar_feed_token_create(actor=kenya_coordinator)
    with override("en"), pseudo_locale("fr"):
        response = client.get(reverse("events:my_deadlines", args=[raw]))
    summaries = [
        str(vevent["summary"])
        for vevent in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    ]
    assert summaries and all(summary.startswith(OPEN) for summary in summaries), summaries
