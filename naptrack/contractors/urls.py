from django.urls import path

from naptrack.contractors import views

app_name = "contractors"
contract = "contractors/contracts/<int:pk>/"
urlpatterns = [
    # Everyone
    path("contractors/", views.register_list, name="register"),
    path("contractors/export.csv", views.register_export, {"fmt": "csv"}, name="export_csv"),
    path("contractors/export.json", views.register_export, {"fmt": "json"}, name="export_json"),
    path("contractors/companies/<int:pk>/", views.contractor_detail, name="contractor"),
    path(contract, views.contract_detail, name="contract"),
    path(
        "contractors/evidence/answer/<int:pk>/file",
        views.evidence_download,
        {"kind": "answer"},
        name="answer_evidence_file",
    ),
    path(
        "contractors/evidence/challenge/<int:pk>/file",
        views.evidence_download,
        {"kind": "challenge"},
        name="challenge_evidence_file",
    ),
    # Coordinators (and platform admins for companies)
    path("contractors/companies/new/", views.contractor_create, name="contractor_create"),
    path("contractors/contracts/new/", views.contract_create, name="contract_create"),
    # The contracting authority
    path(contract + "items/<int:item>/answer/", views.answer_save, name="answer_save"),
    path("contractors/answers/<int:pk>/evidence/", views.answer_evidence_add, name="evidence_add"),
    path(contract + "incidents/", views.incident_record, name="incident_record"),
    path(
        "contractors/incidents/<int:pk>/publish/", views.incident_publish, name="incident_publish"
    ),
    # Civil society
    path("contractors/challenges/mine/", views.my_challenges, name="my_challenges"),
    path("contractors/answers/<int:pk>/challenge/", views.challenge_create, name="challenge"),
    # Moderators
    path("contractors/moderation/", views.moderation_queue, name="moderation"),
    path(
        "contractors/challenges/<int:pk>/publish/",
        views.challenge_moderate,
        {"transition": "publish"},
        name="challenge_publish",
    ),
    path(
        "contractors/challenges/<int:pk>/reject/",
        views.challenge_moderate,
        {"transition": "reject"},
        name="challenge_reject",
    ),
]
