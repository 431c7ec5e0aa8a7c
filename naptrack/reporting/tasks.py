"""Background tasks of the reporting cycle, for deployments that schedule tasks rather
than cron (see docs/operations.md)."""

from django_tasks import task

from naptrack.reporting.reminders import reminders_send


@task()
def send_reminders() -> dict:
    run = reminders_send()
    return {"emails": run.emails, "items": run.items}
