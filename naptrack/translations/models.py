from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naptrack.translations.languages import UN_LANGUAGES, validate_un_language


class ContentTranslation(models.Model):
    """One field of one object (a plan's title, a report's summary…) in one of the six UN
    languages, written by the object's authors. The object's own field stays the
    original; pages show this text to visitors who read this language (see
    docs/decisions/0009-content-translations.md and targets.py for what is translatable)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=40)
    language = models.CharField(max_length=2, validators=[validate_un_language])
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["content_type", "object_id", "field", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="translation_one_per_field_and_language",
                violation_error_message=_("This field already has a translation in this language."),
            ),
            models.CheckConstraint(
                condition=Q(language__in=list(UN_LANGUAGES)), name="translation_language_un"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="translation_text_required"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.field} ({self.language})"
