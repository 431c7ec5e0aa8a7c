from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportCardsConfig(AppConfig):
    name = "naptrack.report_cards"
    label = "report_cards"
    verbose_name = _("Report cards")
