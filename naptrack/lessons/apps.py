from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "naptrack.lessons"
    label = "lessons"
    verbose_name = "Lessons and best practices"
