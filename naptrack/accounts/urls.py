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
    path("role-requests/", views.role_request_create, name="role_request_create"),
    path(
        "people/role-requests/<int:pk>/decide/",
        views.role_request_decide,
        name="role_request_decide",
    ),
    path("people/organizations/", views.organization_create, name="organization_create"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
