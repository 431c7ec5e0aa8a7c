from django.urls import path

from naptrack.report_cards import views

app_name = "report_cards"
card = "plans/<int:pk>/report-card/"
cso = "report-cards/cso/<int:pk>/"
urlpatterns = [
    # Everyone who may read the plan
    path(card, views.card, name="card"),
    path(card + "<int:card>/", views.card_version, name="card_version"),
    path(card + "history/", views.history, name="history"),
    path(card + "badge.svg", views.badge, name="badge"),
    path(card + "report-card.pdf", views.pdf, name="pdf"),
    path("report-cards/", views.ranking, name="ranking"),
    path("report-cards/method/", views.method_page, name="method"),
    path(cso, views.cso_card, name="cso_card"),
    # The plan owner's coordinators
    path(card + "statements/", views.statement_sign, name="statement_sign"),
    path(
        "report-cards/statements/<int:pk>/withdraw/",
        views.statement_withdraw,
        name="statement_withdraw",
    ),
    # Civil-society members
    path(card + "cso/new/", views.cso_create, name="cso_create"),
    path(cso + "edit/", views.cso_edit, name="cso_edit"),
    path(cso + "publish/", views.cso_transition, {"transition": "publish"}, name="cso_publish"),
    path(cso + "withdraw/", views.cso_transition, {"transition": "withdraw"}, name="cso_withdraw"),
]
