from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "naptrack.lessons"
    label = "lessons"
    verbose_name = "Lessons and best practices"

    def ready(self) -> None:
        from naptrack.core.signals import activity_recorded
        from naptrack.lessons.receivers import reindex_lesson_when_it_changes

        activity_recorded.connect(
            reindex_lesson_when_it_changes,
            dispatch_uid="lessons.reindex_lesson_when_it_changes",
        )
