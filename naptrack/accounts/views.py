from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from naptrack.accounts.models import Membership
from naptrack.registry.permissions import coordinated_owners


@login_required
def dashboard(request):
    memberships = Membership.objects.filter(user=request.user).select_related(
        "organization", "country", "regional_organization"
    )
    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": memberships,
            "owners": coordinated_owners(request.user),
        },
    )
