"""Lessons and best practices: what was tried, where, by whom, on which pillar or theme,
what came of it and the evidence, submitted by signed-in people and moderated before
anyone else sees it (see docs/lessons.md). Workflow lives in services.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from naptrack.lessons.choices import LessonState, LessonTheme

USER = settings.AUTH_USER_MODEL


class LessonQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=LessonState.PUBLISHED)


class Lesson(models.Model):
    title = models.CharField(max_length=300)
    summary = models.TextField(help_text=_("What was tried, where and by whom."))
    result = models.TextField(help_text=_("What came of it."))
    themes = models.JSONField(default=list, blank=True)
    pillars = models.ManyToManyField("registry.Pillar", blank=True, related_name="lessons")
    countries = models.ManyToManyField("registry.Country", blank=True, related_name="lessons")
    plans = models.ManyToManyField("registry.ActionPlan", blank=True, related_name="lessons")
    actions = models.ManyToManyField("plans.Action", blank=True, related_name="lessons")
    indicators = models.ManyToManyField("plans.Indicator", blank=True, related_name="lessons")
    documents = models.ManyToManyField(
        "library.Document", blank=True, related_name="lessons", help_text=_("Further reading.")
    )
    evidence_url = models.URLField(max_length=1000, blank=True)
    evidence_document = models.ForeignKey(
        "library.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="lessons")
    organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lessons",
        help_text=_("The government agency, civil-society organization or UN entity."),
    )
    state = models.CharField(
        max_length=10, choices=LessonState.choices, default=LessonState.SUBMITTED
    )
    moderated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="lesson_title_required"),
            models.CheckConstraint(
                condition=Q(state__in=LessonState.values), name="lesson_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(evidence_url="") | Q(evidence_document__isnull=False),
                name="lesson_has_evidence",
                violation_error_message=_("Give the evidence: a link or a library document."),
            ),
            models.CheckConstraint(
                condition=~Q(state=LessonState.REJECTED) | ~Q(rejection_reason=""),
                name="lesson_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(state=LessonState.SUBMITTED) | Q(moderated_at__isnull=False),
                name="lesson_moderation_is_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:detail", args=[self.pk])

    @property
    def theme_labels(self) -> list[str]:
        """The themes in the reader's language; the stored codes are for the API."""
        labels = dict(LessonTheme.choices)
        return [str(labels.get(code, code)) for code in self.themes]
