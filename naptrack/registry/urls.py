from django.urls import path

from naptrack.registry.views import manage, public  # noqa: F401 (manage: paths below)

app_name = "registry"
urlpatterns = [
    path("", public.home, name="home"),
    path("plans/<int:pk>/", public.plan_detail, name="plan"),
    path("countries/<str:iso3>/", public.country_detail, name="country"),
    path(
        "regional-organizations/<slug:slug>/",
        public.regional_organization_detail,
        name="regional_organization",
    ),
]
# Editing pages (manage.py) add their paths below.
urlpatterns += []
