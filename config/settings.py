"""NAPtrack settings: one environment-driven module; see docs/configuration.md.

Every setting read from the environment is listed in docs/configuration.md, and a test
fails when one is missing there.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NAPTRACK_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("NAPTRACK_DEBUG", False)
SECRET_KEY = os.environ.get("NAPTRACK_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("NAPTRACK_PRODUCTION", False):
        raise ImproperlyConfigured("NAPTRACK_SECRET_KEY must be set in production.")
    # Development only: a per-checkout key kept in var/ so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
    SECRET_KEY = key_file.read_text().strip()

PRODUCTION = env_bool("NAPTRACK_PRODUCTION", False)
ALLOWED_HOSTS = env_list("NAPTRACK_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("NAPTRACK_CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "naptrack.core.views.csrf_failure"  # JSON under /api/
SITE_URL = os.environ.get("NAPTRACK_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "naptrack.core",
    "naptrack.accounts",
    "naptrack.registry",
    "naptrack.analysis",
    "naptrack.plans",
    "naptrack.reporting",
    "naptrack.library",
    "naptrack.shadow_reports",
    "naptrack.consultations",
    "naptrack.synthetic",
    "naptrack.report_cards",
    "naptrack.events",
    "naptrack.notifications",
    "naptrack.twinning",
    "naptrack.lessons",
    "naptrack.contractors",
    "naptrack.translations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "naptrack.core.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "naptrack.core.middleware.PreferredLanguageMiddleware",
    "naptrack.core.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "naptrack.accounts.middleware.RequireTwoFactorMiddleware",
    # Last: the two-factor redirect, messages and the private Cache-Control header (set
    # by PrivateResponsesMiddleware on the way out) apply to pages served from it too.
    "naptrack.core.middleware.PersonalPageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "naptrack" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "naptrack.core.context_processors.site",
            ],
        },
    },
]

# SQLite (WAL) by default so one command runs everything; PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'naptrack.sqlite3'}"),
        conn_max_age=int(os.environ.get("NAPTRACK_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: email sign-in with verification; allauth's rate limits stay on (defaults).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "NAPtrack"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGIN_URL = "account_login"

EMAIL_BACKEND = os.environ.get(
    "NAPTRACK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("NAPTRACK_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("NAPTRACK_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("NAPTRACK_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("NAPTRACK_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("NAPTRACK_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("NAPTRACK_DEFAULT_FROM_EMAIL", "NAPtrack <noreply@localhost>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("NAPTRACK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

# The six official languages of the United Nations, each named in itself (docs/i18n.md).
# English pages keep unprefixed URLs (/plans/); the others live under /fr/, /ar/ ...
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "naptrack" / "locale"]
# The switcher's choice, kept a year; Lax so a link from another site keeps it.
LANGUAGE_COOKIE_NAME = "naptrack_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("NAPTRACK_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "naptrack" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("NAPTRACK_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# No inline scripts or styles anywhere: every page loads vendored files from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("NAPTRACK_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(
    os.environ.get("NAPTRACK_HSTS_SECONDS", "31536000" if PRODUCTION else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NAPTRACK_LOG_LEVEL", "INFO")},
}

# One cache for the public pages and allauth's rate limits. Without NAPTRACK_CACHE_URL each
# process keeps its own (correct, since page keys carry the data version; see
# naptrack/core/middleware.py); with Redis all processes share one, rate limits included.
CACHE_URL = os.environ.get("NAPTRACK_CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL.startswith(("redis://", "rediss://"))
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "naptrack"}
}
NAPTRACK_PUBLIC_CACHE_SECONDS = int(os.environ.get("NAPTRACK_PUBLIC_CACHE_SECONDS", "300"))
# Public pages whose content changes only through audited services (regular expressions
# matched against the whole path). Document pages are left out: ingestion progress
# changes them without an audit row.
NAPTRACK_PUBLIC_CACHE_PATHS = [
    r"/",
    r"/plans/",
    r"/plans/\d+/",
    r"/plans/\d+/history/",
    r"/plans/\d+/structure/",
    r"/plans/\d+/report-card/((\d+|history)/|badge\.svg)?",
    r"/report-cards/(method/|cso/\d+/)?",
    r"/api/v1/report-cards",
    r"/countries/",
    r"/indicators/",
    r"/countries/[A-Za-z]{3}/",
    r"/regional-organizations/",
    r"/regional-organizations/[-\w]+/",
    r"/analysis/",
    r"/analysis/[-\w]+\.csv",
    r"/data/",
    r"/api/v1/(plans|countries|regions|regional-organizations|pillars|resolutions|standard-indicators)(/[-\w]+)*",
]

# Signed-in users' pages, kept per session until any recorded change (decision 0010);
# 0 switches it off.
NAPTRACK_PERSONAL_CACHE_SECONDS = int(os.environ.get("NAPTRACK_PERSONAL_CACHE_SECONDS", "120"))
# Signed-in pages whose content changes only through audited services, or through what
# NAPTRACK_PERSONAL_CACHE_KEY_PARTS puts in the key. Left out: document pages (ingestion
# progress) and anything with task progress.
NAPTRACK_PERSONAL_CACHE_PATHS = [
    r"/",
    r"/me/",
    r"/plans/\d+/",
    r"/plans/\d+/structure/",
    r"/plans/\d+/reporting/",
    r"/reporting/",
    r"/shadow-reports/\d+/edit/",
]
# Functions of the user whose answers join a personal page's key: what those pages show
# that changes without an audit row (My work's notifications panel: the worker adds
# notifications after the change's audit row, and marking them read records none).
NAPTRACK_PERSONAL_CACHE_KEY_PARTS = ["naptrack.notifications.selectors.notification_state"]

NAPTRACK_PAGE_SIZE = 50
# Document library: uploads larger than this, or PDFs with more pages, are refused.
NAPTRACK_MAX_UPLOAD_BYTES = int(os.environ.get("NAPTRACK_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
NAPTRACK_MAX_PDF_PAGES = int(os.environ.get("NAPTRACK_MAX_PDF_PAGES", "1000"))
# The rest of the library's limits on reading a document (see docs/library.md).
NAPTRACK_MAX_EXTRACTED_CHARS = 10_000_000
NAPTRACK_MAX_PAGE_CHARS = 200_000
NAPTRACK_INGEST_MEMORY_BYTES = 2 * 1024**3
NAPTRACK_INGEST_PAGE_SECONDS = 180
NAPTRACK_INGEST_SECONDS = 3600
NAPTRACK_OCR_PAGE_SECONDS = 120
NAPTRACK_TESSERACT = "tesseract"
NAPTRACK_MAX_SPREADSHEET_BYTES = int(
    os.environ.get("NAPTRACK_MAX_SPREADSHEET_BYTES", str(5 * 1024 * 1024))
)
# Which two-factor roles must enrol before they can act (see docs/permissions.md).
NAPTRACK_MFA_REQUIRED_ROLES = ["platform_admin", "moderator", "coordinator"]
# Reporting cycles (see docs/reporting.md).
NAPTRACK_MAX_EVIDENCE_BYTES = int(
    os.environ.get("NAPTRACK_MAX_EVIDENCE_BYTES", str(10 * 1024 * 1024))
)
# Queued background tasks older than this make the report card and library document pages
# say that updates wait for the worker (docs/operations.md).
NAPTRACK_WORKER_LATE_MINUTES = int(os.environ.get("NAPTRACK_WORKER_LATE_MINUTES", "10"))
NAPTRACK_REPORTING_REMINDER_DAYS = int(os.environ.get("NAPTRACK_REPORTING_REMINDER_DAYS", "7"))
NAPTRACK_REPORTING_OVERDUE_REPEAT_DAYS = int(
    os.environ.get("NAPTRACK_REPORTING_OVERDUE_REPEAT_DAYS", "7")
)
NAPTRACK_REPORTING_ESCALATION_DAYS = int(os.environ.get("NAPTRACK_REPORTING_ESCALATION_DAYS", "3"))
