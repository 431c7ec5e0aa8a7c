from django.apps import AppConfig


class ShadowReportsConfig(AppConfig):
    name = "naptrack.shadow_reports"
    label = "shadow_reports"
    verbose_name = "Shadow reports"
