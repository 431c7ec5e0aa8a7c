import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

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


def late_task_count(task_paths: list[str], object_id: int) -> int:
    """Queued background tasks about one object (their first argument) that have waited
    longer than NAPTRACK_WORKER_LATE_MINUTES: a sign that no worker is running
    (docs/operations.md). Counts real rows of the django-tasks database backend."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - datetime.timedelta(minutes=settings.NAPTRACK_WORKER_LATE_MINUTES)
    return (
        DBTaskResult.objects.ready()
        .filter(task_path__in=task_paths, enqueued_at__lt=cutoff, args_kwargs__args__0=object_id)
        .count()
    )
