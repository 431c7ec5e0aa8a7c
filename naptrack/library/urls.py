from django.urls import path

from naptrack.library import views

app_name = "library"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("library/", views.library_index, name="index"),
    path("library/upload/", views.library_upload, name="library_upload"),
    path("plans/<int:pk>/documents/", views.plan_documents, name="plan_documents"),
    path("plans/<int:pk>/documents/upload/", views.plan_document_upload, name="plan_upload"),
    path(
        "official-reports/<int:pk>/documents/upload/",
        views.official_report_document_upload,
        name="official_report_upload",
    ),
    path(
        "shadow-reports/<int:pk>/documents/upload/",
        views.shadow_report_document_upload,
        name="shadow_report_upload",
    ),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/status/", views.document_status, name="status"),
    path("documents/<int:pk>/original/", views.document_original, name="original"),
    path("documents/<int:pk>/retry/", views.document_retry, name="retry"),
    path("documents/<int:pk>/pages/<int:number>/", views.document_page, name="page"),
    path("documents/<int:pk>/structure/", views.document_structure, name="structure"),
    path("plans/<int:pk>/evidence/", views.plan_evidence, name="plan_evidence"),
    path("evidence/<int:pk>/review/", views.evidence_review, name="evidence_review"),
    # Under /analysis/ beside the overview; "themes.csv" would be taken by its charts' CSVs.
    path("analysis/themes/", views.themes, name="themes"),
    path("analysis/themes/prevalence.csv", views.themes_csv, name="themes_csv"),
    path("analysis/themes/<str:iso3>/", views.theme_generations, name="theme_generations"),
]
