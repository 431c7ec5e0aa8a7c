from django.urls import path

from naptrack.analysis import views

app_name = "analysis"
urlpatterns = [
    path("analysis/", views.overview, name="overview"),
    path("analysis/<slug:chart>.csv", views.chart_csv, name="chart_csv"),
    path("data/", views.open_data, name="open_data"),
    path("data/plans.csv", views.plans_csv, name="plans_csv"),
    path("data/plans.json", views.plans_json, name="plans_json"),
    path("data/countries.csv", views.countries_csv, name="countries_csv"),
    path("data/facts.csv", views.facts_csv, name="facts_csv"),
    path("data/sources.csv", views.sources_csv, name="sources_csv"),
    path("data/schema.json", views.schema_json, name="schema_json"),
]
