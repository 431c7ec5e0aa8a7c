"""Issue #14: a library document page says so when its reading has waited in the task
queue longer than NAPTRACK_WORKER_LATE_MINUTES (real rows of the database task backend)."""

import datetime

from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from naptrack.library.services.upload import document_upload
from tests.library.builders import text_pdf, upload

NOTICE = "Updates are waiting for the background worker"


def test_document_page_says_updates_wait(settings, kenya_coordinator, library_kenya_plan):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NAPTRACK_WORKER_LATE_MINUTES = 10
    document = document_upload(
        actor=kenya_coordinator,
        upload=upload("plan.pdf", text_pdf(["Queued text"])),
        plan=library_kenya_plan,
        title="Queued plan (test)",
        language="en",
        kind="plan",
    )
    assert DBTaskResult.objects.filter(status="READY", args_kwargs__args__0=document.pk).exists()
    client = Client()
    client.force_login(kenya_coordinator)
    assert NOTICE not in client.get(document.get_absolute_url()).text
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=11))
    assert NOTICE in client.get(document.get_absolute_url()).text
