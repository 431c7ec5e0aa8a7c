"""Background work of the notifications, run by `manage.py db_worker`."""

from django_tasks import task

from naptrack.core.models import Activity
from naptrack.notifications.services import delivery_send, notifications_create


@task()
def notify_activity(activity_id: int) -> str:
    """Tell the people an audited event concerns, and send the emails they want at once."""
    activity = Activity.objects.filter(pk=activity_id).select_related("target_type").first()
    if activity is None:
        return "no such activity"
    emails = notifications_create(activity=activity)
    sent = sum(delivery_send(delivery_id=pk) for pk in emails)
    return f"{len(emails)} email(s), {sent} sent"


@task()
def send_email(delivery_id: int) -> str:
    """One more attempt at an email that failed before (queued for its retry time)."""
    return "sent" if delivery_send(delivery_id=delivery_id) else "not sent"
