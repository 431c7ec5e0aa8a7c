from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportCardsConfig(AppConfig):
    name = "naptrack.report_cards"
    label = "report_cards"
    verbose_name = _("Report cards")

    def ready(self) -> None:
        from naptrack.core.signals import activity_recorded
        from naptrack.report_cards.receivers import recompute_when_inputs_change

        activity_recorded.connect(
            recompute_when_inputs_change, dispatch_uid="report_cards.recompute_when_inputs_change"
        )
