"""What every part of the JSON API shares: the one error shape, pagination and the docs page.

Every failure, whatever raised it, leaves the API as
{"error": {"code": ..., "message": ..., "fields": {location: [messages]}}}
so that clients need one parser (see docs/api.md).
"""

import logging
from functools import wraps
from inspect import iscoroutinefunction
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase
from ninja.pagination import PaginationBase

logger = logging.getLogger(__name__)

CODES_BY_STATUS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    422: "validation_error",
    429: "throttled",
}
ERROR_CODES = [*CODES_BY_STATUS.values(), "server_error"]


class ErrorDetail(Schema):
    code: str = Field(..., description=f"One of: {', '.join(ERROR_CODES)}.")
    message: str
    fields: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Messages per input, keyed by location: query.<name>, path.<name>, "
        "body.<name> (nested names joined by dots).",
    )


class ErrorOut(Schema):
    error: ErrorDetail


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error part of an operation's `response=` mapping, for the OpenAPI document."""
    return dict.fromkeys(statuses, ErrorOut)


READ_ERRORS = error_responses(401, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 422)


def error_payload(
    *, status: int, message: str, fields: dict[str, list[str]] | None = None, code: str = ""
) -> dict:
    return {
        "error": {
            "code": code or CODES_BY_STATUS.get(status, "bad_request"),
            "message": message,
            "fields": fields or {},
        }
    }


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    message: str,
    fields: dict[str, list[str]] | None = None,
    code: str = "",
) -> HttpResponse:
    payload = error_payload(status=status, message=message, fields=fields, code=code)
    response = api.create_response(request, payload, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _location(loc: tuple | list) -> str:
    """ninja's ("body", "payload", "title") becomes "body.title": the parameter name
    ninja adds for a body (or an unflattened query) schema means nothing to a client.
    Pydantic's union branch tags ("literal['']", "str-enum[PlanStatus]") go too, so each
    branch's message lands on the one field."""
    parts = [str(part) for part in loc if "[" not in str(part)]
    if len(parts) > 2 and parts[0] in ("body", "query"):
        parts = [parts[0], *parts[2:]]
    return ".".join(parts)


# Pydantic writes its messages in English; these are the ones clients meet, by error type,
# in words that translate (https://docs.pydantic.dev/latest/errors/validation_errors/).
VALIDATION_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "extra_forbidden": gettext_lazy("This field is not allowed here."),
    "string_type": gettext_lazy("Give a text."),
    "int_type": gettext_lazy("Give a whole number."),
    "int_parsing": gettext_lazy("Give a whole number."),
    "int_from_float": gettext_lazy("Give a whole number."),
    "float_parsing": gettext_lazy("Give a number."),
    "decimal_parsing": gettext_lazy("Give a number."),
    "bool_parsing": gettext_lazy("Give true or false."),
    "date_parsing": gettext_lazy("Give a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Give a date as YYYY-MM-DD."),
    "datetime_parsing": gettext_lazy("Give a date and time (ISO 8601)."),
    "list_type": gettext_lazy("Give a list."),
    "dict_type": gettext_lazy("Give an object."),
    "model_attributes_type": gettext_lazy("Give an object."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "string_too_long": gettext_lazy("At most %(max_length)s characters."),
    "string_too_short": gettext_lazy("At least %(min_length)s characters."),
    "greater_than_equal": gettext_lazy("At least %(ge)s."),
    "less_than_equal": gettext_lazy("At most %(le)s."),
    "greater_than": gettext_lazy("More than %(gt)s."),
    "less_than": gettext_lazy("Less than %(lt)s."),
    "enum": gettext_lazy("Give one of: %(expected)s."),
    "literal_error": gettext_lazy("Give one of: %(expected)s."),
}


def validation_message(error: dict) -> str:
    """A pydantic error in the client's language; its own words for types not listed
    (and for our validators' messages, which are translated where they are raised)."""
    template = VALIDATION_MESSAGES.get(error.get("type", ""))
    if template is None:
        return error.get("msg", "")
    try:
        return str(template) % {key: value for key, value in (error.get("ctx") or {}).items()}
    except (KeyError, TypeError):
        return error.get("msg", "")


def _ninja_validation_error(api, request, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_location(error.get("loc", ())), []).append(validation_message(error))
    return error_response(
        api, request, status=422, message=_("The request has invalid values."), fields=fields
    )


def _django_validation_error(api, request, exc: DjangoValidationError) -> HttpResponse:
    """A service refused the data. Field errors name the body field; rule errors
    (a transition not allowed from this state, say) become the message."""
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            if name == "__all__":
                general.extend(messages)
            else:
                fields[f"body.{API_FIELD_NAMES.get(name, name)}"] = messages
    else:
        general.extend(exc.messages)
    message = " ".join(general) or _("The request has invalid values.")
    return error_response(api, request, status=422, message=message, fields=fields)


# Model field names that the API spells differently in its bodies.
API_FIELD_NAMES = {"predecessor": "predecessor_id", "successor": "successor_id"}


def _http_error(api, request, exc: HttpError) -> HttpResponse:
    return error_response(api, request, status=exc.status_code, message=str(exc))


def _permission_denied(api, request, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You may not do this.")
    return error_response(api, request, status=403, message=message)


def _not_found(api, request, exc: Http404) -> HttpResponse:
    return error_response(api, request, status=404, message=str(exc) or _("Not found."))


def _server_error(api, request, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled error in %s %s", request.method, request.path, exc_info=exc)
    return error_response(
        api, request, status=500, code="server_error", message=_("Internal server error.")
    )


def install_error_handlers(api: NinjaAPI) -> None:
    handlers = {
        NinjaValidationError: _ninja_validation_error,
        DjangoValidationError: _django_validation_error,
        HttpError: _http_error,  # also ninja's AuthenticationError (401), Throttled (429)
        PermissionDenied: _permission_denied,
        Http404: _not_found,
        Exception: _server_error,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, _bind(handler, api))


def _bind(handler, api):
    def bound(request, exc):
        return handler(api, request, exc)

    return bound


# For reads: a token is optional (OpenAPI's empty requirement means "anonymous is fine").
ANONYMOUS_ALLOWED = {"security": [{}]}


class NaptrackAPI(NinjaAPI):
    """A NinjaAPI whose root and unknown paths also answer in JSON, not Django's HTML 404."""

    def _get_urls(self):
        # ninja's hook for its URL list. Its root view (always last) only raises Http404;
        # ours points to the docs. The catch-all must stay after every router's paths.
        urls = [url for url in super()._get_urls() if url.name != "api-root"]
        for url in urls:
            if not iscoroutinefunction(url.callback):
                url.callback = in_accept_language(self._json_not_allowed(url.callback))
        # Bearer-token requests carry no CSRF token: a POST to an unknown path is a 404,
        # not Django's CSRF failure page.
        return [
            *urls,
            path("", in_accept_language(csrf_exempt(self._root)), name="api-root"),
            path("<path:unknown>", in_accept_language(csrf_exempt(self._unknown_path))),
        ]

    def _json_not_allowed(self, view):
        """ninja answers a wrong method with a plain-text 405; give it the error shape.
        Text with a NUL character is refused first: PostgreSQL cannot store or even
        compare it, so it would end as a 500 there (SQLite lets it through)."""

        @wraps(view)  # keeps csrf_exempt: bearer-token requests carry no CSRF token
        def wrapped(request, *args, **kwargs):
            with_nul = _fields_with_nul(request)
            if with_nul:
                fields = dict.fromkeys(with_nul, [_("Text may not contain NUL (\\u0000).")])
                message = _("The request has invalid values.")
                return error_response(self, request, status=422, message=message, fields=fields)
            response = view(request, *args, **kwargs)
            if not isinstance(response, HttpResponseNotAllowed):
                return response
            allowed = response["Allow"]
            message = _("%(method)s is not allowed here; use %(allowed)s.") % {
                "method": request.method,
                "allowed": allowed,
            }
            json_response = error_response(self, request, status=405, message=message)
            json_response["Allow"] = allowed
            return json_response

        return wrapped

    def _root(self, request):
        if request.method not in ("GET", "HEAD"):
            message = _("%(method)s is not allowed here; use GET.") % {"method": request.method}
            response = error_response(self, request, status=405, message=message)
            response["Allow"] = "GET"
            return response
        links = {
            "docs": request.build_absolute_uri(reverse(f"{self.urls_namespace}:openapi-view")),
            "openapi": request.build_absolute_uri(reverse(f"{self.urls_namespace}:openapi-json")),
        }
        return self.create_response(request, {"title": self.title, **links}, status=200)

    def _unknown_path(self, request, unknown: str):
        return error_response(
            self, request, status=404, message=_("No API endpoint at %(path)s.") % {"path": unknown}
        )


def api_language(request: HttpRequest) -> str:
    """The API's language: the Accept-Language header alone (API clients keep no language
    cookie and the API has no language prefix); English when absent or unsupported."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def in_accept_language(view):
    """Run an API view, its messages and errors, in the client's Accept-Language."""

    @wraps(view)  # keeps csrf_exempt
    def wrapped(request, *args, **kwargs):
        language = api_language(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapped


def _fields_with_nul(request: HttpRequest) -> list[str]:
    """Locations (query.<name>, body) of text holding a NUL character. A JSON body
    carries it escaped as \\u0000 (uploads are checked by their own validators)."""
    fields = [f"query.{name}" for name, values in request.GET.lists() if "\x00" in "".join(values)]
    if request.content_type == "application/json" and b"\\u0000" in request.body:
        fields.append("body")
    return fields


class PageLinks(PaginationBase):
    """Page-number pagination with absolute next/previous links, the same for every list."""

    MAX_PAGE_SIZE = 200

    class Input(Schema):
        page: int = Field(1, ge=1, description="1-based page number.")
        page_size: int = Field(50, ge=1, le=200, description="Items per page (at most 200).")

    class Output(Schema):
        count: int = Field(..., description="Items on all pages together.")
        next: str | None = Field(None, description="URL of the next page; null on the last.")
        previous: str | None = Field(None, description="URL of the previous page.")
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params):
        # A list is what a selector returns when it must look at each row for this user.
        count = len(queryset) if isinstance(queryset, list) else queryset.count()
        start = (pagination.page - 1) * pagination.page_size
        items = list(queryset[start : start + pagination.page_size]) if start < count else []
        has_next = start + pagination.page_size < count
        has_previous = pagination.page > 1 and count > 0
        return {
            "count": count,
            "next": _page_url(request, pagination.page + 1) if has_next else None,
            "previous": _page_url(request, min(pagination.page - 1, _last_page(count, pagination)))
            if has_previous
            else None,
            "items": items,
        }


def _last_page(count: int, pagination) -> int:
    return max(1, -(-count // pagination.page_size))


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{urlencode(query, doseq=True)}")


class OfflineSwagger(DocsBase):
    """Swagger UI from vendored files and one first-party script: nothing from a CDN and
    no inline script, so the page works offline under the strict CSP."""

    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        return render(
            request,
            self.template,
            {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)},
        )
