from django.apps import AppConfig


class ContractorsConfig(AppConfig):
    name = "naptrack.contractors"
    label = "contractors"
    verbose_name = "Private contractors"
