"""Reads of lessons, each starting from what the user may see."""

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from naptrack.lessons.choices import LessonState
from naptrack.lessons.models import Lesson
from naptrack.lessons.permissions import lessons_visible_to
from naptrack.registry.models import ActionPlan


def _with_theme(lessons: QuerySet, theme: str) -> QuerySet:
    # SQLite has no JSON containment lookup: there the quoted code is found in the text.
    if connection.vendor == "postgresql":
        return lessons.filter(themes__contains=[theme])
    return lessons.filter(themes__icontains=f'"{theme}"')


def lesson_list(
    user,
    *,
    q: str = "",
    country: str = "",
    theme: str = "",
    pillar: str = "",
    plan: int | None = None,
) -> QuerySet:
    """Lessons the user may see, newest first, filtered, with their links prefetched."""
    lessons = lessons_visible_to(user)
    for word in q.split():
        lessons = lessons.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(result__icontains=word)
        )
    if country:
        lessons = lessons.filter(countries__iso3=country.upper())
    if theme:
        lessons = _with_theme(lessons, theme)
    if pillar:
        lessons = lessons.filter(pillars__code=pillar)
    if plan:
        lessons = lessons.filter(plans__pk=plan)
    public_plans = ActionPlan.objects.public().select_related("country", "regional_organization")
    return (
        lessons.distinct()
        .select_related("organization")
        .prefetch_related(
            "countries",
            "pillars",
            Prefetch("plans", queryset=public_plans, to_attr="public_plans"),
            *_public_link_prefetches(),
        )
    )


def _public_link_prefetches() -> list[Prefetch]:
    from django.contrib.auth.models import AnonymousUser

    from naptrack.library.selectors import documents_visible_to
    from naptrack.plans.models import Action, Indicator

    public_plans = ActionPlan.objects.public()
    return [
        Prefetch(
            "actions",
            queryset=Action.objects.filter(plan__in=public_plans),
            to_attr="public_actions",
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.filter(plan__in=public_plans),
            to_attr="public_indicators",
        ),
        Prefetch(
            "documents",
            queryset=documents_visible_to(AnonymousUser()),
            to_attr="public_documents",
        ),
    ]


def public_plans_of(lesson: Lesson) -> list[ActionPlan]:
    """Linked plans that are still public (a plan sent back to draft drops out)."""
    return list(
        ActionPlan.objects.public()
        .filter(lessons=lesson)
        .select_related("country", "regional_organization")
    )


def public_links_of(lesson: Lesson) -> dict:
    """Linked actions, indicators and documents that everyone may still see."""
    from django.contrib.auth.models import AnonymousUser

    from naptrack.library.selectors import documents_visible_to

    public_plans = ActionPlan.objects.public()
    return {
        "actions": list(
            lesson.actions.filter(plan__in=public_plans).select_related("plan__country")
        ),
        "indicators": list(
            lesson.indicators.filter(plan__in=public_plans).select_related("plan__country")
        ),
        "documents": list(documents_visible_to(AnonymousUser()).filter(lessons=lesson)),
    }


TRIED_ELSEWHERE_LIMIT = 6


def tried_elsewhere(plan: ActionPlan) -> list[Lesson]:
    """Published lessons for a plan's readers: those linked to the plan, its actions or its
    indicators, then those of other countries on the plan's pillars. Two queries whatever
    the number of lessons (the lessons, then their countries)."""
    linked = Q(plans=plan) | Q(actions__plan=plan) | Q(indicators__plan=plan)
    pillar_ids = plan.structure_pillars.filter(pillar__isnull=False).values("pillar_id")
    elsewhere = Q(pillars__in=pillar_ids)
    if plan.country_id:
        elsewhere &= ~Q(countries=plan.country_id)
    matching = Lesson.objects.published().filter(linked | elsewhere).values("pk")
    return list(
        Lesson.objects.filter(pk__in=matching)
        .prefetch_related("countries")
        .order_by("-created_at", "-id")[:TRIED_ELSEWHERE_LIMIT]
    )


def moderation_queue() -> QuerySet:
    return Lesson.objects.filter(state=LessonState.SUBMITTED).order_by("created_at")
