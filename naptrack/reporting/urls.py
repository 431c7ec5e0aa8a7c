from django.urls import path

from naptrack.reporting import views
from naptrack.reporting.feeds import OfficialReportsFeed, PlanOfficialReportsFeed

app_name = "reporting"
cycle = "plans/<int:pk>/reporting/cycles/<int:cycle>/"
report = "plans/<int:pk>/reports/<int:cycle>/v<int:version>/"
urlpatterns = [
    # Feeds (Atom), public content only
    path("feeds/official-reports/", OfficialReportsFeed(), name="feed"),
    path("plans/<int:pk>/reports/feed/", PlanOfficialReportsFeed(), name="plan_feed"),
    # Agency reporters
    path("reporting/", views.my_reporting, name="mine"),
    path("reporting/updates/<int:pk>/", views.update_edit, name="update"),
    path("reporting/updates/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("reporting/evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("reporting/evidence/<int:pk>/file", views.evidence_download, name="evidence_file"),
    # Coordinators
    path("plans/<int:pk>/reporting/", views.plan_reporting, name="plan"),
    path("plans/<int:pk>/reporting/schedule/", views.schedule_save, name="schedule"),
    path("plans/<int:pk>/reporting/generate/", views.cycles_generate, name="generate"),
    path("plans/<int:pk>/reporting/cycles/add/", views.cycle_add, name="cycle_add"),
    path(cycle, views.cycle_detail, name="cycle"),
    path(cycle + "open/", views.cycle_transition, {"transition": "open"}, name="cycle_open"),
    path(cycle + "close/", views.cycle_transition, {"transition": "close"}, name="cycle_close"),
    path(cycle + "updates/<int:update>/review/", views.review, name="review"),
    path(cycle + "report/", views.report_compile, name="report_compile"),
    path(report + "publish/", views.report_publish, name="report_publish"),
    path(report + "correct/", views.report_correct, name="report_correct"),
    # Everyone
    path("plans/<int:pk>/reports/", views.report_list, name="reports"),
    path("plans/<int:pk>/reports/<int:cycle>/", views.report_latest, name="report_latest"),
    path(report, views.report_detail, name="report"),
]
