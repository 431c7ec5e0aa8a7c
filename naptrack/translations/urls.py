from django.urls import path

from naptrack.translations import views

app_name = "translations"
urlpatterns = [
    path("translations/<slug:kind>/<int:pk>/", views.translations_edit, name="edit"),
]
