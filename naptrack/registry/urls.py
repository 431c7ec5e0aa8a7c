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
    path("plans/", public.plan_list, name="plan_list"),
    path("plans/<int:pk>/history/", public.plan_history, name="plan_history"),
    path("countries/", public.country_list, name="country_list"),
    path("indicators/", public.indicator_list, name="indicator_list"),
    path("data-quality/", public.data_quality, name="data_quality"),
    path(
        "regional-organizations/",
        public.regional_organization_list,
        name="regional_organization_list",
    ),
]
# Editing pages (manage.py) add their paths below.
urlpatterns += [
    path("plans/new/", manage.plan_create, name="plan_create"),
    path("plans/<int:pk>/edit/", manage.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/sources/", manage.plan_sources, name="plan_sources"),
    path("plans/<int:pk>/publish/", manage.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/status/", manage.plan_status, name="plan_status"),
]
