from django.urls import path

from naptrack.consultations import views

app_name = "consultations"
one = "consultations/<int:pk>/"
comment = one + "comments/<int:comment>/"
urlpatterns = [
    # Everyone
    path("consultations/", views.consultation_list, name="list"),
    path(one, views.consultation_detail, name="detail"),
    path(one + "comment/", views.comment_post, name="comment"),
    path(one + "field-form.pdf", views.field_form_pdf, name="field_form"),
    path(one + "you-said-we-did/", views.report_page, name="report_page"),
    path(one + "you-said-we-did.pdf", views.report_pdf, name="report_pdf"),
    path(one + "you-said-we-did.xlsx", views.report_xlsx, name="report_xlsx"),
    path(comment + "support/", views.comment_support, name="support"),
    # Moderators
    path(comment + "hide/", views.comment_moderate, {"transition": "hide"}, name="hide"),
    path(comment + "unhide/", views.comment_moderate, {"transition": "unhide"}, name="unhide"),
    # The plan owner's coordinators
    path("plans/<int:pk>/consultations/new/", views.consultation_create, name="create"),
    path(one + "edit/", views.consultation_edit, name="edit"),
    path(one + "draft-text/", views.draft_attach, name="draft_attach"),
    path(one + "open/", views.consultation_transition, {"transition": "open"}, name="open"),
    path(one + "close/", views.consultation_transition, {"transition": "close"}, name="close"),
    path(one + "report/", views.report_publish, name="report"),
    path(comment + "answer/", views.comment_answer, name="answer"),
    path(one + "facilitators/", views.facilitators, name="facilitators"),
    path(
        one + "facilitators/<int:facilitator>/remove/",
        views.facilitator_remove,
        name="facilitator_remove",
    ),
    # Coordinators and facilitators: offline input
    path(one + "offline/new/", views.session_create, name="session_create"),
    path(one + "offline/<int:session>/", views.session_detail, name="session"),
    path(one + "offline/import/", views.offline_import, name="import"),
]
