from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "naptrack.events"
    label = "events"
    verbose_name = "Calendar"
