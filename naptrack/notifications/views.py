from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from naptrack.accounts.models import User
from naptrack.accounts.permissions import is_platform_admin
from naptrack.notifications import selectors, services
from naptrack.notifications.choices import Family
from naptrack.notifications.emails import read_stop_token, read_unsubscribe_token
from naptrack.notifications.forms import MarkReadForm, PreferencesForm
from naptrack.notifications.models import EmailDelivery
from naptrack.registry.models import Country, RegionalOrganization
from naptrack.registry.permissions import plan_for_read


@login_required
def notification_list(request):
    page = Paginator(
        selectors.notifications_of(request.user), settings.NAPTRACK_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target and safe else default


@login_required
@require_POST
def mark_read(request):
    form = MarkReadForm(request.POST)
    if form.is_valid():
        one = form.cleaned_data["notification"]
        count = services.notifications_mark_read(actor=request.user, ids=[one] if one else None)
        messages.success(request, _("Marked as read: %(n)d.") % {"n": count})
    return redirect(_back(request, "accounts:dashboard"))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    initial = {**services.preferences_of(request.user), "language": request.user.language}
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_update(
                actor=request.user,
                user=request.user,
                deliveries=form.deliveries(),
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
    follows = selectors.follows_of(request.user)
    return render(request, "notifications/settings.html", {"form": form, "follows": follows})


@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" with no session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks (link checkers must not unsubscribe anyone); POST stops the emails. The
    signed token is the only credential: no sign-in needed."""
    try:
        data = read_unsubscribe_token(token)
        person = User.objects.get(pk=data["user"], is_active=True)
    except (signing.BadSignature, User.DoesNotExist) as exc:
        raise Http404(_("This unsubscribe link is not valid.")) from exc
    families = [Family(family).label for family in data["families"]]
    done = request.method == "POST"
    if done:
        services.unsubscribe(user=person, families=data["families"])
    return render(request, "notifications/unsubscribe.html", {"families": families, "done": done})


@csrf_exempt  # RFC 8058, as above
@require_http_methods(["GET", "POST"])
def stop(request, token: str):
    """A participant without an account stops the emails to the address they left with
    their input. GET asks; POST stops. The page never shows the address."""
    try:
        delivery = EmailDelivery.objects.exclude(address="").get(pk=read_stop_token(token))
    except (signing.BadSignature, EmailDelivery.DoesNotExist) as exc:
        raise Http404(_("This link is not valid.")) from exc
    done = request.method == "POST"
    if done:
        services.address_stop(address=delivery.address)
    return render(request, "notifications/stop.html", {"done": done})


def _require_platform_admin(user) -> None:
    if not is_platform_admin(user):
        raise PermissionDenied(_("Only platform admins see email deliveries."))


@login_required
def deliveries(request):
    _require_platform_admin(request.user)
    page = Paginator(selectors.deliveries_in_trouble(), settings.NAPTRACK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/deliveries.html", {"page": page})


@login_required
@require_POST
def delivery_retry(request, pk: int):
    _require_platform_admin(request.user)
    delivery = get_object_or_404(selectors.deliveries_in_trouble(), pk=pk)
    services.delivery_retry(actor=request.user, delivery=delivery)
    messages.success(request, _("Email %(pk)d will be tried again now.") % {"pk": delivery.pk})
    return redirect("notifications:deliveries")


def _subject(user, kind: str, key: str):
    if kind == "plan":
        return plan_for_read(user, key)
    if kind == "country":
        return get_object_or_404(Country, iso3=key.upper())
    if kind == "regional_organization":
        return get_object_or_404(RegionalOrganization, slug=key)
    raise Http404(_("Nothing of that kind can be followed."))


@login_required
@require_POST
def follow(request, kind: str, key: str, choice: str):
    subject = _subject(request.user, kind, key)
    if choice == "follow":
        services.follow_create(actor=request.user, subject=subject)
        messages.success(request, _("You follow %(s)s.") % {"s": subject})
    elif choice == "unfollow":
        services.follow_delete(actor=request.user, subject=subject)
        messages.success(request, _("You no longer follow %(s)s.") % {"s": subject})
    else:
        raise Http404(_("Follow or unfollow, nothing else."))
    return redirect(_back(request, subject.get_absolute_url()))
