"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import *  # noqa: F403 (the handlers too)
from config.urls import urlpatterns as site_urlpatterns


def refuse(request):
    raise PermissionDenied("Only the plan's coordinators may do this.")


def crash(request):
    raise RuntimeError("A bug, on purpose.")


urlpatterns = [
    path("error-test/forbidden/", refuse),
    path("error-test/crash/", crash),
    path("api/error-test/forbidden/", refuse),
    path("api/error-test/crash/", crash),
    *site_urlpatterns,
]
