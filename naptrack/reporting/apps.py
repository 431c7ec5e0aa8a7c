from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "naptrack.reporting"
    label = "reporting"
    verbose_name = "Reporting cycles"
