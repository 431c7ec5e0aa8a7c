from django.apps import AppConfig


class TwinningConfig(AppConfig):
    name = "naptrack.twinning"
    label = "twinning"
    verbose_name = "Twinning"
