"""Twinning: partnerships between countries or regional bodies (one with long experience of
action plans and one drafting its first, say), each side's agreement, the log of their
exchanges, and the sides that ask not to be suggested by the matchmaking.

A partnership stays private to its sides' coordinators until every side has agreed;
services.py keeps `status` and the sides' agreements consistent (see docs/twinning.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from naptrack.twinning.choices import PUBLIC_STATUSES, ExchangeKind, PartnershipStatus

USER = settings.AUTH_USER_MODEL


class PartnershipQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)


class Partnership(models.Model):
    title = models.CharField(max_length=300)
    aims = models.TextField(help_text=_("What the partners mean to learn or do together."))
    period_start = models.PositiveSmallIntegerField(null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(null=True, blank=True)
    contacts = models.TextField(
        blank=True, help_text=_("Offices or focal points to write to; shown with the partnership.")
    )
    status = models.CharField(
        max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference_key = models.CharField(
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Set for the documented examples loaded from the twinning app's CSV."),
    )
    source_url = models.URLField(max_length=1000, blank=True)
    source_title = models.CharField(max_length=500, blank=True)
    source_publisher = models.CharField(max_length=300, blank=True)
    source_quote = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="partnership_title_required"),
            models.CheckConstraint(
                condition=Q(status__in=PartnershipStatus.values), name="partnership_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="partnership_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(reference_key__isnull=True) | ~Q(source_url=""),
                name="partnership_reference_has_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("twinning:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class Partner(models.Model):
    """One side of a partnership: a country or a regional organization, and its agreement."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="partners")
    country = models.ForeignKey(
        "registry.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    regional_organization = models.ForeignKey(
        "registry.RegionalOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False, regional_organization__isnull=True)
                | Q(country__isnull=True, regional_organization__isnull=False),
                name="partner_exactly_one_owner",
            ),
            models.UniqueConstraint(fields=["partnership", "country"], name="partner_country_once"),
            models.UniqueConstraint(
                fields=["partnership", "regional_organization"], name="partner_body_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.country or self.regional_organization)

    @property
    def owner(self):
        return self.country or self.regional_organization


class Exchange(models.Model):
    """One entry of the partners' shared log: a visit, a workshop, a document shared."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="exchanges")
    kind = models.CharField(max_length=10, choices=ExchangeKind.choices)
    title = models.CharField(max_length=300)
    happened_on = models.DateField()
    description = models.TextField(blank=True)
    outcomes = models.TextField(blank=True, help_text=_("What came of it."))
    link = models.URLField(max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="exchange_title_required"),
            models.CheckConstraint(
                condition=Q(kind__in=ExchangeKind.values), name="exchange_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SuggestionOptOut(models.Model):
    """A country or a regional body whose coordinator asked not to be suggested as a
    partner: exactly one of the two, each at most once (one-to-one)."""

    country = models.OneToOneField(
        "registry.Country",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="twinning_opt_out",
    )
    regional_organization = models.OneToOneField(
        "registry.RegionalOrganization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="twinning_opt_out",
    )
    declined_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False, regional_organization__isnull=True)
                | Q(country__isnull=True, regional_organization__isnull=False),
                name="suggestion_opt_out_exactly_one_party",
            ),
        ]

    def __str__(self) -> str:
        return str(self.country or self.regional_organization)

    @property
    def party(self):
        return self.country or self.regional_organization
