from django.urls import path

from naptrack.plans import views

app_name = "plans"
element = "plans/<int:pk>/structure/<slug:kind>/"
urlpatterns = [
    path("plans/<int:pk>/structure/", views.structure, name="structure"),
    path("plans/<int:pk>/structure/changes/", views.structure_changes, name="changes"),
    path(
        "plans/<int:pk>/structure.xlsx", views.structure_export, {"fmt": "xlsx"}, name="export_xlsx"
    ),
    path("plans/<int:pk>/structure.csv", views.structure_export, {"fmt": "csv"}, name="export_csv"),
    path("plans/<int:pk>/structure/template.xlsx", views.structure_template, name="template"),
    path("plans/<int:pk>/structure/upload/", views.structure_upload, name="upload"),
    path("plans/<int:pk>/structure/start/", views.structure_start, name="start"),
    path("plans/<int:pk>/structure/agencies/add/", views.agency_add, name="agency_add"),
    path(element + "add/", views.element_add, name="add"),
    path(element + "<int:element_id>/edit/", views.element_edit, name="edit"),
    path(element + "<int:element_id>/delete/", views.element_delete, name="delete"),
]
