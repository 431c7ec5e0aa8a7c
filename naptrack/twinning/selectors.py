"""Reads of twinning, each starting from what the user may see."""

from django.db.models import Prefetch, Q, QuerySet

from naptrack.twinning.models import Exchange, Partner, Partnership
from naptrack.twinning.permissions import partnerships_visible_to

PARTNERS = Prefetch(
    "partners",
    queryset=Partner.objects.select_related("country", "regional_organization").order_by("id"),
)


def partnership_list(user, *, country: str = "", status: str = "", q: str = "") -> QuerySet:
    """Partnerships the user may see, newest first, with their partners (two queries)."""
    partnerships = partnerships_visible_to(user)
    if country:
        partnerships = partnerships.filter(partners__country__iso3=country)
    if status:
        partnerships = partnerships.filter(status=status)
    for word in q.split():
        partnerships = partnerships.filter(Q(title__icontains=word) | Q(aims__icontains=word))
    return partnerships.distinct().prefetch_related(PARTNERS)


def partnership_detail(partnership: Partnership) -> Partnership:
    return (
        Partnership.objects.prefetch_related(
            PARTNERS, Prefetch("exchanges", queryset=Exchange.objects.order_by("-happened_on"))
        )
        .select_related("proposed_by")
        .get(pk=partnership.pk)
    )
