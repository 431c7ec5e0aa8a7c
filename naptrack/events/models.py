"""The calendar: events submitted by people and moderated, and the secret tokens of the
private "my deadlines" feeds. Deadlines (reporting cycles, plan ends) are not stored
here: naptrack.events.deadlines derives them at read time (see docs/events.md).

Times are stored in UTC with the event's IANA time zone beside them, so that a feed can
say "10:00 Europe/Paris" and stay right across daylight-saving changes. An all-day
event starts at midnight of its first day and ends at midnight after its last day, both
in its own zone (the iCalendar convention: the end is exclusive).

Workflow lives in services.py; the database holds the invariants.
"""

import datetime
import hashlib
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from naptrack.core.models import person_field
from naptrack.events.choices import ON_CALENDAR, EventKind, EventState

USER = settings.AUTH_USER_MODEL


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=EventState.PUBLISHED)

    def on_calendar(self):
        """Published and cancelled events: what the public calendar lists."""
        return self.filter(state__in=ON_CALENDAR)


class Event(models.Model):
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField(help_text=_("In UTC; shown in the event's time zone."))
    ends_at = models.DateTimeField(
        help_text=_("In UTC. For an all-day event: midnight after its last day.")
    )
    time_zone = models.CharField(
        max_length=64, help_text=_("An IANA zone, such as Africa/Nairobi.")
    )
    all_day = models.BooleanField(default=False)
    location = models.CharField(max_length=300, blank=True, help_text=_("Venue and city."))
    online_url = models.URLField(max_length=500, blank=True)
    languages = models.JSONField(
        default=list, blank=True, help_text=_("ISO 639 codes of the working languages.")
    )
    organizer = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    organizer_name = models.CharField(
        max_length=300, blank=True, help_text=_("When the organizer is not on the platform.")
    )
    source_url = models.URLField(
        max_length=500, blank=True, help_text=_("Where the event is announced.")
    )
    countries = models.ManyToManyField("registry.Country", blank=True, related_name="events")
    regional_organizations = models.ManyToManyField(
        "registry.RegionalOrganization", blank=True, related_name="events"
    )
    plans = models.ManyToManyField("registry.ActionPlan", blank=True, related_name="events")
    state = models.CharField(
        max_length=12, choices=EventState.choices, default=EventState.SUBMITTED
    )
    submitted_by = person_field("submitted_events")
    moderated_by = person_field()
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="event_title_required"),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=Q(state__in=EventState.values), name="event_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(online_url=""),
                name="event_has_place_or_link",
                violation_error_message=_("Give a place or an online link."),
            ),
            models.CheckConstraint(
                condition=Q(organizer__isnull=False) | ~Q(organizer_name=""),
                name="event_has_organizer",
                violation_error_message=_("Say who organizes the event."),
            ),
            models.CheckConstraint(
                condition=~Q(state=EventState.REJECTED) | ~Q(rejection_reason=""),
                name="event_rejection_has_reason",
                violation_error_message=_("Say why the event is rejected."),
            ),
            models.CheckConstraint(
                condition=Q(state=EventState.SUBMITTED) | Q(moderated_at__isnull=False),
                name="event_moderation_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(state=EventState.CANCELLED) | Q(cancelled_at__isnull=False),
                name="event_cancellation_is_dated",
            ),
        ]
        indexes = [models.Index(fields=["state", "starts_at"])]

    def __str__(self) -> str:
        return _("Event #%(pk)s: %(title)s") % {"pk": self.pk, "title": self.title}

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime.datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def is_cancelled(self) -> bool:
        return self.state == EventState.CANCELLED

    @property
    def organizer_label(self) -> str:
        return self.organizer.name if self.organizer_id else self.organizer_name


class CalendarFeedToken(models.Model):
    """The secret in a person's private "my deadlines" feed URL. Only its SHA-256 digest
    is stored (like API tokens): the URL is shown once, and a leaked one is revoked."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="calendar_feed_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_live_token_per_user",
            ),
        ]

    def __str__(self) -> str:
        return _("Calendar feed token %(prefix)s…") % {"prefix": self.prefix}

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
