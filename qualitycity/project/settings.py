"""QualityCity settings, driven by environment variables (see `.env.example`)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
# Where runtime files live: the SQLite database, uploads, job results, the dev secret key.
VAR_DIR = Path(os.environ.get("QCITY_VAR_DIR", BASE_DIR.parent / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable."""
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_url(name: str, default: str) -> Any:
    """Read a database URL environment variable into a Django DATABASES entry."""
    return dj_database_url.parse(os.environ.get(name) or default, conn_max_age=60)


def _secret_key() -> str:
    """The SECRET_KEY from the environment, or one generated once and kept under var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Debug pages; never on in production.
DEBUG = env_bool("DEBUG", False)
# Signing key for sessions and tokens.
SECRET_KEY = _secret_key()
# Host names this site answers to.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
# Trusted origins for CSRF when served behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "qualitycity.core",
    "qualitycity.registry",
    "qualitycity.credit",
    "qualitycity.nqi",
    "qualitycity.inspections",
    "qualitycity.spotchecks",
    "qualitycity.complaints",
    "qualitycity.plan",
    "qualitycity.portal",
    "qualitycity.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qualitycity.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "qualitycity.core.middleware.RequestContextMiddleware",
    "qualitycity.core.middleware.IdleTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qualitycity.project.urls"
WSGI_APPLICATION = "qualitycity.project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "qualitycity.core.context_processors.shell",
            ],
        },
    },
]

# The database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {"default": env_url("DATABASE_URL", f"sqlite:///{VAR_DIR / 'qualitycity.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "qualitycity.core.permissions.RoleBackend",
]
# Password rules are enforced by the security policy the security admin edits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "qualitycity.core.security.PolicyPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Lockout after failed logins; the numbers come from the security policy at run time.
AXES_FAILURE_LIMIT = "qualitycity.core.security.axes_failure_limit"
AXES_COOLOFF_TIME = "qualitycity.core.security.axes_cooloff_time"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "qualitycity.core.views.lockout"
AXES_VERBOSE = False

SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static_build"] if (BASE_DIR / "static_build").exists() else []
MEDIA_ROOT = VAR_DIR / "media"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "qualitycity",
    }
}

# Background jobs: Django's tasks interface with the database-backed worker (`qcity db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Lists longer than this are exported as a background job rather than streamed in the request.
QCITY_EXPORT_SYNC_LIMIT = int(os.environ.get("QCITY_EXPORT_SYNC_LIMIT", "5000"))
# Imports with more rows than this are validated and committed as background jobs.
QCITY_IMPORT_MAX_ROWS = int(os.environ.get("QCITY_IMPORT_MAX_ROWS", "1000000"))
# Largest accepted upload, in bytes.
QCITY_IMPORT_MAX_BYTES = int(os.environ.get("QCITY_IMPORT_MAX_BYTES", str(250 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The city this deployment serves (the division code of its city).
QCITY_CITY_CODE = os.environ.get("QCITY_CITY_CODE", "140500")
# Portal: requests per minute per client address.
QCITY_PORTAL_RATE_LIMIT = int(os.environ.get("QCITY_PORTAL_RATE_LIMIT", "120"))
# Portal: seconds a public page may be cached.
QCITY_PORTAL_CACHE_SECONDS = int(os.environ.get("QCITY_PORTAL_CACHE_SECONDS", "60"))
# API bearer tokens: lifetime in hours.
QCITY_API_TOKEN_HOURS = int(os.environ.get("QCITY_API_TOKEN_HOURS", "12"))
# Complaints: new submissions per client address (portal and anonymous API), per minute / hour.
QCITY_COMPLAINT_SUBMISSIONS_PER_MINUTE = int(os.environ.get("QCITY_COMPLAINT_SUBMISSIONS_PER_MINUTE", "5"))
QCITY_COMPLAINT_SUBMISSIONS_PER_HOUR = int(os.environ.get("QCITY_COMPLAINT_SUBMISSIONS_PER_HOUR", "30"))
# Complaints: failed receipt look-ups per client address, per minute / hour.
QCITY_COMPLAINT_TRACK_MISSES_PER_MINUTE = int(os.environ.get("QCITY_COMPLAINT_TRACK_MISSES_PER_MINUTE", "10"))
QCITY_COMPLAINT_TRACK_MISSES_PER_HOUR = int(os.environ.get("QCITY_COMPLAINT_TRACK_MISSES_PER_HOUR", "60"))
# Complaints: attachments of a public submission (count, bytes each).
QCITY_COMPLAINT_MAX_ATTACHMENTS = int(os.environ.get("QCITY_COMPLAINT_MAX_ATTACHMENTS", "5"))
QCITY_COMPLAINT_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("QCITY_COMPLAINT_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024))
)
# Complaint classifier: samples needed before it replaces the keyword rules (total, per category).
QCITY_CLASSIFIER_MIN_SAMPLES = int(os.environ.get("QCITY_CLASSIFIER_MIN_SAMPLES", "200"))
QCITY_CLASSIFIER_MIN_PER_CATEGORY = int(os.environ.get("QCITY_CLASSIFIER_MIN_PER_CATEGORY", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Failed logins are in the audit trail; axes' own log lines would only repeat them.
    "loggers": {"axes": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

# Lockout is per user name, as the security policy states (5 failures → 15 minutes).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
