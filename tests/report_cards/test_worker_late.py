"""Issue #14: the report card and library document pages say so when their updates have
waited in the task queue longer than NAPTRACK_WORKER_LATE_MINUTES (no worker running).
Real rows of the django-tasks database backend, enqueued by the real services."""

import datetime

from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from naptrack.report_cards import services
from tests.factories.registry import ActionPlanFactory

NOTICE = "Updates are waiting for the background worker"


def _age_queue(minutes: int) -> None:
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=minutes))


def test_card_says_updates_wait_when_the_queue_is_late(settings, empty_plan):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NAPTRACK_WORKER_LATE_MINUTES = 10
    other_plan = ActionPlanFactory()
    services.report_card_request_recompute(plan_id=empty_plan.pk)
    services.report_card_request_recompute(plan_id=other_plan.pk)
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    url = empty_plan.get_absolute_url() + "report-card/"

    _age_queue(minutes=5)  # queued, but not late yet
    assert NOTICE not in Client().get(url).text

    _age_queue(minutes=11)
    page = Client().get(url).text
    assert NOTICE in page and "more than 10 minutes" in page

    DBTaskResult.objects.filter(args_kwargs__args__0=empty_plan.pk).update(status="SUCCESSFUL")
    assert NOTICE not in Client().get(url).text  # the other plan's late task is not ours
