from django.urls import path

from naptrack.reporting import output_views as views

app_name = "reporting_outputs"
version = "plans/<int:pk>/reports/<int:cycle>/v<int:version>/"
urlpatterns = [
    path(version + "standard/", views.standard_report, name="standard"),
    path(version + "standard.pdf", views.standard_report_pdf, name="standard_pdf"),
    path(version + "standard.xlsx", views.standard_report_xlsx, name="standard_xlsx"),
    path(version + "standard.csv", views.standard_report_csv, name="standard_csv"),
    path("plans/<int:pk>/dashboard/", views.plan_dashboard, name="dashboard"),
    path("compilation/", views.compilation_index, name="compilation_index"),
    path("compilation/<int:year>/", views.compilation_page, name="compilation"),
    path("compilation/<int:year>.csv", views.compilation_csv, name="compilation_csv"),
    path("compilation/<int:year>.xlsx", views.compilation_xlsx, name="compilation_xlsx"),
]
