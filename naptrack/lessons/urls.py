from django.urls import path

from naptrack.lessons import views

app_name = "lessons"
one = "lessons/<int:pk>/"
urlpatterns = [
    path("lessons/", views.lesson_list, name="list"),
    path("lessons/new/", views.lesson_submit, name="submit"),
    path("lessons/moderation/", views.moderation_queue, name="moderation"),
    path(one, views.lesson_detail, name="detail"),
    path(one + "publish/", views.lesson_moderate, {"transition": "publish"}, name="publish"),
    path(one + "reject/", views.lesson_moderate, {"transition": "reject"}, name="reject"),
    path(one + "withdraw/", views.lesson_moderate, {"transition": "withdraw"}, name="withdraw"),
]
