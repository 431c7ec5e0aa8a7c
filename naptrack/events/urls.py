from django.urls import path

from naptrack.events import feeds, views

app_name = "events"
event = "calendar/events/<int:pk>/"
urlpatterns = [
    # Everyone
    path("calendar/", views.calendar_list, name="list"),
    path("calendar/month/", views.calendar_month, name="month"),
    path("calendar/feed.ics", feeds.calendar_feed, name="feed"),
    path(event, views.event_detail, name="detail"),
    path("calendar/deadlines/<str:token>.ics", feeds.my_deadlines_feed, name="my_deadlines"),
    # Signed-in people
    path("calendar/events/new/", views.event_submit, name="submit"),
    path("calendar/events/mine/", views.my_events, name="mine"),
    path(event + "edit/", views.event_edit, name="edit"),
    path(event + "cancel/", views.event_cancel, name="cancel"),
    path("calendar/my-feed/", views.my_feed, name="my_feed"),
    path("calendar/my-feed/revoke/", views.my_feed_revoke, name="my_feed_revoke"),
    # Moderators
    path("calendar/moderation/", views.moderation_queue, name="moderation"),
    path(event + "publish/", views.event_moderate, {"transition": "publish"}, name="publish"),
    path(event + "reject/", views.event_moderate, {"transition": "reject"}, name="reject"),
    path(event + "history/", views.event_history, name="history"),
]
