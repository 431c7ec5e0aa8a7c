from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from naptrack.core.models import Activity


def activities_for(target: Model) -> QuerySet[Activity]:
    return Activity.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
