from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def person_field(related_name: str = "+"):
    """An optional link to a user that survives the user's deletion (set to NULL): who
    added, moderated or signed something."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class EvidenceBase(models.Model):
    """A link or a file backing a report or an answer: official-report evidence
    (reporting.Evidence), shadow-report evidence (shadow_reports.AssessmentEvidence) and
    contract evidence (contractors.AnswerEvidence, ChallengeEvidence). Files are stored
    under a generated name and only ever served as downloads. Each subclass keeps its
    own table, its parent link, its `file` field (for its folder) and its constraints
    (`evidence_constraints`, for their names)."""

    url = models.URLField(max_length=1000, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=500)
    added_by = person_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def public_name(self) -> str:
        """A neutral name, whatever the upload was called: an original name may name
        people (the authors of a shadow report, a contract's staff)."""
        suffix = self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else "bin"
        return f"evidence-{self.pk}.{suffix}"

    @property
    def download_name(self) -> str:
        """The name a download is sent under: the neutral one, unless a kind of evidence
        says its original names may be shown."""
        return self.public_name


def evidence_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Either a link or a stored file (with its size), and always a description."""
    return [
        models.CheckConstraint(
            condition=(~Q(url="") & Q(file=""))
            | (Q(url="") & ~Q(file="") & Q(size_bytes__isnull=False)),
            name=f"{prefix}_link_or_file",
            violation_error_message=_("Give either a link or a file."),
        ),
        models.CheckConstraint(condition=~Q(description=""), name=f"{prefix}_description_required"),
    ]


class Activity(models.Model):
    """The audit trail: one row per state change, with who, when, what, before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        help_text=_("Empty for changes made by the system itself."),
    )
    actor_label = models.CharField(max_length=200, blank=True)
    verb = models.CharField(max_length=80, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=20, default="web")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.actor_label or 'system'} {self.verb} {self.target_label}"
