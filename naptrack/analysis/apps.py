from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "naptrack.analysis"
    label = "analysis"
