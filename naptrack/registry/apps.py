from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "naptrack.registry"
    label = "registry"
