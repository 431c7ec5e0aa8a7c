"""The site's error pages, which answer in the API's error shape under /api/.

Django's handlers answer when no view did: a path that matches no URL (one with a
control character, say), a CSRF failure, a crash outside the API's own exception
handlers. An API client must still get JSON it can parse, with the same shape as every
other API error (naptrack/core/api.py); the rest of the site keeps its HTML pages."""

import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import csrf, defaults

from naptrack.core.api import error_payload

logger = logging.getLogger(__name__)
API_PREFIX = "/api/"
JSON = "application/json; charset=utf-8"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json_error(status: int, message: str, code: str = "") -> JsonResponse:
    payload = error_payload(status=status, message=message, code=code)
    return JsonResponse(payload, status=status, content_type=JSON)


def bad_request(request, exception, template_name="400.html"):
    if is_api_request(request):
        return _json_error(400, gettext("The request is malformed."))
    return render(request, template_name, status=400)


def permission_denied(request, exception, template_name="403.html"):
    if is_api_request(request):
        return _json_error(403, str(exception) or gettext("You may not do this."))
    return render(request, template_name, {"reason": str(exception or "")}, status=403)


def page_not_found(request, exception, template_name="404.html"):
    if is_api_request(request):
        return _json_error(404, gettext("No API endpoint at this path."))
    return render(request, template_name, {"request_path": request.path}, status=404)


def server_error(request, template_name="500.html"):
    if is_api_request(request):
        return _json_error(500, gettext("Internal server error."), code="server_error")
    return _server_error_page(request, template_name)


def _server_error_page(request, template_name: str) -> HttpResponse:
    """The site's shell when it can still be drawn; when drawing it fails too (the
    database is down, say), a plain page with the same way on."""
    try:
        return render(request, template_name, status=500)
    except Exception:
        logger.exception("The 500 page could not be drawn in the site's shell.")
        return defaults.server_error(request, "errors/500_plain.html")


def csrf_failure(request, reason="", template_name=csrf.CSRF_FAILURE_TEMPLATE_NAME):
    """The API reads no session, so a CSRF failure there means a session cookie came
    with the request; say what to send instead."""
    if is_api_request(request):
        message = gettext(
            "CSRF check failed: send an API token (Authorization: Bearer), no cookies."
        )
        return _json_error(403, message)
    return csrf.csrf_failure(request, reason, template_name)


def switch_language(request, language: str):
    """The language switcher's links: remember the choice in a cookie and go to the page the
    visitor was on, in that language. A plain link (GET), so it works without JavaScript
    and on cached pages; it changes nothing but the visitor's own cookie."""
    if language not in dict(settings.LANGUAGES):
        raise Http404(gettext("No such language."))
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(translate_url(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
