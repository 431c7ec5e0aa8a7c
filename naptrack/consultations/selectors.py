"""Reads of consultations. Callers get a consultation through the access helpers first
(permissions.py); the lists here start from what may be shown to whom."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

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


PARTS_PER_QUERY = 200  # SQLite joins at most 500 SELECTs in one compound query


def part_lookup(key) -> dict:
    """The filter to one part's comments, key ("action", <pk>), or general comments (key
    None): the part's column set and the three others empty, so the part index
    (consultation, state, objective, action, question, paragraph, created_at) seeks
    straight to them in creation order."""
    lookup = {f"{name}__isnull": True for name in PART_FIELDS}
    if key is not None:
        kind, pk = key
        del lookup[f"{kind}_id__isnull"]
        lookup[f"{kind}_id"] = pk
    return lookup


def _first_ids_sql(consultation_id: int, keys, include_hidden: bool) -> tuple[str, list]:
    """One `SELECT ... LIMIT n` per part, joined by UNION ALL: each reads a few entries of
    the part index, however many comments the part has. Written as SQL because Django
    cannot slice the members of a compound query on SQLite, and building a hundred
    querysets costs more than the query."""
    table = Comment._meta.db_table
    selects, params = [], []
    for number, key in enumerate(keys):
        conditions = ["consultation_id = %s"]
        values = [consultation_id]
        if not include_hidden:
            conditions.append("state = %s")
            values.append(CommentState.VISIBLE)
        for name in PART_FIELDS:
            if key is not None and name == f"{key[0]}_id":
                conditions.append(f"{name} = %s")
                values.append(key[1])
            else:
                conditions.append(f"{name} IS NULL")
        # Only the model's own table and column names and constants are written in;
        # every value is a parameter.
        where = " AND ".join(conditions)
        inner = f"SELECT id FROM {table} WHERE {where} ORDER BY created_at, id LIMIT {PER_PART}"  # noqa: S608
        selects.append(f"SELECT * FROM ({inner}) AS part{number}")  # noqa: S608
        params += values
    return " UNION ALL ".join(selects), params


def _first_per_part(comments, consultation, keys, *, include_hidden: bool) -> list:
    """The first PER_PART comments of each part that has any, read with what they show
    (supports counted) in one more query."""
    keys = list(keys)
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(keys), PARTS_PER_QUERY):
            chunk = keys[start : start + PARTS_PER_QUERY]
            sql, params = _first_ids_sql(consultation.pk, chunk, include_hidden)
            cursor.execute(sql, params)
            ids += [row[0] for row in cursor.fetchall()]
    return list(comments.filter(pk__in=ids)) if ids else []


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
    totals = _counts_per_part(rows)
    comments = _first_per_part(every, consultation, totals, include_hidden=include_hidden)
    groups: dict = {}
    for comment in comments:
        groups.setdefault(_key(comment), []).append(comment)
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
    """The counts of visible input, aggregated in the database: every query reads the
    comments' covering indexes from the visible comment side, never the rows."""
    visible = Comment.objects.filter(consultation=consultation, state=CommentState.VISIBLE)
    by_channel = dict(visible.order_by().values_list("channel").annotate(n=Count("pk")))
    answered = (
        visible.filter(answer__isnull=False)
        .order_by()
        .values_list("answer__outcome", "answer__action")
        .annotate(n=Count("pk"))
    )
    by_outcome: dict = {}
    changed: dict = {}
    for outcome, action_id, n in answered:
        by_outcome[outcome] = by_outcome.get(outcome, 0) + n
        if outcome != Outcome.NOT_ACCEPTED and action_id is not None:
            changed[action_id] = changed.get(action_id, 0) + n
    actions = Action.objects.filter(pk__in=changed).order_by("code", "pk")
    total = sum(by_channel.values())
    return Tallies(
        total=total,
        by_channel=by_channel,
        by_outcome=by_outcome,
        unanswered=total - sum(by_outcome.values()),
        supports=CommentSupport.objects.filter(
            comment__consultation=consultation, comment__state=CommentState.VISIBLE
        ).count(),
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
    # Points per record from the comments' index, then per place through the records
    # (a few hundred), rather than joining every point to its record.
    per_session = (
        Comment.objects.filter(consultation=consultation, state=CommentState.VISIBLE)
        .exclude(session=None)
        .values_list("session")
        .annotate(n=Count("pk"))
        .order_by()
    )
    district_of = dict(consultation.sessions.values_list("pk", "district"))
    points: dict = {}
    for session_id, n in per_session:
        points[district_of[session_id]] = points.get(district_of[session_id], 0) + n
    records: dict = {}
    for district in district_of.values():
        records[district] = records.get(district, 0) + 1
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
