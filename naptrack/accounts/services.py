"""Writes to people, roles, organizations and API tokens.

The People page, the Django admin and the API all call these; each checks who may act
and records an Activity row, so every change to who-may-do-what is audited.
"""

import secrets

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.accounts.choices import REQUESTABLE_ROLES, OrganizationKind, Role, RoleRequestState
from naptrack.accounts.models import ApiToken, Membership, Organization, RoleRequest, User
from naptrack.accounts.permissions import is_platform_admin
from naptrack.core.services import activity_record, audited_update, changes_between

PLATFORM_ROLES = (Role.PLATFORM_ADMIN, Role.MODERATOR)
ORGANIZATION_ROLES = {
    # role -> organization kinds it may belong to (an agency reports for its agency).
    Role.AGENCY_REPORTER: (OrganizationKind.GOVERNMENT_AGENCY, OrganizationKind.REGIONAL_BODY),
    Role.CSO_MEMBER: (OrganizationKind.CSO, OrganizationKind.COALITION),
}
ORGANIZATION_FIELDS = ("name", "kind", "country", "regional_organization", "website")
USER_FIELDS = ("display_name", "is_active")


def _require_platform_admin(actor) -> None:
    if not is_platform_admin(actor):
        raise PermissionDenied(_("Only platform admins may manage people and organizations."))


def _forget_scopes(user) -> None:
    # user_scopes() caches roles on the user object; a grant must show at once.
    user.__dict__.pop("_naptrack_scopes", None)


def _a(role) -> str:
    label = str(Role(role).label).lower()
    return f"{'An' if label[0] in 'aeiou' else 'A'} {label}"


def _scope_errors(role, organization, country, regional_organization) -> dict[str, str]:
    if role not in Role.values:
        return {"role": f"Unknown role “{role}”."}
    if country and regional_organization:
        return {"regional_organization": "Choose a country or a regional organization, not both."}
    if role in PLATFORM_ROLES and (organization or country or regional_organization):
        return {
            NON_FIELD_ERRORS: f"{_a(role)} acts on the whole platform: "
            "leave organization, country and regional organization empty."
        }
    if role == Role.COORDINATOR and not (country or regional_organization):
        return {"country": "A coordinator needs a country or a regional organization."}
    if role in ORGANIZATION_ROLES or role == Role.ANALYST:
        if country or regional_organization:
            return {
                "country": f"{_a(role)} is scoped by an organization: "
                "leave country and regional organization empty."
            }
    kinds = ORGANIZATION_ROLES.get(role)
    if kinds and organization is None:
        return {"organization": f"{_a(role)} needs an organization."}
    if kinds and organization.kind not in kinds:
        allowed = " or ".join(str(OrganizationKind(k).label).lower() for k in kinds)
        return {
            "organization": f"{_a(role)} belongs to a {allowed}; "
            f"“{organization}” is a {organization.get_kind_display().lower()}."
        }
    return {}


def membership_check(
    *, actor, user, role: str, organization=None, country=None, regional_organization=None
) -> None:
    """Raise ValidationError naming the field when a grant breaks the scope rules. Nobody
    grants a role to themself: an admin who could would read drafts or act for a CSO on
    their own say-so (docs/permissions.md)."""
    if user is not None and user.pk == getattr(actor, "pk", None):
        raise ValidationError(
            {NON_FIELD_ERRORS: "You cannot grant a role to yourself: ask another platform admin."}
        )
    errors = _scope_errors(role, organization, country, regional_organization)
    if not errors and (
        Membership.objects.filter(
            user=user,
            role=role,
            organization=organization,
            country=country,
            regional_organization=regional_organization,
        ).exists()
    ):
        errors = {NON_FIELD_ERRORS: f"{user} already holds this role with this scope."}
    if errors:
        raise ValidationError(errors)


def _membership_facts(membership: Membership) -> dict:
    return {
        "membership_id": membership.pk,
        "role": membership.role,
        "organization": membership.organization,
        "country": membership.country,
        "regional_organization": membership.regional_organization,
    }


@transaction.atomic
def membership_grant(
    *,
    actor,
    user: User,
    role: str,
    organization: Organization | None = None,
    country=None,
    regional_organization=None,
    channel: str = "web",
) -> Membership:
    _require_platform_admin(actor)
    membership_check(
        actor=actor,
        user=user,
        role=role,
        organization=organization,
        country=country,
        regional_organization=regional_organization,
    )
    membership = Membership.objects.create(
        user=user,
        role=role,
        organization=organization,
        country=country,
        regional_organization=regional_organization,
    )
    _forget_scopes(user)
    activity_record(
        actor=actor,
        verb="membership.granted",
        target=user,
        changes=changes_between({}, _membership_facts(membership)),
        channel=channel,
    )
    if role in settings.NAPTRACK_MFA_REQUIRED_ROLES:
        api_tokens_revoke_unproven(actor=actor, user=user, channel=channel)
    return membership


def api_tokens_revoke_unproven(*, actor, user, channel: str = "web") -> None:
    """A token stands for a full sign-in. One made before the person enrolled a second
    factor proves only a password, so it must not carry a two-factor role's powers; with
    no second factor at all (it was just removed), every live token goes."""
    enrolled = (
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
        .values_list("created_at", flat=True)
        .first()
    )
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if enrolled is not None:
        tokens = tokens.filter(created_at__lt=enrolled)
    for token in tokens:
        api_token_revoke(actor=actor, token=token, channel=channel)


@transaction.atomic
def membership_revoke(*, actor, membership: Membership, channel: str = "web") -> None:
    _require_platform_admin(actor)
    if (
        membership.user_id == getattr(actor, "pk", None)
        and membership.role == Role.PLATFORM_ADMIN
        and not actor.is_superuser
    ):
        # Otherwise the last admin could lock everyone out of the People page.
        raise ValidationError(_("You cannot revoke your own platform-admin role."))
    activity_record(
        actor=actor,
        verb="membership.revoked",
        target=membership.user,
        changes=changes_between(_membership_facts(membership), {}),
        channel=channel,
    )
    membership.delete()
    _forget_scopes(membership.user)


def _validate_organization(organization: Organization) -> None:
    organization.full_clean()
    # The database treats empty countries as distinct, so duplicates need this check.
    clash = Organization.objects.filter(
        name__iexact=organization.name, country=organization.country
    ).exclude(pk=organization.pk)
    if clash.exists():
        where = organization.country or "no country"
        raise ValidationError(
            {"name": f"An organization named “{organization.name}” ({where}) already exists."}
        )


def _organization_snapshot(organization: Organization) -> dict:
    return {name: getattr(organization, name) for name in ORGANIZATION_FIELDS}


@transaction.atomic
def organization_create(
    *,
    actor,
    name: str,
    kind: str,
    country=None,
    regional_organization=None,
    website: str = "",
    channel: str = "web",
) -> Organization:
    _require_platform_admin(actor)
    organization = Organization(
        name=name.strip(),
        kind=kind,
        country=country,
        regional_organization=regional_organization,
        website=website,
    )
    _validate_organization(organization)
    organization.save()
    activity_record(
        actor=actor,
        verb="organization.created",
        target=organization,
        changes=changes_between({}, _organization_snapshot(organization)),
        channel=channel,
    )
    return organization


@transaction.atomic
def organization_update(
    *, actor, organization: Organization, channel: str = "web", **fields
) -> Organization:
    _require_platform_admin(actor)
    audited_update(
        organization,
        actor=actor,
        fields=fields,
        allowed=ORGANIZATION_FIELDS,
        verb="organization.updated",
        channel=channel,
        validate=_validate_organization,
    )
    return organization


def _validate_user(user: User) -> None:
    user.full_clean(validate_unique=False)


@transaction.atomic
def user_update(*, actor, user: User, channel: str = "web", **fields) -> User:
    """Admins may rename a person or suspend their account; nothing else here."""
    _require_platform_admin(actor)
    if fields.get("is_active") is False and user.pk == getattr(actor, "pk", None):
        raise ValidationError({"is_active": "You cannot suspend your own account."})
    audited_update(
        user,
        actor=actor,
        fields=fields,
        allowed=USER_FIELDS,
        verb="user.updated",
        channel=channel,
        validate=_validate_user,
    )
    return user


@transaction.atomic
def api_token_create(*, actor, name: str, channel: str = "web") -> tuple[ApiToken, str]:
    """Create a personal token; the raw value is returned once and never stored."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to create an API token."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, so you can recognise it later."})
    raw = secrets.token_urlsafe(32)
    token = ApiToken(user=actor, name=name, digest=ApiToken.digest_of(raw), prefix=raw[:8])
    token.full_clean()
    token.save()
    activity_record(
        actor=actor,
        verb="api_token.created",
        target=token,
        changes=changes_between({}, {"name": token.name, "prefix": token.prefix}),
        channel=channel,
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken, channel: str = "web") -> ApiToken:
    if token.user_id != getattr(actor, "pk", None) and not is_platform_admin(actor):
        raise PermissionDenied(_("Only the token's owner or a platform admin may revoke it."))
    if token.revoked_at is not None:
        raise ValidationError(_("This token is already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    activity_record(
        actor=actor,
        verb="api_token.revoked",
        target=token,
        changes={"revoked_at": {"before": None, "after": str(token.revoked_at)}},
        channel=channel,
    )
    return token


# Role requests -----------------------------------------------------------------------------

NOTE_MAX_CHARS = 2000


def role_request_create(
    *,
    actor,
    role: str,
    organization_name: str = "",
    country=None,
    regional_organization=None,
    note: str = "",
    channel: str = "web",
) -> RoleRequest:
    """A signed-in person asks for a role, naming their organization in their own words
    (an admin matches it when approving) and, for a coordinator, the country or regional
    organization. The grant's scope rules are checked now, bar the organization's kind."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("Sign in to ask for a role.")
    if role not in REQUESTABLE_ROLES:
        raise ValidationError({"role": _("Ask a platform admin directly for this role.")})
    organization_name = organization_name.strip()
    errors = _scope_errors(role, None, country, regional_organization)
    if organization_name:
        errors.pop("organization", None)
    if errors:
        raise ValidationError(errors)
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationError({"note": _("Keep the note under 2000 characters.")})
    request = RoleRequest(
        user=actor,
        role=role,
        organization_name=organization_name,
        country=country,
        regional_organization=regional_organization,
        note=note.strip(),
    )
    # Checked here as well as in the database: the unique constraint sees NULL scopes as
    # distinct, so a second pending request with an empty country would slip through it.
    duplicate = RoleRequest.objects.filter(
        state=RoleRequestState.PENDING, **_request_facts(request), user=actor
    )
    if duplicate.exists():
        raise ValidationError(_("You already asked for this role; it is pending."))
    with transaction.atomic():
        request.save()
        activity_record(
            actor=actor,
            verb="role_request.created",
            target=request,
            changes=changes_between({}, _request_facts(request)),
            channel=channel,
        )
    return request


def _request_facts(request: RoleRequest) -> dict:
    return {
        "role": request.role,
        "organization_name": request.organization_name,
        "country": request.country,
        "regional_organization": request.regional_organization,
    }


def _pending_for_decision(actor, request: RoleRequest) -> RoleRequest:
    """Locked and still pending; nobody decides their own request (an admin who could
    would grant themself a role on their own say-so)."""
    _require_platform_admin(actor)
    locked = RoleRequest.objects.select_for_update().get(pk=request.pk)
    if locked.user_id == actor.pk:
        raise PermissionDenied(_("You cannot decide your own request: ask another admin."))
    if locked.state != RoleRequestState.PENDING:
        raise ValidationError(_("This request was already decided."))
    return locked


def _decide(actor, request: RoleRequest, state: str, note: str, channel: str) -> RoleRequest:
    request.state, request.decided_by = state, actor
    request.decided_at, request.decision_note = timezone.now(), note.strip()
    request.save(
        update_fields=["state", "decided_by", "decided_at", "decision_note", "organization"]
    )
    activity_record(
        actor=actor,
        verb=f"role_request.{state}",
        target=request,
        changes={"state": {"before": RoleRequestState.PENDING, "after": state}, "note": note},
        channel=channel,
    )
    return request


@transaction.atomic
def role_request_approve(
    *,
    actor,
    request: RoleRequest,
    organization: Organization | None = None,
    note: str = "",
    channel: str = "web",
) -> RoleRequest:
    """Grant the role asked for through membership_grant, so its checks (and its audit
    row) apply as for any grant; `organization` is the admin's match of the name given."""
    request = _pending_for_decision(actor, request)
    request.organization = organization
    membership_grant(
        actor=actor,
        user=request.user,
        role=request.role,
        organization=organization,
        country=request.country,
        regional_organization=request.regional_organization,
        channel=channel,
    )
    return _decide(actor, request, RoleRequestState.APPROVED, note, channel)


@transaction.atomic
def role_request_refuse(
    *, actor, request: RoleRequest, note: str = "", channel: str = "web"
) -> RoleRequest:
    request = _pending_for_decision(actor, request)
    return _decide(actor, request, RoleRequestState.REFUSED, note, channel)
