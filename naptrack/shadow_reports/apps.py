from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShadowReportsConfig(AppConfig):
    name = "naptrack.shadow_reports"
    label = "shadow_reports"
    verbose_name = _("Shadow reports")
