from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "naptrack.library"
    label = "library"
    verbose_name = _("Document library")

    def ready(self) -> None:
        from naptrack.core.signals import activity_recorded
        from naptrack.library.receivers import (
            reindex_actions_when_structure_changes,
            reindex_plans_when_plans_change,
        )

        activity_recorded.connect(
            reindex_actions_when_structure_changes,
            dispatch_uid="library.reindex_actions_when_structure_changes",
        )
        activity_recorded.connect(
            reindex_plans_when_plans_change,
            dispatch_uid="library.reindex_plans_when_plans_change",
        )
