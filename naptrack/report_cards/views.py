"""Report-card pages. Plans and cards come through naptrack.report_cards.permissions (404
for what a user may not see, 403 for what they may see but not change); writes go through
services. Every page works without JavaScript: plain forms, then a redirect."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.accounts.models import Organization
from naptrack.core.downloads import name_download
from naptrack.core.forms import add_service_errors, flash_service_errors
from naptrack.core.selectors import late_task_count
from naptrack.registry.choices import Publication
from naptrack.registry.permissions import can_edit_plan
from naptrack.report_cards import forms, method, outputs, permissions, selectors, services
from naptrack.report_cards.choices import CsoCardState, Kind
from naptrack.shadow_reports.permissions import member_organization_ids

BADGE_MAX_AGE = 3600


# ---- The card of a plan ------------------------------------------------------------------


# The queued work that changes a card: recomputing it (naptrack/report_cards/tasks.py).
CARD_TASKS = ["naptrack.report_cards.tasks.recompute_report_card"]


def _card_context(request, plan, card, **extra) -> dict:
    card = selectors.card_for_viewer(request.user, card)
    cso_cards = selectors.public_cso_cards(plan)
    can_sign = can_edit_plan(request.user, plan)
    return {
        "plan": plan,
        "card": card,
        "is_current": card is None or card.is_current,
        "rows": selectors.rows_beside(card, cso_cards),
        "cso_cards": cso_cards,
        "own_cards": list(selectors.cso_cards_for_member(request.user, plan)),
        "can_write_cso": bool(member_organization_ids(request.user)),
        "can_sign": can_sign,
        "statements": selectors.current_statements(plan) if can_sign else {},
        "statement_form": extra.get("statement_form")
        or (forms.StatementForm() if can_sign else None),
        "site_url": settings.SITE_URL,
        "current_version": method.METHOD_VERSION,
        "worker_late": late_task_count(CARD_TASKS, plan.pk),
        "worker_late_minutes": settings.NAPTRACK_WORKER_LATE_MINUTES,
    }


@require_GET
def card(request, pk: int):
    plan = permissions.plan_for_card(request.user, pk)
    context = _card_context(request, plan, selectors.current_card(plan))
    return render(request, "report_cards/card.html", context)


@require_GET
def card_version(request, pk: int, card: int):
    plan = permissions.plan_for_card(request.user, pk)
    context = _card_context(request, plan, selectors.card_version(plan, card))
    return render(request, "report_cards/card.html", context)


@require_GET
def history(request, pk: int):
    plan = permissions.plan_for_card(request.user, pk)
    context = {"plan": plan, "cards": list(selectors.card_history(plan))}
    return render(request, "report_cards/history.html", context)


@require_GET
def badge(request, pk: int):
    plan = permissions.plan_for_card(request.user, pk)
    svg = outputs.badge_svg(plan, selectors.current_card(plan))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    # Embedded on other sites as an image: no script can run in it, and it may be loaded
    # cross-origin; public plans only, so shared caches may keep it for an hour.
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    if plan.publication == Publication.PUBLISHED:
        patch_cache_control(response, public=True, max_age=BADGE_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def pdf(request, pk: int):
    plan = permissions.plan_for_card(request.user, pk)
    card = selectors.current_card(plan)
    context = {**_card_context(request, plan, card), "can_sign": False, "own_cards": []}
    html = render_to_string("report_cards/print.html", context, request=request)
    response = HttpResponse(outputs.pdf_bytes(html), content_type="application/pdf")
    return name_download(response, f"naptrack-report-card-{plan.pk}.pdf", inline=True)


# ---- Across plans ------------------------------------------------------------------------


@require_GET
def ranking(request):
    form = forms.RankingFilterForm(request.GET)
    page, not_graded = None, []
    if form.is_valid():
        filters = form.to_filters()
        plans = selectors.ranking(request.user, filters)
        page = Paginator(plans, settings.NAPTRACK_PAGE_SIZE).get_page(request.GET.get("page"))
        counts = selectors.ranking_not_graded(request.user, filters)
        not_graded = [(selectors.NOT_GRADED_REASONS[r], n) for r, n in counts.items()]
    template = "report_cards/ranking.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    context = {
        "form": form,
        "page": page,
        "not_graded": not_graded,
        "not_graded_total": sum(n for _reason, n in not_graded),
    }
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def method_page(request):
    context = {
        "method": method.method_description(),
        "criteria": method.CRITERIA,
        "version": method.METHOD_VERSION,
        "kinds": Kind.choices,
    }
    return render(request, "report_cards/method.html", context)


# ---- Coordinator statements --------------------------------------------------------------


@login_required
@require_POST
def statement_sign(request, pk: int):
    plan = permissions.plan_for_statement(request.user, pk)
    form = forms.StatementForm(request.POST)
    if form.is_valid():
        try:
            services.statement_sign(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("Statement signed. The report card is being recomputed."))
            return redirect("report_cards:card", pk=plan.pk)
        except ValidationError as error:
            add_service_errors(form, error, field_prefix="result_")
    context = _card_context(request, plan, selectors.current_card(plan), statement_form=form)
    return render(request, "report_cards/card.html", context, status=400)


@login_required
@require_POST
def statement_withdraw(request, pk: int):
    statement = permissions.statement_for_edit(request.user, pk)
    try:
        services.statement_withdraw(actor=request.user, statement=statement)
        messages.success(request, _("Statement withdrawn. The report card is being recomputed."))
    except ValidationError as error:
        flash_service_errors(request, error)
    return redirect("report_cards:card", pk=statement.plan_id)


# ---- Civil-society cards -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cso_create(request, pk: int):
    plan = permissions.plan_for_card(request.user, pk)
    organizations = Organization.objects.filter(pk__in=member_organization_ids(request.user))
    if not organizations.exists():
        raise PermissionDenied(_("Only civil-society members can write report cards."))
    form = forms.CsoCardCreateForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.cso_card_create(
                actor=request.user, plan=plan, organization=form.cleaned_data["organization"]
            )
            messages.success(request, _("Draft created. Give your results and reasons."))
            return redirect("report_cards:cso_edit", pk=created.pk)
        except ValidationError as error:
            form.add_error(None, error)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "report_cards/cso_create.html", {"plan": plan, "form": form}, status=status
    )


def _cso_context(request, card, form=None) -> dict:
    card = selectors.cso_card_detail(card)
    return {
        "cso_card": card,
        "plan": card.plan,
        "grades": selectors.cso_card_grades(card),
        "show_identity": permissions.can_see_identity(request.user, card),
        "is_author": permissions.can_author(request.user, card),
        "editable": card.state == CsoCardState.DRAFT,
        "form": form,
    }


@require_GET
def cso_card(request, pk: int):
    card = permissions.cso_card_for_read(request.user, pk)
    return render(request, "report_cards/cso_card.html", _cso_context(request, card))


@login_required
@require_http_methods(["GET", "POST"])
def cso_edit(request, pk: int):
    card = permissions.cso_card_for_author(request.user, pk)
    codes = [g.criterion for g in card.grades.all()]
    if request.method == "GET":
        form = forms.CsoCardForm(initial=forms.cso_card_initial(card), codes=codes)
        return render(request, "report_cards/cso_edit.html", _cso_context(request, card, form))
    form = forms.CsoCardForm(request.POST, codes=codes)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.cso_card_save(
                actor=request.user,
                card=card,
                grades=form.grades(),
                summary=data["summary"],
                publication_mode=data["publication_mode"],
                pseudonym=data["pseudonym"],
            )
            messages.success(request, _("Saved."))
            return redirect("report_cards:cso_edit", pk=card.pk)
        except ValidationError as error:
            add_service_errors(form, error, field_prefix="result_")
    return render(
        request, "report_cards/cso_edit.html", _cso_context(request, card, form), status=400
    )


@login_required
@require_POST
def cso_transition(request, pk: int, transition: str):
    card = permissions.cso_card_for_author(request.user, pk)
    service = {"publish": services.cso_card_publish, "withdraw": services.cso_card_withdraw}
    try:
        service[transition](actor=request.user, card=card)
        done = {"publish": _("Published."), "withdraw": _("Withdrawn.")}
        messages.success(request, done[transition])
    except ValidationError as error:
        flash_service_errors(request, error)
        return redirect("report_cards:cso_edit", pk=card.pk)
    return redirect("report_cards:card", pk=card.plan_id)
