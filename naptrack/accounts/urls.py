from django.urls import path

from naptrack.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("people/", views.people, name="people"),
    path(
        "people/memberships/<int:pk>/revoke/",
        views.membership_revoke,
        name="membership_revoke",
    ),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
