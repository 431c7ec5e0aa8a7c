"""Consultations on draft plans: a coordinator asks the public, or invited organizations,
what they think of a plan being written; people comment on its objectives and actions,
answer its questions and support each other's comments; the coordinators answer every
comment ("you said, we did").

Workflow lives in services.py; the database holds the invariants (see
docs/consultations.md). No `__str__` here names a commenter: it ends up in audit rows
and admin lists, and an anonymous commenter must stay unknown to the public.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from naptrack.consultations.choices import (
    AgeBand,
    Channel,
    CommentState,
    ConsultationState,
    Identity,
    Outcome,
    Participation,
    SessionKind,
    Sex,
)
from naptrack.core.models import person_field

USER = settings.AUTH_USER_MODEL


class Consultation(models.Model):
    plan = models.ForeignKey(
        "registry.ActionPlan", on_delete=models.CASCADE, related_name="consultations"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField(help_text=_("The last day on which input is taken."))
    languages = models.JSONField(
        default=list,
        blank=True,
        help_text=_("ISO 639-1 codes of the languages in which input is welcome."),
    )
    participation = models.CharField(
        max_length=12, choices=Participation.choices, default=Participation.PUBLIC
    )
    invited_organizations = models.ManyToManyField(
        "accounts.Organization",
        blank=True,
        related_name="consultations",
        help_text=_("Whose members may take part when participation is by invitation."),
    )
    state = models.CharField(
        max_length=12, choices=ConsultationState.choices, default=ConsultationState.DRAFT
    )
    draft_document = models.ForeignKey(
        "library.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The uploaded draft text whose paragraphs people comment on."),
    )
    created_by = person_field()
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    report_summary = models.TextField(
        blank=True, help_text=_("The coordinators' account of what the input changed.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="consultation_title_required"),
            models.CheckConstraint(
                condition=Q(state__in=ConsultationState.values), name="consultation_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(participation__in=Participation.values),
                name="consultation_participation_valid",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="consultation_dates_ordered",
                violation_error_message=_("A consultation cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(state=ConsultationState.DRAFT) | Q(opened_at__isnull=False),
                name="consultation_opened_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(state=ConsultationState.REPORTED)
                | (Q(reported_at__isnull=False) & ~Q(report_summary="")),
                name="consultation_report_has_summary",
            ),
        ]
        indexes = [models.Index(fields=["plan", "state"])]

    def __str__(self) -> str:
        return _("Consultation #%(pk)s: %(title)s") % {"pk": self.pk, "title": self.title}

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="question_text_required"),
            models.UniqueConstraint(
                fields=["consultation", "position"], name="question_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Comment(models.Model):
    """One person's input: on an objective or an action of the draft, an answer to one
    of the questions, or (with none of those) a general comment. The part's label is
    copied so that the comment still says what it was about if the part is removed."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    objective = models.ForeignKey(
        "plans.Objective", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.ForeignKey(
        "plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    paragraph = models.ForeignKey(
        "DraftParagraph",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    part_label = models.CharField(max_length=600, blank=True)
    text = models.TextField()
    identity = models.CharField(max_length=10, choices=Identity.choices, default=Identity.NAMED)
    author = person_field()
    contact_email = models.EmailField(
        blank=True,
        help_text=_("Anonymous input only; never shown, kept to tell them what became of it."),
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    session = models.ForeignKey(
        "InputSession",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="points",
        help_text=_("For a point raised offline: the facilitator's record it came from."),
    )
    state = models.CharField(
        max_length=20, choices=CommentState.choices, default=CommentState.VISIBLE
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="comment_text_required"),
            models.CheckConstraint(
                condition=Q(identity__in=Identity.values), name="comment_identity_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=CommentState.values), name="comment_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="comment_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(objective__isnull=True, action__isnull=True, question__isnull=True)
                | Q(objective__isnull=True, action__isnull=True, paragraph__isnull=True)
                | Q(objective__isnull=True, question__isnull=True, paragraph__isnull=True)
                | Q(action__isnull=True, question__isnull=True, paragraph__isnull=True),
                name="comment_about_one_part",
                violation_error_message=_("A comment is about one part of the draft at most."),
            ),
            models.CheckConstraint(
                condition=Q(identity=Identity.ANONYMOUS) | Q(author__isnull=False),
                name="comment_named_has_author",
                violation_error_message=_("Sign in to comment under your name."),
            ),
            models.CheckConstraint(
                condition=Q(identity=Identity.ANONYMOUS) | Q(contact_email=""),
                name="comment_contact_only_anonymous",
            ),
            models.CheckConstraint(
                condition=~Q(state=CommentState.HIDDEN)
                | (Q(hidden_at__isnull=False) & ~Q(moderation_note="")),
                name="comment_hidden_has_reason",
                violation_error_message=_("Say why the comment is hidden."),
            ),
            # A point raised offline is anonymous: the facilitator recorded it, nobody
            # signed it. Only points from a facilitator's record come by that channel.
            models.CheckConstraint(
                condition=(Q(channel=Channel.OFFLINE) & Q(session__isnull=False))
                | (~Q(channel=Channel.OFFLINE) & Q(session__isnull=True)),
                name="comment_offline_has_session",
            ),
            models.CheckConstraint(
                condition=Q(session__isnull=True)
                | Q(identity=Identity.ANONYMOUS, author__isnull=True),
                name="comment_offline_is_anonymous",
            ),
        ]
        # Covering indexes for the counts and the first comments of each part, so
        # that pages of a consultation with tens of thousands of inputs read no rows.
        indexes = [
            models.Index(
                fields=[
                    "consultation",
                    "state",
                    "objective",
                    "action",
                    "question",
                    "paragraph",
                    "created_at",
                    "id",
                ],
                name="comment_part_order_idx",
            ),
            models.Index(fields=["consultation", "state", "channel"], name="comment_channel_idx"),
            models.Index(fields=["consultation", "state", "session"], name="comment_session_idx"),
        ]

    def __str__(self) -> str:
        return _("Comment #%(pk)s on consultation #%(consultation)s") % {
            "pk": self.pk,
            "consultation": self.consultation_id,
        }

    def get_absolute_url(self) -> str:
        return self.consultation.get_absolute_url() + f"#comment-{self.pk}"

    @property
    def is_anonymous(self) -> bool:
        return self.identity == Identity.ANONYMOUS

    @property
    def public_byline(self) -> str:
        """Who the public is told wrote the comment. The service refuses named comments
        from people without a display name, so an email address never shows here."""
        if self.is_anonymous or self.author is None:
            return str(_("Anonymous participant"))
        return self.author.display_name


class CommentSupport(models.Model):
    """A signed-in person's +1 on someone else's comment. Supporters are never shown;
    only their number is."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"],
                name="support_once_per_person",
                violation_error_message=_("You already support this comment."),
            )
        ]

    def __str__(self) -> str:
        return _("Support for comment #%(pk)s") % {"pk": self.comment_id}


class CommentAnswer(models.Model):
    """The coordinators' answer to a comment: what they did with it and why."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="answer")
    outcome = models.CharField(max_length=14, choices=Outcome.choices)
    text = models.TextField(help_text=_("Where it went in the plan, or why not."))
    action = models.ForeignKey(
        "plans.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The action of the plan that changed because of it, if any."),
    )
    answered_by = person_field()
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="answer_text_required"),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="answer_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return _("Answer to comment #%(pk)s") % {"pk": self.comment_id}


class Facilitator(models.Model):
    """A person the coordinators name to record what meetings, focus groups and paper
    forms said. Facilitators record offline input; they do not answer or moderate."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="facilitators"
    )
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    named_by = person_field()
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"],
                name="facilitator_once_per_consultation",
                violation_error_message=_("This person is a facilitator already."),
            )
        ]

    def __str__(self) -> str:
        return _("Facilitator #%(pk)s of consultation #%(consultation)s") % {
            "pk": self.pk,
            "consultation": self.consultation_id,
        }


class InputSession(models.Model):
    """A facilitator's record of offline input: one meeting, focus group, or a batch of
    paper forms from one place and day. Its points are Comments (channel `offline`), so
    they are answered, counted and reported like online comments."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField(max_length=12, choices=SessionKind.choices)
    held_on = models.DateField()
    district = models.CharField(max_length=200, help_text=_("Where it was held."))
    language = models.CharField(max_length=8, help_text=_("ISO 639-1 code."))
    recorded_by = person_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(district=""), name="session_district_required"),
            models.CheckConstraint(condition=~Q(language=""), name="session_language_required"),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="session_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["consultation", "district"])]

    def __str__(self) -> str:
        return _("Offline input #%(pk)s of consultation #%(consultation)s") % {
            "pk": self.pk,
            "consultation": self.consultation_id,
        }

    def get_absolute_url(self) -> str:
        return reverse("consultations:session", args=[self.consultation_id, self.pk])


class ParticipantCount(models.Model):
    """How many people of one sex and age band took part in a session."""

    session = models.ForeignKey(
        InputSession, on_delete=models.CASCADE, related_name="participant_counts"
    )
    sex = models.CharField(max_length=8, choices=Sex.choices)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "sex", "age_band"], name="participant_count_once_per_group"
            ),
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="participant_sex_valid"),
            models.CheckConstraint(
                condition=Q(age_band__in=AgeBand.values), name="participant_age_band_valid"
            ),
            models.CheckConstraint(condition=Q(count__gt=0), name="participant_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.sex} {self.age_band}: {self.count}"


class ImportMapping(models.Model):
    """Which column of a facilitator's spreadsheet or KoboToolbox/ODK export holds which
    of our fields, kept so the next export of the same form imports in one step."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="import_mapping"
    )
    columns = models.JSONField(default=dict, help_text=_("Our field -> their column header."))
    saved_by = person_field()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return _("Import mapping of consultation #%(pk)s") % {"pk": self.consultation_id}


class DraftParagraph(models.Model):
    """One numbered paragraph of the consultation's uploaded draft text, split from the
    library's extracted text when the coordinators attach the draft (CONSUL-style
    comments on a text's paragraphs)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="paragraphs"
    )
    number = models.PositiveIntegerField()
    page = models.PositiveIntegerField(help_text=_("The page of the document it is on."))
    text = models.TextField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="paragraph_unique_number"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="paragraph_text_required"),
        ]

    def __str__(self) -> str:
        return _("Paragraph %(n)s") % {"n": self.number}
