from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from naptrack.analysis import exports, selectors
from naptrack.analysis.charts import FIGURES, ChartContext, overview_figures
from naptrack.analysis.forms import CountrySetForm, errors_text
from naptrack.analysis.schema import DATA_LICENCE, data_package
from naptrack.core.downloads import name_download
from naptrack.core.spreadsheets import csv_writer
from naptrack.registry.forms import PlanFilterForm

ATLAS = "vendor/world-atlas/countries-110m.json"


def overview(request):
    form = CountrySetForm(request.GET)
    if not form.is_valid():
        return render(request, "analysis/overview.html", {"form": form}, status=400)
    context = ChartContext(request.user, form.country_set(), static(ATLAS))
    return render(
        request,
        "analysis/overview.html",
        {
            "form": form,
            "country_set": context.country_set,
            "set_label": context.set_label,
            "figures": overview_figures(context),
        },
    )


def chart_csv(request, chart: str):
    build = FIGURES.get(chart)
    if build is None:
        raise Http404(_("No such chart."))
    form = CountrySetForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(errors_text(form), content_type="text/plain; charset=utf-8")
    figure = build(ChartContext(request.user, form.country_set()), with_spec=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name_download(response, f"naptrack-{chart}-{form.country_set()}.csv")
    writer = csv_writer(response)
    writer.writerow(figure.table.headers)
    writer.writerows(figure.table.rows)
    return response


def open_data(request):
    return render(
        request,
        "analysis/open_data.html",
        {"filter_form": PlanFilterForm(), "licence": DATA_LICENCE},
    )


def _filtered(request, selector):
    """(rows of the selector, None) for valid plan filters, (None, 400 response) otherwise."""
    form = PlanFilterForm(request.GET)
    if not form.is_valid():
        message = _("The filters are not valid:") + "\n" + errors_text(form)
        return None, HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return exports.iterate(selector(request.user, form.to_filters())), None


def _filtered_plans(request):
    return _filtered(request, selectors.open_data_plans)


def _page_url(request):
    return lambda plan: request.build_absolute_uri(plan.get_absolute_url())


def _download(stream, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream, content_type=content_type)
    return name_download(response, filename)


def plans_csv(request):
    plans, error = _filtered_plans(request)
    if error:
        return error
    stream = exports.stream_plans_csv(plans, _page_url(request))
    return _download(stream, "text/csv; charset=utf-8", "naptrack-plans.csv")


def plans_json(request):
    plans, error = _filtered_plans(request)
    if error:
        return error
    schema_url = request.build_absolute_uri(reverse("analysis:schema_json"))
    stream = exports.stream_plans_json(plans, _page_url(request), schema_url)
    return _download(stream, "application/json", "naptrack-plans.json")


def countries_csv(request):
    countries = exports.iterate(selectors.open_data_countries())
    stream = exports.stream_countries_csv(countries)
    return _download(stream, "text/csv; charset=utf-8", "naptrack-countries.csv")


def _plan_rows_csv(request, selector, stream, filename: str):
    """A CSV of rows that belong to the exported plans (facts, sources), same filters."""
    rows, error = _filtered(request, selector)
    if error:
        return error
    return _download(stream(rows), "text/csv; charset=utf-8", filename)


def facts_csv(request):
    return _plan_rows_csv(
        request, selectors.open_data_facts, exports.stream_facts_csv, "naptrack-facts.csv"
    )


def sources_csv(request):
    return _plan_rows_csv(
        request, selectors.open_data_sources, exports.stream_sources_csv, "naptrack-sources.csv"
    )


def schema_json(request):
    return JsonResponse(data_package(request.build_absolute_uri))
