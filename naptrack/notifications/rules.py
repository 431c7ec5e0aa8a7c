"""Who each workflow event concerns: one row per audited verb (decision 0008).

`concerned(activity, target)` selects people by the roles they hold when the event is
handled; the services then drop the actor and anyone who may not see the target
(selectors.readable_by), so a draft's event never reaches someone outside its authors.
`followed` marks public events that people following the plan, its country or its
regional body hear of, in their digest, once the public may see the target.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naptrack.accounts.choices import Role
from naptrack.accounts.models import User
from naptrack.consultations.choices import CommentState
from naptrack.consultations.models import Comment
from naptrack.notifications import selectors
from naptrack.notifications.choices import Family
from naptrack.shadow_reports.choices import InvitationState
from naptrack.shadow_reports.models import CoAuthorInvitation


@dataclass(frozen=True)
class Rule:
    family: str
    label: str
    concerned: Callable | None = None
    followed: bool = False
    # The earliest moment the event may be told (a shadow report published for later).
    not_before: Callable | None = None
    # Where the notification leads, when not to the target's own page.
    link: Callable | None = None
    # Participants without an account told by the address they left with their input:
    # `addresses(activity, target)` gives {address in lower case: language code or ""}.
    addresses: Callable | None = None


# ---- Recipient selectors -----------------------------------------------------------------


def granted_user(activity, user) -> Iterable:
    return [user]


def admins_to_answer(activity, role_request) -> Iterable:
    return selectors.platform_admins()


def requester(activity, role_request) -> Iterable:
    return [role_request.user]


def people_page(role_request) -> str:
    return reverse("accounts:people") + f"#role-request-{role_request.pk}"


def my_work(role_request) -> str:
    return reverse("accounts:dashboard")


def cycle_people(activity, cycle) -> Iterable:
    reporters = selectors.reporters_of(selectors.cycle_agency_ids(cycle))
    return [*reporters, *selectors.coordinators_of(cycle.plan)]


def update_reviewers(activity, update) -> Iterable:
    return selectors.coordinators_of(update.cycle.plan)


def update_reporters(activity, update) -> Iterable:
    return selectors.reporters_of([update.agency_id])


def report_people(activity, report) -> Iterable:
    return cycle_people(activity, report.cycle)


def _author_ids(report) -> set[int]:
    return {report.author_id, *report.co_authors.values_list("pk", flat=True)}


def shadow_authors(activity, report) -> Iterable:
    return selectors.cso_members_of(_author_ids(report))


def shadow_published(activity, report) -> Iterable:
    return [*shadow_authors(activity, report), *selectors.coordinators_of(report.plan)]


def invited_people(activity, report) -> Iterable:
    """Members of each organization invited by the time of this event, unless an earlier
    invitation event already told them (one audit row per invitation, none names it)."""
    people = []
    invitations = CoAuthorInvitation.objects.filter(
        report=report, state=InvitationState.PENDING, created_at__lte=activity.created_at
    )
    for invitation in invitations:
        told = selectors.told_of(activity.verb, report, since=invitation.created_at)
        people += selectors.cso_members_of([invitation.organization_id]).exclude(pk__in=told)
    return people


def answer_people(activity, report) -> Iterable:
    """The report's authors, except the organization that answered."""
    state = activity.verb.rsplit(".", 1)[1]
    answered = (
        CoAuthorInvitation.objects.filter(
            report=report, state=state, responded_at__lte=activity.created_at
        )
        .order_by("-responded_at")
        .first()
    )
    authors = _author_ids(report) - {answered.organization_id if answered else None}
    return selectors.cso_members_of(authors)


def commenter_answered(activity, consultation) -> Iterable:
    """The person with an account who wrote the answered input (named or anonymous: the
    notification is theirs alone, so it reveals nothing)."""
    comment = (
        Comment.objects.filter(consultation=consultation, pk=activity.changes.get("comment"))
        .select_related("author")
        .first()
    )
    return [comment.author] if comment and comment.author else []


def plan_commenters(activity, plan) -> Iterable:
    """Everyone with an account who gave visible input to a consultation on the plan."""
    return User.objects.filter(
        is_active=True,
        pk__in=Comment.objects.filter(
            consultation__plan=plan, state=CommentState.VISIBLE, author__isnull=False
        ).values("author"),
    )


def partnership_sides(activity, partnership) -> Iterable:
    """The coordinators of every side of the partnership (the proposer's colleagues too);
    nobody else, even once it is public."""
    return selectors.partnership_coordinators(partnership)


def _contact_addresses(comments) -> dict[str, str]:
    """{address: language} of the visible input without an account that left a contact
    email, each address once (its first input's language: the record's language for a
    point raised offline, else the consultation's first language the site speaks)."""
    site = {code for code, _name in settings.LANGUAGES}
    rows = (
        comments.filter(state=CommentState.VISIBLE, author__isnull=True)
        .exclude(contact_email="")
        .order_by("created_at", "pk")
        .values_list("contact_email", "session__language", "consultation__languages")
    )
    found: dict[str, str] = {}
    for address, record_language, languages in rows:
        wanted = [record_language, *(languages or [])]
        found.setdefault(
            address.strip().lower(), next((code for code in wanted if code in site), "")
        )
    return found


def answered_participants(activity, consultation) -> dict[str, str]:
    """Once the answers are published (final), everyone without an account who left an
    address with input to this consultation: every visible input has its answer then."""
    return _contact_addresses(Comment.objects.filter(consultation=consultation))


def plan_participants(activity, plan) -> dict[str, str]:
    """Everyone without an account who left an address with visible input to a
    consultation on the adopted plan."""
    return _contact_addresses(Comment.objects.filter(consultation__plan=plan))


def report_page(consultation) -> str:
    return reverse("consultations:report_page", args=[consultation.pk])


def invitations_page(report) -> str:
    return reverse("shadow_reports:invitations")


def publication_date(report):
    return report.publish_at if report.publish_at and report.publish_at > timezone.now() else None


# ---- The table ---------------------------------------------------------------------------

RULES: dict[str, Rule] = {
    "role_request.created": Rule(
        Family.ROLES,
        gettext_lazy("A role was requested"),
        admins_to_answer,
        link=people_page,
    ),
    "role_request.refused": Rule(
        Family.ROLES, gettext_lazy("Your role request was refused"), requester, link=my_work
    ),
    "membership.granted": Rule(
        Family.ROLES, gettext_lazy("A role was granted to you"), granted_user
    ),
    "reporting.cycle.opened": Rule(
        Family.REPORTING, gettext_lazy("Reporting cycle opened"), cycle_people, followed=True
    ),
    "reporting.update.submitted": Rule(
        Family.REPORTING, gettext_lazy("Agency update submitted for review"), update_reviewers
    ),
    "reporting.update.returned": Rule(
        Family.REPORTING, gettext_lazy("Agency update returned with comments"), update_reporters
    ),
    "reporting.update.approved": Rule(
        Family.REPORTING, gettext_lazy("Agency update approved"), update_reporters
    ),
    "reporting.report.published": Rule(
        Family.REPORTS, gettext_lazy("Official report published"), report_people, followed=True
    ),
    "shadow.report.published": Rule(
        Family.SHADOW_REPORTS,
        gettext_lazy("Shadow report published"),
        shadow_published,
        followed=True,
        not_before=publication_date,
    ),
    "shadow.reply.published": Rule(
        Family.SHADOW_REPORTS,
        gettext_lazy("Reply published on a shadow report"),
        shadow_authors,
        followed=True,
    ),
    "shadow.invitation.invited": Rule(
        Family.SHADOW_REPORTS,
        gettext_lazy("Invitation to co-author a shadow report"),
        invited_people,
        link=invitations_page,
    ),
    "shadow.invitation.accepted": Rule(
        Family.SHADOW_REPORTS, gettext_lazy("Co-author invitation accepted"), answer_people
    ),
    "shadow.invitation.declined": Rule(
        Family.SHADOW_REPORTS, gettext_lazy("Co-author invitation declined"), answer_people
    ),
    # Public changes to a plan, for the people who follow it only.
    "plan.published": Rule(Family.FOLLOWING, gettext_lazy("Plan published"), followed=True),
    "plan.drafting_started": Rule(
        Family.FOLLOWING, gettext_lazy("Plan drafting started"), followed=True
    ),
    "plan.consultation_opened": Rule(
        Family.FOLLOWING, gettext_lazy("Consultation on the plan opened"), followed=True
    ),
    "plan.adopted": Rule(
        Family.CONSULTATIONS,
        gettext_lazy("Plan adopted"),
        plan_commenters,
        followed=True,
        addresses=plan_participants,
    ),
    # Accounts heard of each answer as it came; people without one hear once the
    # answers are final, by the address they left.
    "consultation.reported": Rule(
        Family.CONSULTATIONS,
        gettext_lazy("Answers to a consultation published"),
        link=report_page,
        addresses=answered_participants,
    ),
    "consultation.comment.answered": Rule(
        Family.CONSULTATIONS,
        gettext_lazy("Your input to a consultation was answered"),
        commenter_answered,
    ),
    "plan.extended": Rule(Family.FOLLOWING, gettext_lazy("Plan extended"), followed=True),
    "plan.expired": Rule(Family.FOLLOWING, gettext_lazy("Plan expired"), followed=True),
    "plan.superseded": Rule(Family.FOLLOWING, gettext_lazy("Plan superseded"), followed=True),
    "plan.withdrawn": Rule(Family.FOLLOWING, gettext_lazy("Plan withdrawn"), followed=True),
    "structure.imported": Rule(
        Family.FOLLOWING, gettext_lazy("Plan structure imported"), followed=True
    ),
    "partnership.proposed": Rule(
        Family.TWINNING, gettext_lazy("Twinning partnership proposed"), partnership_sides
    ),
    "partnership.agreed": Rule(
        Family.TWINNING, gettext_lazy("Twinning partnership agreed by a side"), partnership_sides
    ),
    "partnership.declined": Rule(
        Family.TWINNING, gettext_lazy("Twinning partnership declined"), partnership_sides
    ),
}


def _role_granted(activity) -> str:
    after = {field: change.get("after") for field, change in activity.changes.items()}
    role = Role(after["role"]).label if after.get("role") in Role.values else after.get("role")
    scope = after.get("organization") or after.get("country") or after.get("regional_organization")
    return f"{role} ({scope})" if scope else str(role)


DETAILS = {"membership.granted": _role_granted}


def describe(activity) -> str:
    """One line saying what happened, in the active language."""
    rule = RULES.get(activity.verb)
    label = rule.label if rule else activity.verb
    detail = DETAILS.get(activity.verb, lambda a: a.target_label)(activity)
    return _("%(event)s: %(detail)s") % {"event": label, "detail": detail}
