from django.urls import path

from naptrack.library import views

app_name = "library"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("library/", views.library_index, name="index"),
    path("library/upload/", views.library_upload, name="library_upload"),
    path("plans/<int:pk>/documents/", views.plan_documents, name="plan_documents"),
    path("plans/<int:pk>/documents/upload/", views.plan_document_upload, name="plan_upload"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/status/", views.document_status, name="status"),
    path("documents/<int:pk>/original/", views.document_original, name="original"),
    path("documents/<int:pk>/retry/", views.document_retry, name="retry"),
    path("documents/<int:pk>/pages/<int:number>/", views.document_page, name="page"),
]
