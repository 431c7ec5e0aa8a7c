from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "naptrack.consultations"
    label = "consultations"
    verbose_name = "Consultations"
