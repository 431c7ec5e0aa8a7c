"""What people are told: notifications of audited events, their email deliveries (an
outbox, retried until sent), each person's delivery preferences, and what they follow.

Notifications are derived from the audit trail (decision 0008); the rows here record no
Activity of their own, as report cards' inputs hash does not.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naptrack.notifications.choices import (
    Delivery,
    EmailKind,
    EmailState,
    Family,
    Reason,
)

USER = settings.AUTH_USER_MODEL


class EmailDelivery(models.Model):
    """One email to one person: a single event or a digest. Kept until sent, with each
    failed attempt's error and the time of the next one, so mail trouble loses nothing.

    Most go to an account (`recipient`, the events in its notifications). Participants
    without an account who left a contact email with their input get theirs by `address`:
    one event (`activity`), in `language`, once per address and event."""

    recipient = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    address = models.EmailField(
        blank=True, help_text=_("A participant without an account: never shown.")
    )
    activity = models.ForeignKey(
        "core.Activity", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=10, blank=True)
    kind = models.CharField(max_length=10, choices=EmailKind.choices)
    state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("email deliveries")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=EmailState.values), name="email_delivery_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=EmailState.SENT) | Q(sent_at__isnull=False),
                name="email_delivery_sent_has_date",
            ),
            # To an account, or to an address for one event: never both, never neither.
            models.CheckConstraint(
                condition=Q(recipient__isnull=False, address="")
                | Q(recipient__isnull=True, activity__isnull=False) & ~Q(address=""),
                name="email_delivery_account_or_address",
            ),
            models.UniqueConstraint(
                fields=["activity", "address"],
                condition=~Q(address=""),
                name="email_delivery_address_once_per_event",
            ),
        ]

    def __str__(self) -> str:
        to = self.recipient_id if self.recipient_id else "a participant's address"
        return f"{self.get_kind_display()} to {to} ({self.state})"


class StoppedAddress(models.Model):
    """An address whose holder asked, by the link in an email, to hear no more (people
    without an account have no settings page). Kept in lower case."""

    address = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = _("stopped addresses")

    def __str__(self) -> str:
        return f"Stopped address #{self.pk}"


class Notification(models.Model):
    """One audited event, for one person it concerns or who follows its plan."""

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    activity = models.ForeignKey("core.Activity", on_delete=models.CASCADE, related_name="+")
    family = models.CharField(max_length=20, choices=Family.choices)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digest_pending = models.BooleanField(
        default=False, help_text=_("Waits for the recipient's next daily digest.")
    )
    delivery = models.ForeignKey(
        EmailDelivery,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "activity"], name="notification_once_per_event"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.activity.verb} for {self.recipient_id}"


class NotificationPreference(models.Model):
    """How a person wants one family of events emailed; without a row, the default."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    family = models.CharField(max_length=20, choices=Family.choices)
    delivery = models.CharField(max_length=12, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "family"], name="preference_once_per_family"),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="preference_delivery_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.family} {self.delivery}"


class Follow(models.Model):
    """A person following exactly one country, plan or regional body."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="follows")
    plan = models.ForeignKey(
        "registry.ActionPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    country = models.ForeignKey(
        "registry.Country", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    regional_organization = models.ForeignKey(
        "registry.RegionalOrganization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="follow_exactly_one_subject",
                condition=Q(plan__isnull=False, country=None, regional_organization=None)
                | Q(plan=None, country__isnull=False, regional_organization=None)
                | Q(plan=None, country=None, regional_organization__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "plan"], condition=Q(plan__isnull=False), name="follow_plan_once"
            ),
            models.UniqueConstraint(
                fields=["user", "country"],
                condition=Q(country__isnull=False),
                name="follow_country_once",
            ),
            models.UniqueConstraint(
                fields=["user", "regional_organization"],
                condition=Q(regional_organization__isnull=False),
                name="follow_regional_organization_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.subject}"

    @property
    def subject(self):
        return self.plan or self.country or self.regional_organization
