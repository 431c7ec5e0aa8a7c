from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "naptrack.core"
    label = "core"
