from django.urls import path

from naptrack.twinning import views

app_name = "twinning"
one = "twinning/<int:pk>/"
urlpatterns = [
    path("twinning/", views.partnership_list, name="list"),
    path("twinning/propose/", views.partnership_propose, name="propose"),
    path(one, views.partnership_detail, name="detail"),
    path(one + "edit/", views.partnership_edit, name="edit"),
    path(one + "agree/", views.partnership_transition, {"transition": "agree"}, name="agree"),
    path(one + "decline/", views.partnership_transition, {"transition": "decline"}, name="decline"),
    path(one + "status/", views.partnership_transition, {"transition": "status"}, name="status"),
    path(one + "exchanges/", views.exchange_add, name="exchange_add"),
    path(one + "history/", views.partnership_history, name="history"),
    path("twinning/suggestions/", views.suggestions_pick, name="suggestions_pick"),
    path(
        "twinning/suggestions/body/<slug:slug>/",
        views.body_suggestions,
        name="body_suggestions",
    ),
    path(
        "twinning/suggestions/body/<slug:slug>/decline/",
        views.body_suggestions_opt,
        {"choice": "decline"},
        name="body_suggestions_decline",
    ),
    path(
        "twinning/suggestions/body/<slug:slug>/allow/",
        views.body_suggestions_opt,
        {"choice": "allow"},
        name="body_suggestions_allow",
    ),
    path("twinning/suggestions/<str:iso3>/", views.suggestions, name="suggestions"),
    path(
        "twinning/suggestions/<str:iso3>/decline/",
        views.suggestions_opt,
        {"choice": "decline"},
        name="suggestions_decline",
    ),
    path(
        "twinning/suggestions/<str:iso3>/allow/",
        views.suggestions_opt,
        {"choice": "allow"},
        name="suggestions_allow",
    ),
]
