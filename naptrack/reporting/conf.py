"""Reporting settings, read when needed so tests and operators can change them. Their
defaults live in config/settings.py, and only there; the environment variables behind
them are listed in docs/configuration.md."""

from django.conf import settings


def setting(name: str) -> int:
    return int(getattr(settings, name))
