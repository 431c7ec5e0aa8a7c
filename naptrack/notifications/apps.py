from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "naptrack.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from naptrack.core.signals import activity_recorded
        from naptrack.notifications.receivers import notify_when_concerned

        activity_recorded.connect(
            notify_when_concerned, dispatch_uid="notifications.notify_when_concerned"
        )
