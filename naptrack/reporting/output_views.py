"""Public outputs of the reporting cycle: the standardized report of each published
version (HTML, PDF, XLSX, CSV), a plan's implementation dashboard and the global
compilation. They show published data only: drafts are 404 for everyone, coordinators
included (they preview drafts on the official report page)."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from naptrack.core.downloads import name_download
from naptrack.reporting import compilation, dashboard, output_access, outputs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_YEAR, MAX_YEAR = 1990, 2200


def _download(content, content_type: str, filename: str, *, inline: bool = False):
    response = HttpResponse(content, content_type=content_type)
    return name_download(response, filename, inline=inline)


def _standard(request, pk, cycle, version) -> outputs.StandardReport:
    report = output_access.report_for_output(request.user, pk, cycle, version)
    return outputs.standard_report(report)


def _filename(standard: outputs.StandardReport, extension: str) -> str:
    report = standard.report
    label = slugify(report.cycle.label) or str(report.cycle_id)
    return f"naptrack-report-{report.cycle.plan_id}-{label}-v{report.version}.{extension}"


@require_GET
def standard_report(request, pk: int, cycle: int, version: int):
    standard = _standard(request, pk, cycle, version)
    context = {"standard": standard, "plan": standard.report.cycle.plan}
    return render(request, "reporting/outputs/standard_report.html", context)


@require_GET
def standard_report_pdf(request, pk: int, cycle: int, version: int):
    standard = _standard(request, pk, cycle, version)
    template, context = "reporting/outputs/standard_report_print.html", {"standard": standard}
    pdf = outputs.stored_pdf(
        standard.report,
        get_language(),
        lambda: render_to_string(template, context, request=request),
    )
    return _download(pdf, "application/pdf", _filename(standard, "pdf"), inline=True)


@require_GET
def standard_report_xlsx(request, pk: int, cycle: int, version: int):
    standard = _standard(request, pk, cycle, version)
    return _download(outputs.xlsx_bytes(standard), XLSX, _filename(standard, "xlsx"))


@require_GET
def standard_report_csv(request, pk: int, cycle: int, version: int):
    standard = _standard(request, pk, cycle, version)
    content_type = "text/csv; charset=utf-8"
    return _download(outputs.csv_text(standard), content_type, _filename(standard, "csv"))


@require_GET
def plan_dashboard(request, pk: int):
    plan = output_access.plan_for_output(request.user, pk)
    context = {"plan": plan, "dashboard": dashboard.plan_dashboard(plan)}
    return render(request, "reporting/outputs/dashboard.html", context)


def _dataset(request) -> str | None:
    dataset = request.GET.get("dataset", compilation.REAL)
    return dataset if dataset in compilation.DATASETS else None


def _bad_dataset(request):
    message = _("Unknown dataset “%(value)s”: use “real” or “synthetic”.") % {
        "value": request.GET.get("dataset")
    }
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("No compilation for that year."))
    return year


@require_GET
def compilation_index(request):
    dataset = _dataset(request)
    if dataset is None:
        return _bad_dataset(request)
    if request.GET.get("year", "").isdigit():
        url = reverse("reporting_outputs:compilation", args=[_year(int(request.GET["year"]))])
        return redirect(url + ("?dataset=synthetic" if dataset == compilation.SYNTHETIC else ""))
    context = {"years": compilation.years_with_reports(dataset), "dataset": dataset}
    return render(request, "reporting/outputs/compilation_index.html", context)


@require_GET
def compilation_page(request, year: int):
    dataset = _dataset(request)
    if dataset is None:
        return _bad_dataset(request)
    result = compilation.global_compilation(_year(year), dataset)
    return render(request, "reporting/outputs/compilation.html", {"compilation": result})


def _compilation_download(request, year: int, extension: str):
    dataset = _dataset(request)
    if dataset is None:
        return _bad_dataset(request)
    result = compilation.global_compilation(
        _year(year), dataset, absolute=request.build_absolute_uri
    )
    prefix = "naptrack-synthetic-compilation" if result.synthetic else "naptrack-compilation"
    filename = f"{prefix}-{year}.{extension}"
    if extension == "csv":
        return _download(compilation.csv_text(result), "text/csv; charset=utf-8", filename)
    return _download(compilation.xlsx_bytes(result), XLSX, filename)


@require_GET
def compilation_csv(request, year: int):
    return _compilation_download(request, year, "csv")


@require_GET
def compilation_xlsx(request, year: int):
    return _compilation_download(request, year, "xlsx")
