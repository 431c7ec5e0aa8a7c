"""Test overrides: fast hasher, immediate tasks, in-memory email."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_RATE_LIMITS = False
# Factories write data without audit rows, so a cached page could outlive a test's data;
# tests/core/test_public_cache.py switches the cache on where it is the subject.
NAPTRACK_PUBLIC_CACHE_SECONDS = 0
NAPTRACK_PERSONAL_CACHE_SECONDS = 0  # tests/core/test_personal_page_cache.py turns it on
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# WhiteNoise warns on every request when the static root is missing; tests serve
# static files through the finders, so an empty folder is enough.
STATIC_ROOT = VAR_DIR / "test-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
