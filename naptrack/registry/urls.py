from django.urls import path

from naptrack.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("countries/<str:iso3>/", views.country_detail, name="country"),
    path("regional-organizations/<slug:slug>/", views.regional_organization_detail,
         name="regional_organization"),
]
