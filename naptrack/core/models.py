from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
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
