"""Reads of consultations. Callers get a consultation through the access helpers first
(permissions.py); the lists here start from what may be shown to whom."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from naptrack.consultations.choices import (
    PUBLIC_STATES,
    AgeBand,
    Channel,
    CommentState,
    Outcome,
    Sex,
)
from naptrack.consultations.models import (
    Comment,
    CommentAnswer,
    CommentSupport,
    Consultation,
    ParticipantCount,
)
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
    general_total: int = 0


def _key(comment: Comment) -> tuple[str, int] | None:
    for name in ("objective", "action", "question", "paragraph"):
        if getattr(comment, f"{name}_id"):
            return name, getattr(comment, f"{name}_id")
    return None


PER_PART = 2  # comments shown under each part; the report lists them all, by pages
PART_FIELDS = ("objective_id", "action_id", "question_id", "paragraph_id")


def _first_per_part(comments: QuerySet[Comment], rows: QuerySet[Comment]) -> QuerySet[Comment]:
    """The first PER_PART comments of each part: their ids ranked by a window function
    over the bare rows, then only those read with what they show (supports counted)."""
    rank = Window(
        RowNumber(),
        partition_by=[F(name) for name in PART_FIELDS],
        order_by=[F("created_at").asc(), F("pk").asc()],
    )
    first = rows.annotate(rank=rank).filter(rank__lte=PER_PART).values_list("pk", flat=True)
    return comments.filter(pk__in=list(first))


def _counts_per_part(comments: QuerySet[Comment]) -> dict:
    rows = comments.order_by().values(*PART_FIELDS).annotate(n=Count("pk"))
    return {_key_of_row(row): row["n"] for row in rows}


def _key_of_row(row: dict):
    for name in PART_FIELDS:
        if row[name]:
            return name.removesuffix("_id"), row[name]
    return None


def consultation_page(consultation: Consultation, *, include_hidden: bool = False) -> Page:
    """The page's parts, each with its first comments and how many it has in all, and
    the counts: a fixed number of queries whatever the number of inputs."""
    every = comments_of(consultation, include_hidden=include_hidden)
    rows = Comment.objects.filter(consultation=consultation)
    if not include_hidden:
        rows = rows.filter(state=CommentState.VISIBLE)
    comments = list(_first_per_part(every, rows))
    groups: dict = {}
    for comment in comments:
        groups.setdefault(_key(comment), []).append(comment)
    totals = _counts_per_part(rows)
    structure = draft_structure(consultation)
    parts = [("objective", o) for o in structure]
    parts += [("action", a) for o in structure for a in o.actions.all()]
    questions = list(consultation.questions.all())
    paragraphs = list(consultation.paragraphs.all())
    parts += [("question", q) for q in questions] + [("paragraph", p) for p in paragraphs]
    for kind, part in parts:
        part.page_comments = groups.get((kind, part.pk), [])
        part.comment_total = totals.get((kind, part.pk), 0)
    general = groups.get(None, [])
    page = Page(comments, structure, questions, general, tallies_of(consultation), paragraphs)
    page.general_total = totals.get(None, 0)
    return page


def tallies_of(consultation: Consultation) -> Tallies:
    """The counts of visible input, aggregated in the database."""
    visible = Comment.objects.filter(consultation=consultation, state=CommentState.VISIBLE)
    by_channel = dict(visible.order_by().values_list("channel").annotate(n=Count("pk")))
    answers = CommentAnswer.objects.filter(comment__in=visible)
    by_outcome = dict(answers.order_by().values_list("outcome").annotate(n=Count("pk")))
    changed = dict(
        answers.exclude(outcome=Outcome.NOT_ACCEPTED)
        .exclude(action=None)
        .order_by()
        .values_list("action")
        .annotate(n=Count("pk"))
    )
    actions = Action.objects.filter(pk__in=changed).order_by("code", "pk")
    total = sum(by_channel.values())
    return Tallies(
        total=total,
        by_channel=by_channel,
        by_outcome=by_outcome,
        unanswered=total - sum(by_outcome.values()),
        supports=CommentSupport.objects.filter(comment__in=visible).count(),
        changed_actions=[[action, changed[action.pk]] for action in actions],
    )


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
    """The facilitators' records, newest first, with their counts and visible points."""
    return (
        consultation.sessions.prefetch_related("participant_counts")
        .annotate(point_count=Count("points", filter=Q(points__state=CommentState.VISIBLE)))
        .order_by("-held_on", "-pk")
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


def report_inputs(consultation: Consultation) -> QuerySet[Comment]:
    return comments_of(consultation).select_related("session")


def report_rows(consultation: Consultation) -> QuerySet[Comment]:
    """The report's inputs bare, oldest first: cheap to count and to cut into pages."""
    return Comment.objects.filter(consultation=consultation, state=CommentState.VISIBLE).order_by(
        "created_at", "pk"
    )


def consultation_report(consultation: Consultation, comments=None) -> Report:
    """What the "you said, we did" report shows: the visible inputs with their answers
    (all of them, or the page of them given), the counts, and the offline reach."""
    if comments is None:
        comments = list(report_inputs(consultation))
    return Report(consultation, comments, tallies_of(consultation), reach(consultation))
