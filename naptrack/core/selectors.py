from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from naptrack.core.models import Activity


def activities_for(target: Model) -> QuerySet[Activity]:
    return Activity.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")


def activities_since_first(activities: QuerySet[Activity], verb: str) -> QuerySet[Activity]:
    """The activities from the first one with this verb on, that one included: what
    happened before a draft was first published is its authors' business, never history
    for anyone else. All of them when none has the verb (an object born public)."""
    first = activities.filter(verb=verb).order_by("pk").values("pk")[:1]
    return activities.filter(pk__gte=Coalesce(Subquery(first), Value(0)))
