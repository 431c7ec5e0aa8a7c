import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from naptrack.accounts.choices import OrganizationKind, Role, RoleRequestState


def person_label(user, role: str = "") -> str:
    """How a person is named to anyone but themselves, everywhere (pages, API, audit
    labels, emails to others): their display name, else the role they acted in, never
    their email. Only their own account pages and the People page show an email."""
    if user is not None and user.display_name:
        return user.display_name
    return str(role) or gettext("a NAPtrack user")


class EmailUserManager(UserManager):
    def create_user(self, email, password=None, **extra):
        extra.setdefault("username", email)
        return super().create_user(email=email, password=password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("username", email)
        return super().create_superuser(email=email, password=password, **extra)


class User(AbstractUser):
    """Signs in by email; `username` mirrors it for Django's admin."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    language = models.CharField(
        _("language of emails"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the site's default language (LANGUAGE_CODE)."),
    )

    objects = EmailUserManager()
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    def save(self, *args, **kwargs):
        self.username = self.email
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return person_label(self)


class Organization(models.Model):
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=OrganizationKind.choices)
    country = models.ForeignKey(
        "registry.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    regional_organization = models.ForeignKey(
        "registry.RegionalOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_organizations",
    )
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organization_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A role a user holds, scoped to a country or a regional organization where it needs one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    country = models.ForeignKey(
        "registry.Country",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    regional_organization = models.ForeignKey(
        "registry.RegionalOrganization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="membership_scope_at_most_one",
                condition=~Q(country__isnull=False, regional_organization__isnull=False),
            ),
            models.CheckConstraint(
                name="membership_coordinator_scoped",
                condition=~Q(role=Role.COORDINATOR)
                | Q(country__isnull=False)
                | Q(regional_organization__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization", "country", "regional_organization"],
                name="membership_unique",
            ),
        ]

    def __str__(self) -> str:
        scope = self.country or self.regional_organization or self.organization or "platform"
        return f"{self.user} — {self.get_role_display()} ({scope})"


class RoleRequest(models.Model):
    """A person asks for a role, naming the organization (and for a coordinator the
    country or regional organization) they act for; a platform admin approves it, which
    grants the role through the usual service, or refuses it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests")
    role = models.CharField(max_length=30, choices=Role.choices)
    # What the person typed: the list of organizations is not shown to them, since it
    # would name the organizations behind pseudonymous shadow reports.
    organization_name = models.CharField(max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The organization the admin matched it to when approving."),
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
    note = models.TextField(blank=True, help_text=_("Who the person is, in their words."))
    state = models.CharField(
        max_length=10, choices=RoleRequestState.choices, default=RoleRequestState.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="rolerequest_state_valid", condition=Q(state__in=RoleRequestState.values)
            ),
            models.CheckConstraint(
                name="rolerequest_decided_is_dated",
                condition=Q(state=RoleRequestState.PENDING) | Q(decided_at__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization_name", "country", "regional_organization"],
                condition=Q(state=RoleRequestState.PENDING),
                name="rolerequest_one_pending_per_scope",
                violation_error_message=_("You already asked for this role; it is pending."),
            ),
        ]

    def __str__(self) -> str:
        scope = (
            self.country
            or self.regional_organization
            or self.organization
            or self.organization_name
        )
        role = self.get_role_display()
        return f"{role} ({scope})" if scope else str(role)


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
