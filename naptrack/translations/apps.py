from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "naptrack.translations"
    label = "translations"
