from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from naptrack.accounts import selectors, services
from naptrack.accounts.choices import RoleRequestState
from naptrack.accounts.forms import (
    ApiTokenForm,
    MembershipGrantForm,
    OrganizationCreateForm,
    PeopleSearchForm,
    RoleDecisionForm,
    RoleRequestForm,
)
from naptrack.accounts.models import ApiToken, Membership, Organization, RoleRequest
from naptrack.accounts.permissions import is_platform_admin
from naptrack.core.forms import add_service_errors, flash_service_errors
from naptrack.registry.permissions import coordinated_owners
from naptrack.registry.selectors import plans_editable_by


def _posted(request):
    """The POST data, or None on GET (an empty POST must still be a bound, invalid form)."""
    return request.POST if request.method == "POST" else None


@login_required
def dashboard(request, role_form=None, status=200):
    memberships = Membership.objects.filter(user=request.user).select_related(
        "user", "organization", "country", "regional_organization"
    )
    role_requests = RoleRequest.objects.filter(user=request.user).select_related(
        "organization", "country", "regional_organization"
    )
    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": memberships,
            "owners": coordinated_owners(request.user),
            "plans": plans_editable_by(request.user),
            "is_platform_admin": is_platform_admin(request.user),
            "role_form": role_form or RoleRequestForm(),
            "role_requests": role_requests,
        },
        status=status,
    )


@login_required
@require_POST
def role_request_create(request):
    form = RoleRequestForm(request.POST)
    if form.is_valid():
        try:
            services.role_request_create(actor=request.user, **form.request_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request was sent to the platform admins."))
            return redirect("accounts:dashboard")
    return dashboard(request, role_form=form, status=400)


@login_required
@require_POST
def role_request_decide(request, pk: int):
    _require_platform_admin(request.user)
    role_request = get_object_or_404(RoleRequest, pk=pk)
    form = RoleDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or refuse the request."))
        return redirect("accounts:people")
    data = form.cleaned_data
    try:
        if data["decision"] == "approve":
            services.role_request_approve(
                actor=request.user,
                request=role_request,
                organization=data["organization"],
                note=data["note"],
            )
        else:
            services.role_request_refuse(
                actor=request.user, request=role_request, note=data["note"]
            )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Request decided: %(r)s") % {"r": role_request})
    return redirect("accounts:people")


@login_required
@require_POST
def organization_create(request):
    _require_platform_admin(request.user)
    form = OrganizationCreateForm(request.POST)
    if form.is_valid():
        try:
            organization = services.organization_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Organization added: %(o)s") % {"o": organization})
            return redirect("accounts:people")
    return people(request, organization_form=form, status=400)


def _require_platform_admin(user) -> None:
    if not is_platform_admin(user):
        raise PermissionDenied(_("Only platform admins may manage people."))


@login_required
@require_http_methods(["GET", "POST"])
def people(request, organization_form=None, status=200):
    _require_platform_admin(request.user)
    form = MembershipGrantForm(_posted(request) if organization_form is None else None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_grant(actor=request.user, **form.grant_kwargs())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Granted: %(m)s") % {"m": membership})
            return redirect("accounts:people")
    search = PeopleSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(selectors.people_list(q=query), settings.NAPTRACK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    pending = RoleRequest.objects.filter(state=RoleRequestState.PENDING).select_related(
        "user", "organization", "country", "regional_organization"
    )
    organizations = list(Organization.objects.order_by("name"))
    context = {
        "organizations": organizations,
        "form": form,
        "search": search,
        "page": page,
        "query": query,
        "pending_requests": pending,
        "organization_form": organization_form or OrganizationCreateForm(),
    }
    return render(request, "accounts/people.html", context, status=status)


@login_required
@require_POST
def membership_revoke(request, pk: int):
    _require_platform_admin(request.user)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    try:
        services.membership_revoke(actor=request.user, membership=membership)
    except ValidationError as exc:
        flash_service_errors(request, exc)
    else:
        messages.success(request, _("Revoked: %(m)s") % {"m": membership})
    return redirect("accounts:people")


@never_cache  # the page may carry a raw token, shown once
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = ApiTokenForm(_posted(request))
    created = raw = None
    if request.method == "POST" and form.is_valid():
        try:
            created, raw = services.api_token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": selectors.api_tokens_of(request.user),
            "created": created,
            "raw": raw,
        },
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    # Scoped to the signed-in user: another person's token is a 404, not a 403.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.api_token_revoke(actor=request.user, token=token)
    except ValidationError as exc:
        flash_service_errors(request, exc)
    else:
        messages.success(request, _("Token %(prefix)s… revoked.") % {"prefix": token.prefix})
    return redirect("accounts:tokens")
