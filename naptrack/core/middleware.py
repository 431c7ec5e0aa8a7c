"""Pages served from a cache: public pages to anonymous visitors, and a signed-in
session's own pages back to that session (PersonalPageCacheMiddleware, decision 0010).

A cached page is valid exactly as long as nothing changed: its key holds the newest id of
the audit trail (every state change writes an Activity row, see core.services) and today's
date (derived statuses such as "expired" move with the calendar). The version comes from the
database, so several app servers, each with its own cache or sharing one, never serve a page
older than the last recorded change. The scheme and host are in the key too, since pages
hold absolute links. Signed-in users and API token holders never get a public page, so
scoped content (drafts) never enters or leaves the public cache.
"""

import functools
import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.translation import (
    get_language,
    get_language_from_path,
    get_language_from_request,
)

from naptrack.core.models import Activity


def data_version() -> int:
    """The newest audit-trail id: it changes with every recorded state change."""
    return Activity.objects.order_by("-id").values_list("id", flat=True).first() or 0


def is_anonymous_request(request) -> bool:
    # The language cookie only picks the language, which is part of the cache key.
    cookies = set(request.COOKIES) - {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return not cookies and "HTTP_AUTHORIZATION" not in request.META


LANGUAGE_CODES = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
LANGUAGE_PREFIX = re.compile(f"^/({LANGUAGE_CODES})(?=/)")


def path_without_language(path: str) -> str:
    """/fr/plans/ -> /plans/: the cached paths are listed once for every language."""
    return LANGUAGE_PREFIX.sub("", path, count=1)


def page_language(request) -> str:
    """The language a page will answer in: the URL's prefix, else the visitor's preference
    (cookie, then Accept-Language), which decides between the English page and a redirect."""
    if request.path_info.startswith("/api/"):  # the API answers in Accept-Language alone
        from naptrack.core.api import api_language

        return api_language(request)
    return get_language_from_path(request.path_info) or get_language_from_request(request)


class PageCacheMiddleware:
    """Serves a stored page while its key still holds; subclasses say when the cache
    applies, what the key holds, what may be stored and for how long."""

    paths_setting = ""
    seconds_setting = ""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = [re.compile(p) for p in getattr(settings, self.paths_setting)]

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        cache = caches["default"]
        key = self.key_for(request)
        response = cache.get(key)
        if response is None:
            before = self.state_before(request)
            response = self.get_response(request)
            if self.may_store(request, response, before):
                self.prepare_for_storing(response)
                cache.set(key, response, getattr(settings, self.seconds_setting))
        return response

    def is_listed(self, request) -> bool:
        return any(pattern.fullmatch(path_without_language(request.path)) for pattern in self.paths)

    def state_before(self, request):
        return None

    def prepare_for_storing(self, response) -> None:
        pass


class PublicPageCacheMiddleware(PageCacheMiddleware):
    paths_setting = "NAPTRACK_PUBLIC_CACHE_PATHS"
    seconds_setting = "NAPTRACK_PUBLIC_CACHE_SECONDS"

    def applies_to(self, request) -> bool:
        return (
            settings.NAPTRACK_PUBLIC_CACHE_SECONDS > 0
            and request.method == "GET"
            and is_anonymous_request(request)
            and self.is_listed(request)
        )

    @staticmethod
    def may_store(request, response, _before) -> bool:
        return response.status_code == 200 and not response.streaming and not response.cookies

    @staticmethod
    def key_for(request) -> str:
        # Pages hold absolute links (pagination, open-data URLs) built from the request's
        # scheme and host: a page built for one host must never be served to another.
        parts = (
            request.scheme,
            request.get_host(),
            data_version(),
            timezone.now().date().isoformat(),
            page_language(request),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-History-Restore-Request", ""),
            request.get_full_path(),
        )
        return "public-page:" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def is_personal_request(request) -> bool:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return signed_in or "HTTP_AUTHORIZATION" in request.META


class PrivateResponsesMiddleware:
    """Every response to a signed-in user or to an API token holder may hold what only they
    may see (drafts, identities, their downloads): no shared cache or browser store keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal_request(request) and "no-store" not in response.get("Cache-Control", ""):
            # Replaces whatever public caching a view chose for anonymous visitors.
            response["Cache-Control"] = "private, no-store"
        return response


class PreferredLanguageMiddleware:
    """A visitor who prefers another language than English, by the switcher's cookie or
    else by Accept-Language, and opens an unprefixed page (/plans/) is sent to it in that
    language (/fr/plans/). Only browser navigations are redirected: feeds, downloads and
    htmx requests answer where they were asked. Signed-in users who set no cookie get the
    language they chose for their e-mails."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self.redirect_target(request)
        if target:
            response = HttpResponseRedirect(target)
        else:
            response = self.get_response(request)
        if request.method in ("GET", "HEAD") and not get_language_from_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    @staticmethod
    def preferred_language(request) -> str:
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            user = getattr(request, "user", None)
            chosen = getattr(user, "language", "") if user and user.is_authenticated else ""
            if chosen in dict(settings.LANGUAGES):
                return chosen
        return get_language_from_request(request)

    def redirect_target(self, request) -> str:
        is_navigation = (
            request.method in ("GET", "HEAD")
            and "text/html" in request.headers.get("Accept", "")
            and not request.headers.get("HX-Request")
        )
        if not is_navigation or get_language_from_path(request.path_info):
            return ""
        language = self.preferred_language(request)
        if language == settings.LANGUAGE_CODE:
            return ""
        full_path = request.get_full_path()
        target = translate_url(full_path, language)
        return target if target != full_path else ""


class PersonalPageCacheMiddleware(PageCacheMiddleware):
    """Pages of signed-in users served from the cache to the same session while nothing
    has changed (decision 0010).

    The key holds the session key (hashed with the rest), the user, the CSRF secret the
    page's forms were masked with, the data version and today's date, so any recorded
    change anywhere (a role granted, an edit, a publication) makes every entry unreachable,
    a new session (sign-out, sign-in) never finds the old one, and two people never share
    one. Sits after the authentication, messages and two-factor middleware: the
    two-factor redirect happens first, and a request with a flash message waiting
    gets a fresh page, so the message shows exactly once."""

    paths_setting = "NAPTRACK_PERSONAL_CACHE_PATHS"
    seconds_setting = "NAPTRACK_PERSONAL_CACHE_SECONDS"

    def state_before(self, request):
        return request.META["CSRF_COOKIE"]  # the secret the page's forms are masked with

    def prepare_for_storing(self, response) -> None:
        response["Cache-Control"] = "private, no-store"

    def applies_to(self, request) -> bool:
        return (
            settings.NAPTRACK_PERSONAL_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and is_session_user(request)
            # Forms on a stored page carry a token masked from this secret; without one,
            # the view would make a new secret, and its page must not outlive it.
            and request.META.get("CSRF_COOKIE")
            and not has_pending_messages(request)
            and self.is_listed(request)
        )

    @staticmethod
    def may_store(request, response, csrf_secret) -> bool:
        """Only a whole HTML page that changed nothing on the way: no cookie set (by the
        view, or later by the session or CSRF middleware because the session changed or
        a new CSRF secret was made) and no flash message added for the next page."""
        messages = getattr(request, "_messages", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
            and not request.session.modified
            and request.META.get("CSRF_COOKIE") == csrf_secret
            and not getattr(messages, "added_new", False)
        )

    @staticmethod
    def key_for(request) -> str:
        parts = (
            request.session.session_key,
            request.user.pk,
            request.META["CSRF_COOKIE"],
            data_version(),
            timezone.now().date().isoformat(),
            get_language(),  # LocaleMiddleware has chosen it by now
            request.method,  # a HEAD answer is never served to a GET
            request.scheme,
            request.get_host(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-History-Restore-Request", ""),
            request.headers.get("HX-Target", ""),
            request.get_full_path(),
            *(part(request.user) for part in personal_key_parts()),
        )
        # Hashed: the cache's keys never hold a session key or CSRF secret.
        return "personal-page:" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def personal_key_parts() -> tuple:
    """The apps' own parts of a personal page's key (NAPTRACK_PERSONAL_CACHE_KEY_PARTS):
    state a page shows that changes without an audit row, such as the notifications
    panel. Named in settings so that core imports no app."""
    return _imported(tuple(settings.NAPTRACK_PERSONAL_CACHE_KEY_PARTS))


@functools.cache
def _imported(paths: tuple) -> tuple:
    return tuple(import_string(path) for path in paths)


def is_session_user(request) -> bool:
    """Signed in through the session cookie: never an API token (Authorization header)."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    return (
        user is not None
        and user.is_authenticated
        and "HTTP_AUTHORIZATION" not in request.META
        and session is not None
        and session.session_key is not None
    )


def has_pending_messages(request) -> bool:
    """Flash messages waiting to be shown (queued now or kept from the last response).
    len() reads the storage without marking the messages shown."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0
