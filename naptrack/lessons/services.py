"""Writes of lessons: submit, publish, reject, withdraw; each checks the actor and the
state it starts from, saves in one transaction and records an Activity. The Activity
refreshes the lesson's entry in the site's full-text index once committed
(receivers.py, indexing.py)."""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.accounts.models import Organization
from naptrack.accounts.selectors import user_scopes
from naptrack.core.services import activity_record
from naptrack.lessons import permissions
from naptrack.lessons.choices import LessonState, LessonTheme
from naptrack.lessons.models import Lesson
from naptrack.registry.models import ActionPlan, Country, Pillar


def _themes(themes: Iterable[str]) -> list[str]:
    themes = list(dict.fromkeys(themes))
    unknown = [t for t in themes if t not in LessonTheme.values]
    if unknown:
        raise ValidationError({"themes": _("Unknown theme(s): %(t)s.") % {"t": ", ".join(unknown)}})
    return themes


def _public_plans(plans: Iterable[ActionPlan]) -> list[ActionPlan]:
    # A published lesson is public: linking it to a draft plan would reveal the draft.
    plans = list(plans)
    public = set(
        ActionPlan.objects.public()
        .filter(pk__in=[p.pk for p in plans])
        .values_list("pk", flat=True)
    )
    if any(plan.pk not in public for plan in plans):
        raise ValidationError({"plans": _("Only published plans can be linked to a lesson.")})
    return plans


def _of_public_plans(items: Iterable, field: str) -> list:
    # An action or indicator of a draft plan would reveal the draft, as the plan would.
    items = list(items)
    public = set(ActionPlan.objects.public().values_list("pk", flat=True))
    if any(item.plan_id not in public for item in items):
        message = _("Only actions and indicators of published plans can be linked.")
        raise ValidationError({field: message})
    return items


def _public_documents(documents: Iterable) -> list:
    from naptrack.library.selectors import documents_visible_to

    documents = list(documents)
    visible = set(
        documents_visible_to(AnonymousUser())
        .filter(pk__in=[d.pk for d in documents])
        .values_list("pk", flat=True)
    )
    if any(document.pk not in visible for document in documents):
        raise ValidationError({"documents": _("Only public library documents can be linked.")})
    return documents


def _public_document(document):
    from naptrack.library.selectors import documents_visible_to

    if document is None:
        return None
    if not documents_visible_to(AnonymousUser()).filter(pk=document.pk).exists():
        raise ValidationError(
            {"evidence_document": _("Only a public library document can be the evidence.")}
        )
    return document


def _organization(actor, organization: Organization | None):
    if organization is None:
        return None
    if organization.pk not in user_scopes(actor).organization_ids:
        raise ValidationError({"organization": _("Name an organization you belong to.")})
    return organization


def lesson_submit(
    *,
    actor,
    title: str,
    summary: str,
    result: str,
    evidence_url: str = "",
    evidence_document=None,
    themes: Iterable[str] = (),
    pillars: Iterable[Pillar] = (),
    countries: Iterable[Country] = (),
    plans: Iterable[ActionPlan] = (),
    actions: Iterable = (),
    indicators: Iterable = (),
    documents: Iterable = (),
    organization: Organization | None = None,
    channel: str = "web",
) -> Lesson:
    """Submit a lesson for moderation; nobody else sees it until it is published."""
    if not permissions.can_submit(actor):
        raise PermissionDenied(_("Sign in to share a lesson."))
    lesson = Lesson(
        title=title.strip(),
        summary=summary.strip(),
        result=result.strip(),
        evidence_url=evidence_url.strip(),
        evidence_document=_public_document(evidence_document),
        themes=_themes(themes),
        author=actor,
        organization=_organization(actor, organization),
    )
    plans = _public_plans(plans)
    actions = _of_public_plans(actions, "actions")
    indicators = _of_public_plans(indicators, "indicators")
    documents = _public_documents(documents)
    with transaction.atomic():
        lesson.full_clean()
        lesson.save()
        lesson.pillars.set(pillars)
        lesson.countries.set(countries)
        lesson.plans.set(plans)
        lesson.actions.set(actions)
        lesson.indicators.set(indicators)
        lesson.documents.set(documents)
        changes = {"state": {"before": None, "after": lesson.state}}
        activity_record(
            actor=actor, verb="lesson.submitted", target=lesson, changes=changes, channel=channel
        )
    return lesson


def _moderate(actor, lesson: Lesson, state: str, reason: str, channel: str) -> Lesson:
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Only the platform's moderators publish or reject lessons."))
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        if lesson.state != LessonState.SUBMITTED:
            raise ValidationError(
                _("This lesson is already %(state)s.")
                % {"state": lesson.get_state_display().lower()}
            )
        lesson.state, lesson.rejection_reason = state, reason
        lesson.moderated_by, lesson.moderated_at = actor, timezone.now()
        lesson.full_clean()
        lesson.save()
        changes = {"state": {"before": LessonState.SUBMITTED, "after": state}}
        if reason:
            changes["rejection_reason"] = {"before": "", "after": reason}
        activity_record(
            actor=actor, verb=f"lesson.{state}", target=lesson, changes=changes, channel=channel
        )
    return lesson


def lesson_publish(*, actor, lesson: Lesson, channel: str = "web") -> Lesson:
    return _moderate(actor, lesson, LessonState.PUBLISHED, "", channel)


def lesson_reject(*, actor, lesson: Lesson, reason: str, channel: str = "web") -> Lesson:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the lesson is rejected: its author sees it.")})
    return _moderate(actor, lesson, LessonState.REJECTED, reason, channel)


def lesson_withdraw(*, actor, lesson: Lesson, reason: str, channel: str = "web") -> Lesson:
    """Take a published lesson off the site (moderators): it leaves lists, pages, the API
    and the search index; its author still reads it, with the reason."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Only the platform's moderators withdraw lessons."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the lesson is withdrawn: its author sees it.")})
    with transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        if lesson.state != LessonState.PUBLISHED:
            raise ValidationError(_("Only a published lesson can be withdrawn."))
        lesson.state, lesson.rejection_reason = LessonState.WITHDRAWN, reason
        lesson.moderated_by, lesson.moderated_at = actor, timezone.now()
        lesson.full_clean()
        lesson.save()
        changes = {
            "state": {"before": LessonState.PUBLISHED, "after": LessonState.WITHDRAWN},
            "rejection_reason": {"before": "", "after": reason},
        }
        activity_record(
            actor=actor, verb="lesson.withdrawn", target=lesson, changes=changes, channel=channel
        )
    return lesson
