from django.urls import path

from naptrack.shadow_reports import views
from naptrack.shadow_reports.feeds import PlanShadowReportsFeed, ShadowReportsFeed

app_name = "shadow_reports"
report = "shadow-reports/<int:pk>/"
urlpatterns = [
    # Everyone
    path("plans/<int:pk>/shadow-reports/", views.plan_reports, name="plan_reports"),
    path("feeds/shadow-reports/", ShadowReportsFeed(), name="feed"),
    path("plans/<int:pk>/shadow-reports/feed/", PlanShadowReportsFeed(), name="plan_feed"),
    path("plans/<int:pk>/side-by-side/", views.side_by_side, name="side_by_side"),
    path(report, views.report_detail, name="detail"),
    path("shadow-reports/evidence/<int:pk>/file", views.evidence_download, name="evidence_file"),
    # Civil-society members
    path("shadow-reports/mine/", views.my_reports, name="mine"),
    path("shadow-reports/invitations/", views.invitations, name="invitations"),
    path(
        "shadow-reports/invitations/<int:pk>/accept/",
        views.invitation_respond,
        {"answer": "accept"},
        name="invitation_accept",
    ),
    path(
        "shadow-reports/invitations/<int:pk>/decline/",
        views.invitation_respond,
        {"answer": "decline"},
        name="invitation_decline",
    ),
    path("plans/<int:pk>/shadow-reports/new/", views.report_create, name="create"),
    path(report + "edit/", views.report_edit, name="edit"),
    path(report + "actions/<int:action>/", views.assessment_save, name="assessment_save"),
    path(
        "shadow-reports/assessments/<int:pk>/remove/",
        views.assessment_remove,
        name="assessment_remove",
    ),
    path("shadow-reports/assessments/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("shadow-reports/evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path(report + "submit/", views.report_transition, {"transition": "submit"}, name="submit"),
    path(report + "reopen/", views.report_transition, {"transition": "reopen"}, name="reopen"),
    path(report + "publish/", views.report_publish, name="publish"),
    path(report + "withdraw/", views.report_withdraw, name="withdraw"),
    # Moderators
    path("shadow-reports/moderation/", views.moderation_queue, name="moderation"),
    path(report + "hide/", views.report_moderate, {"transition": "hide"}, name="hide"),
    path(report + "unhide/", views.report_moderate, {"transition": "unhide"}, name="unhide"),
    path(report + "history/", views.report_history, name="history"),
    # The plan owner's coordinators
    path(report + "reply/", views.reply_publish, name="reply"),
]
