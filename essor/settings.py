"""Essor settings: read only from environment variables.

See docs/configuration.md for every variable. Defaults suit development:
SQLite in the project directory, debug on, console e-mail.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from essor.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("ESSOR_DEBUG", True)
# In development, Essor shows its own 404 page; true shows Django's technical one instead.
TECHNICAL_404 = env_bool("ESSOR_TECHNICAL_404", False)
SECRET_KEY = env_str("ESSOR_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("ESSOR_SECRET_KEY must be set when ESSOR_DEBUG is false.")
    # Development only: a fixed, obviously insecure key.
    SECRET_KEY = "dev-insecure-key-change-me-" + "x" * 30  # noqa: S105

ALLOWED_HOSTS = env_list("ESSOR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("ESSOR_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("ESSOR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "essor.core",
    "essor.accounts",
    "essor.territories",
    "essor.workspaces",
    "essor.organisations",
    "essor.methods",
    "essor.processes",
    "essor.bodies",
    "essor.meetings",
    "essor.decisions",
    "essor.workshops",
    "essor.contributions",
    "essor.participation",
    "essor.surveys",
    "essor.mobilisation",
    "essor.plans",
    "essor.followup",
    "essor.observatory",
    "essor.synthesis",
    "essor.health",
    "essor.jobs",
    "essor.api",
    "essor.portal",
    "essor.archive",
    "essor.opendata",
    "essor.demo",
    # After Essor's apps: their French catalogues must not override Essor's wording
    # (Django REST framework translates "Search" as "Recherche").
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # Last, so that Essor's templates and translations (registration/...) win.
    "essor.accounts.admin_config.EssorAdminConfig",
]

MIDDLEWARE = [
    # First: every record logged while a request is served carries its id.
    "essor.core.request_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Read-only CORS on the public API (CORS_URLS_REGEX), before anything that answers.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "essor.core.middleware.IdleSessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "essor.core.middleware.SecurityHeadersMiddleware",
    # Last: renders the 404 page with the user and language set by the ones above.
    "essor.core.middleware.StyledNotFoundMiddleware",
]

ROOT_URLCONF = "essor.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "essor" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "essor.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'essor.sqlite3'}"),
        conn_max_age=env_int("ESSOR_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A room of phones writes at once (ideas, dots, "seen"): a transaction takes the
    # write lock when it begins and waits for it, instead of failing with "database is
    # locked" when it reads then writes while another one writes (bench/live_phones.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
# Login throttling (essor/accounts/throttling.py): failures per account and per
# client address within a window counted from the first failure.
LOGIN_MAX_FAILURES = env_int("ESSOR_LOGIN_MAX_FAILURES", 5)
# A whole office or venue may share one address: its limit is higher.
LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("ESSOR_LOGIN_MAX_FAILURES_PER_ADDRESS", 20)
LOGIN_LOCK_MINUTES = env_int("ESSOR_LOGIN_LOCK_MINUTES", 15)
# Password reset: at most one mail per target address per window, and a few
# requests per client address per hour (the answer is always the same).
PASSWORD_RESET_MINUTES = env_int("ESSOR_PASSWORD_RESET_MINUTES", 15)
PASSWORD_RESETS_PER_ADDRESS = 5
# Links with a secret token (calendar feeds, invitations, survey links): wrong
# tokens tolerated per client address and hour before every token answers 404.
TOKEN_MISSES_PER_ADDRESS = env_int("ESSOR_TOKEN_MISSES_PER_ADDRESS", 20)
# Fetches of one calendar feed per hour (calendar applications poll every few minutes at most).
CALENDAR_FEED_FETCHES_PER_HOUR = 60
# Signed-in sessions end after this many minutes without a request.
SESSION_IDLE_MINUTES = env_int("ESSOR_SESSION_IDLE_MINUTES", 120)
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
# Each app keeps its own catalogue in essor/<app>/locale (see essor/core/i18n_tools.py).
# The accounts app's is also read first of all: it words what django.contrib.auth
# (installed before it) translates too, and Essor's wording must win.
LOCALE_PATHS: list = [BASE_DIR / "essor" / "accounts" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("ESSOR_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("ESSOR_MEDIA_ROOT", str(BASE_DIR / "media")))
# Imported SIRENE register (Parquet, one folder per import): see essor/observatory/README.md.
SIRENE_DIR = Path(env_str("ESSOR_SIRENE_DIR", str(BASE_DIR / "var" / "sirene")))
# Where the stock files are dropped on the server, for a platform admin to import.
SIRENE_INBOX = Path(env_str("ESSOR_SIRENE_INBOX", str(BASE_DIR / "var" / "sirene-inbox")))

# Background work (django-tasks): "immediate" runs it inside the request that asks
# for it (development, tests: `make run` stays one command); "database" queues it
# for the worker (`python manage.py db_worker`), as production must.
_TASKS_KIND = env_str("ESSOR_TASKS", "immediate")
if _TASKS_KIND not in ("immediate", "database"):
    raise ImproperlyConfigured("ESSOR_TASKS must be immediate or database.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if _TASKS_KIND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# E-mail: console in development, SMTP when ESSOR_EMAIL_HOST is set.
EMAIL_HOST = env_str("ESSOR_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("ESSOR_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("ESSOR_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("ESSOR_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("ESSOR_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("ESSOR_DEFAULT_FROM_EMAIL", "essor@localhost")

# Uploads: the largest file an import accepts (directory, plan; notes and method templates
# have smaller limits of their own). See essor/core/uploads.py for the other guards.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("ESSOR_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Security. Secure cookies and HSTS follow ESSOR_HTTPS (on by default when
# debug is off) so that `check --deploy` passes in production.
HTTPS = env_bool("ESSOR_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("ESSOR_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("ESSOR_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Cache: rate limits, login locks and cached figures must be shared by every process
# and every server in production. "locmem" (one process, development), "database"
# (run `createcachetable`) or a Redis address (redis://host:6379/0, rediss:// for TLS).
_CACHE_KIND = env_str("ESSOR_CACHE", "locmem")
if _CACHE_KIND.startswith(("redis://", "rediss://", "unix://")):
    _CACHE = {
        "BACKEND": "essor.core.cache.ResilientRedisCache",
        "LOCATION": _CACHE_KIND,
        "KEY_PREFIX": env_str("ESSOR_CACHE_KEY_PREFIX", "essor"),
        # A Redis that stops answering must not hold a request (and its worker) forever.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
elif _CACHE_KIND == "database":
    _CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "essor_cache"}
elif _CACHE_KIND == "locmem":
    _CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    raise ImproperlyConfigured("ESSOR_CACHE must be locmem, database or a redis:// address.")
CACHES = {"default": _CACHE}

# Rate limits of the account-free pages (joining a workshop, answering a survey
# or an invitation) count per client address: behind a reverse proxy, name
# the header holding the real address (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = env_str("ESSOR_CLIENT_IP_META_KEY", "REMOTE_ADDR")

# Logs: plain text by default, one JSON object per line with ESSOR_LOG_FORMAT=json
# (then one record per request too). Every record carries the request id.
LOG_FORMAT = env_str("ESSOR_LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("ESSOR_LOG_FORMAT must be 'text' or 'json'.")
LOG_REQUESTS = env_bool("ESSOR_LOG_REQUESTS", LOG_FORMAT == "json")
# Keep the X-Request-ID of the front proxy only when that proxy sets it itself.
TRUST_REQUEST_ID = env_bool("ESSOR_TRUST_REQUEST_ID", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "essor.core.request_log.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "essor.core.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("ESSOR_LOG_LEVEL", "INFO")},
}


# The read API (/api/v1/, essor.api): Django REST framework, JSON only, public and
# read-only; its OpenAPI document is generated by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "essor.api.schema.EssorAutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "api": env_str("ESSOR_API_RATE", "300/minute"),
        "api_key": env_str("ESSOR_API_KEY_RATE", "1200/minute"),
    },
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Essor API",
    "DESCRIPTION": (
        "Read API of Essor: published processes and what their portals show; with an API "
        "key, a workspace's non-public processes too. Documentation: /api/v1/docs/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "essor.api.schema.drop_backend_integer_bounds",
        "essor.api.schema.document_errors",
    ],
}
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
