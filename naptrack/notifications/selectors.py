"""Reads of the notifications app: the people an event may concern, whether a person may
see an event's object (through the owning apps' own access helpers), and what a person
has been told or follows."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from naptrack.accounts.choices import Role
from naptrack.accounts.models import RoleRequest, User
from naptrack.accounts.permissions import is_platform_admin
from naptrack.consultations import permissions as consultation_access
from naptrack.consultations.models import Consultation
from naptrack.core.models import Activity
from naptrack.notifications.choices import EmailState
from naptrack.notifications.models import EmailDelivery, Follow, Notification
from naptrack.registry.models import ActionPlan
from naptrack.registry.permissions import plan_for_read
from naptrack.reporting import permissions as reporting_access
from naptrack.reporting.models import ActionUpdate, OfficialReport, ReportingCycle
from naptrack.shadow_reports import permissions as shadow_access
from naptrack.shadow_reports.models import ShadowReport
from naptrack.twinning import permissions as twinning_access
from naptrack.twinning.models import Partnership

# ---- People by role ----------------------------------------------------------------------


def _holders(role: str, scope: Q) -> QuerySet[User]:
    return User.objects.filter(Q(memberships__role=role) & scope, is_active=True).distinct()


def coordinators_of(plan: ActionPlan) -> QuerySet[User]:
    """The coordinators of the plan's owner (a country or a regional organization)."""
    if plan.country_id:
        return _holders(Role.COORDINATOR, Q(memberships__country_id=plan.country_id))
    return _holders(
        Role.COORDINATOR,
        Q(memberships__regional_organization_id=plan.regional_organization_id),
    )


def partnership_coordinators(partnership: Partnership) -> QuerySet[User]:
    """The coordinators of the countries and regional bodies that are its sides."""
    sides = partnership.partners.values_list("country_id", "regional_organization_id")
    countries = [country for country, _body in sides if country]
    bodies = [body for _country, body in sides if body]
    return _holders(
        Role.COORDINATOR,
        Q(memberships__country_id__in=countries)
        | Q(memberships__regional_organization_id__in=bodies),
    )


def reporters_of(agency_ids) -> QuerySet[User]:
    return _holders(Role.AGENCY_REPORTER, Q(memberships__organization_id__in=list(agency_ids)))


def cso_members_of(organization_ids) -> QuerySet[User]:
    return _holders(Role.CSO_MEMBER, Q(memberships__organization_id__in=list(organization_ids)))


def cycle_agency_ids(cycle: ReportingCycle) -> set[int]:
    return set(ActionUpdate.objects.filter(cycle=cycle).values_list("agency_id", flat=True))


def told_of(verb: str, target, *, since) -> QuerySet:
    """Ids of the people already notified of a `verb` event on `target` since then."""
    return Notification.objects.filter(
        activity__verb=verb,
        activity__target_type=ContentType.objects.get_for_model(target),
        activity__target_id=str(target.pk),
        activity__created_at__gte=since,
    ).values("recipient_id")


def followers_of(plan: ActionPlan) -> QuerySet[User]:
    """People following the plan, its country or its regional organization."""
    subjects = Q(follows__plan=plan)
    if plan.country_id:
        subjects |= Q(follows__country_id=plan.country_id)
    if plan.regional_organization_id:
        subjects |= Q(follows__regional_organization_id=plan.regional_organization_id)
    return User.objects.filter(subjects, is_active=True).distinct()


# ---- Who may see an event's object -------------------------------------------------------


def _read_user(user, target: User) -> None:
    if user.pk != target.pk:
        raise Http404


def platform_admins() -> QuerySet[User]:
    return _holders(Role.PLATFORM_ADMIN, Q())


def _read_role_request(user, request: RoleRequest) -> None:
    """The person who asked, and the platform admins who answer."""
    if user.pk != request.user_id and not is_platform_admin(user):
        raise Http404


READ_CHECKS = {
    # Each raises Http404 or PermissionDenied, as the pages do, for who may not see it.
    ActionPlan: lambda user, plan: plan_for_read(user, plan.pk),
    ReportingCycle: lambda user, cycle: reporting_access.cycle_for_read(
        user, cycle.plan_id, cycle.pk
    ),
    ActionUpdate: lambda user, update: reporting_access.update_for_read(user, update.pk),
    OfficialReport: lambda user, report: reporting_access.report_for_read(
        user, report.cycle.plan_id, report.cycle_id, report.version
    ),
    ShadowReport: lambda user, report: shadow_access.report_for_read(user, report.pk),
    Consultation: lambda user, consultation: consultation_access.consultation_for_read(
        user, consultation.pk
    ),
    Partnership: lambda user, partnership: twinning_access.partnership_for_read(
        user, partnership.pk
    ),
    User: _read_user,
    RoleRequest: _read_role_request,
}


def readable_by(user, target) -> bool:
    """Whether this person (or AnonymousUser: the public) may see the object now, by the
    same access helper its page uses. Unknown kinds of object are never readable."""
    check = READ_CHECKS.get(type(target))
    if check is None:
        return False
    try:
        check(user, target)
    except (Http404, PermissionDenied):
        return False
    return True


def is_public(target) -> bool:
    return readable_by(AnonymousUser(), target)


def target_of(activity: Activity):
    """The audit row's object as it is now, or None once deleted."""
    model = activity.target_type.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=activity.target_id).first()


# ---- What a person was told --------------------------------------------------------------


def notification_state(user) -> tuple:
    """What changes a person's notifications panel without an audit row: the worker adding
    one (newest id, count) and the person marking them read (latest read time). Part of the
    personal page cache's key (decision 0010), in one indexed query."""
    state = Notification.objects.filter(recipient=user).aggregate(
        newest=Max("id"), count=Count("id"), read=Max("read_at")
    )
    return (state["newest"], state["count"], state["read"])


def notifications_of(user) -> QuerySet[Notification]:
    """Newest first, unread ones before read ones, with the event each describes."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("activity")
        .order_by("read_at", "-created_at", "-id")
    )


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def follow_of(user, subject) -> Follow | None:
    if user is None or not user.is_authenticated:
        return None
    return Follow.objects.filter(user=user, **{subject_field(subject): subject}).first()


def subject_field(subject) -> str:
    """The Follow field holding this kind of subject."""
    return {"ActionPlan": "plan", "Country": "country"}.get(
        type(subject).__name__, "regional_organization"
    )


def follows_of(user) -> QuerySet[Follow]:
    return Follow.objects.filter(user=user).select_related(
        "plan__country", "plan__regional_organization", "country", "regional_organization"
    )


def deliveries_in_trouble() -> QuerySet[EmailDelivery]:
    """Emails that failed at least once and are not sent: retrying or given up. Only who
    and when, never what: the page listing them shows no content of any event."""
    return (
        EmailDelivery.objects.filter(attempts__gt=0)
        .exclude(state=EmailState.SENT)
        .select_related("recipient")
        .order_by("state", "next_attempt_at")
    )
