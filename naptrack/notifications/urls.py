from django.urls import path

from naptrack.notifications import views

app_name = "notifications"
urlpatterns = [
    path("me/notifications/", views.notification_list, name="list"),
    path("me/notifications/read/", views.mark_read, name="mark_read"),
    path("me/notifications/settings/", views.preferences, name="settings"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notifications/stop/<str:token>/", views.stop, name="stop"),
    path("me/notifications/emails/", views.deliveries, name="deliveries"),
    path("me/notifications/emails/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("follows/<str:kind>/<str:key>/<str:choice>/", views.follow, name="follow"),
]
