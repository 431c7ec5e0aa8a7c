"""Reads of consultations. Callers get a consultation through the access helpers first
(permissions.py); the lists here start from what may be shown to whom."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from naptrack.consultations.choices import (
    PUBLIC_STATES,
    AgeBand,
    Channel,
    CommentState,
    Outcome,
    Sex,
)
from naptrack.consultations.models import Comment, Consultation, ParticipantCount
from naptrack.plans.models import Action, Objective
from naptrack.registry.selectors import editable_scope_q, plans_visible_to

VISIBLE = Q(comments__state=CommentState.VISIBLE)


def consultations_visible_to(user, *, plan=None) -> QuerySet[Consultation]:
    """Consultations on plans this user may read: every one that is not being prepared,
    and those being prepared by the user's own coordination scope. Newest first, each
    with its number of visible comments, in a fixed number of queries."""
    plans = plans_visible_to(user)
    prepared_here = Q(plan__in=plans.filter(editable_scope_q(user)))
    consultations = Consultation.objects.filter(plan__in=plans).filter(
        Q(state__in=PUBLIC_STATES) | prepared_here
    )
    if plan is not None:
        consultations = consultations.filter(plan=plan)
    return (
        consultations.select_related("plan__country", "plan__regional_organization")
        .annotate(comment_count=Count("comments", filter=VISIBLE))
        .order_by("-opens_on", "-pk")
    )


def comments_of(consultation: Consultation, *, include_hidden: bool = False) -> QuerySet[Comment]:
    """The consultation's comments, oldest first, with what their rows show: the byline's
    author, the answer and its action, the question, the number of supports."""
    comments = Comment.objects.filter(consultation=consultation)
    if not include_hidden:
        comments = comments.filter(state=CommentState.VISIBLE)
    return (
        comments.select_related("author", "answer__action", "question")
        .annotate(support_count=Count("supports"))
        .order_by("created_at", "pk")
    )


def draft_structure(consultation: Consultation) -> list[Objective]:
    """The plan's objectives in structure order, each with its actions (two queries)."""
    actions = Action.objects.order_by("position", "pk")
    return list(
        Objective.objects.filter(plan_id=consultation.plan_id)
        .select_related("pillar")
        .prefetch_related(Prefetch("actions", actions))
        .order_by("pillar__position", "position", "pk")
    )


@dataclass
class Tallies:
    """Visible comments counted by channel and by what became of them."""

    total: int = 0
    by_channel: dict = field(default_factory=dict)
    by_outcome: dict = field(default_factory=dict)
    unanswered: int = 0
    supports: int = 0
    changed_actions: list = field(default_factory=list)  # (action, number of inputs)

    @property
    def channel_rows(self) -> list[tuple[str, int]]:
        return [(Channel(key).label, n) for key, n in self.by_channel.items()]

    @property
    def outcome_rows(self) -> list[tuple[str, int]]:
        return [(Outcome(key).label, self.by_outcome.get(key, 0)) for key in Outcome.values]


def tallies(comments: list[Comment]) -> Tallies:
    """Counts over comments already read (comments_of), so no query is added."""
    answered = [c.answer for c in comments if _answer(c) is not None]
    return Tallies(
        total=len(comments),
        by_channel=dict(Counter(c.channel for c in comments)),
        by_outcome=dict(Counter(a.outcome for a in answered)),
        unanswered=len(comments) - len(answered),
        supports=sum(c.support_count for c in comments),
        changed_actions=_changed_actions(answered),
    )


def _changed_actions(answers) -> list:
    """The actions the answers say changed because of input, in code order, each with
    how many accepted or partly accepted inputs led to it."""
    counts: dict = {}
    for answer in answers:
        if answer.action_id and answer.outcome != Outcome.NOT_ACCEPTED:
            counts.setdefault(answer.action_id, [answer.action, 0])[1] += 1
    return sorted(counts.values(), key=lambda pair: (pair[0].code, pair[0].pk))


def _answer(comment: Comment):
    # A missing one-to-one raises a subclass of AttributeError: getattr's default applies.
    return getattr(comment, "answer", None)


@dataclass
class Page:
    """The detail page: the draft's objectives, actions and questions, each carrying the
    comments about it as `page_comments`; the rest are general comments."""

    comments: list[Comment]
    structure: list[Objective]
    questions: list
    general: list[Comment]
    tallies: Tallies
    paragraphs: list = field(default_factory=list)


def _key(comment: Comment) -> tuple[str, int] | None:
    for name in ("objective", "action", "question", "paragraph"):
        if getattr(comment, f"{name}_id"):
            return name, getattr(comment, f"{name}_id")
    return None


def consultation_page(consultation: Consultation, *, include_hidden: bool = False) -> Page:
    comments = list(comments_of(consultation, include_hidden=include_hidden))
    groups: dict = {}
    for comment in comments:
        groups.setdefault(_key(comment), []).append(comment)
    structure = draft_structure(consultation)
    for objective in structure:
        objective.page_comments = groups.get(("objective", objective.pk), [])
        for action in objective.actions.all():
            action.page_comments = groups.get(("action", action.pk), [])
    questions = list(consultation.questions.all())
    for question in questions:
        question.page_comments = groups.get(("question", question.pk), [])
    paragraphs = list(consultation.paragraphs.all())
    for paragraph in paragraphs:
        paragraph.page_comments = groups.get(("paragraph", paragraph.pk), [])
    visible = [c for c in comments if c.state == CommentState.VISIBLE]
    general = groups.get(None, [])
    return Page(comments, structure, questions, general, tallies(visible), paragraphs)


@dataclass(frozen=True)
class Part:
    """A part of the draft a point may be about, with the key forms and imports use."""

    key: str  # "objective:<pk>", "action:<pk>", "question:<pk>"
    label: str
    target: object


def draft_parts(consultation: Consultation) -> list[Part]:
    """Every part of the draft a comment or point may concern, in reading order."""
    parts = [
        Part(f"question:{q.pk}", f"Q{q.position} {q.text}", q) for q in consultation.questions.all()
    ]
    parts += [
        Part(f"paragraph:{p.pk}", f"¶{p.number} {p.text}"[:90], p)
        for p in consultation.paragraphs.all()
    ]
    for objective in draft_structure(consultation):
        label = f"{objective.code} {objective.title}"
        parts.append(Part(f"objective:{objective.pk}", label, objective))
        parts += [Part(f"action:{a.pk}", f"{a.code} {a.title}", a) for a in objective.actions.all()]
    return parts


def facilitators_of(consultation: Consultation):
    return consultation.facilitators.select_related("user").order_by("named_at", "pk")


def sessions_of(consultation: Consultation):
    """The facilitators' records, with their counts and number of visible points."""
    return (
        consultation.sessions.prefetch_related("participant_counts")
        .annotate(point_count=Count("points", filter=Q(points__state=CommentState.VISIBLE)))
        .order_by("held_on", "pk")
    )


@dataclass
class Reach:
    """Who the offline input reached: by place and by group (sex by age band)."""

    places: list  # (district, records, participants, points)
    groups: list  # (sex label, [count per age band], total)
    age_bands: list
    participants: int
    cells: dict = field(default_factory=dict)  # (sex, age band) -> participants


def reach(consultation: Consultation) -> Reach:
    """Counts of the facilitators' records, in three grouped queries whatever their size."""
    counts = ParticipantCount.objects.filter(session__consultation=consultation)
    by_place = dict(counts.values_list("session__district").annotate(n=Sum("count")))
    points = dict(
        Comment.objects.filter(consultation=consultation, state=CommentState.VISIBLE)
        .exclude(session=None)
        .values_list("session__district")
        .annotate(n=Count("pk"))
        .order_by()
    )
    records = dict(consultation.sessions.values_list("district").annotate(n=Count("pk")).order_by())
    places = [
        (district, records[district], by_place.get(district, 0), points.get(district, 0))
        for district in sorted(records, key=str.casefold)
    ]
    cells = {
        (sex, band): n
        for sex, band, n in counts.values_list("sex", "age_band").annotate(n=Sum("count"))
    }
    groups = [
        (
            label,
            [cells.get((sex, b), 0) for b in AgeBand.values],
            sum(cells.get((sex, b), 0) for b in AgeBand.values),
        )
        for sex, label in Sex.choices
    ]
    return Reach(places, groups, list(AgeBand.labels), sum(cells.values()), cells)


@dataclass
class Report:
    consultation: Consultation
    comments: list
    tallies: Tallies
    reach: Reach


def consultation_report(consultation: Consultation) -> Report:
    """Everything the "you said, we did" report shows: every visible input with its
    answer, the counts, and the reach of the offline input."""
    comments = list(comments_of(consultation).select_related("session"))
    return Report(consultation, comments, tallies(comments), reach(consultation))
