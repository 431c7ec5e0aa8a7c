from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "naptrack.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic scale data"
