"""Settings read from the environment; the defaults run the embedded demo (SQLite, no Redis)."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CONCORD_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "concord-insecure-development-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "common",
    "accounts",
    "notifications",
    "consultation",
    "reviews",
    "demo",
    "web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.guards.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "backend.language.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "web.context.header",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'concord.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "backend.sqlite"  # batches by SQLite's real limits
    # WAL and a busy timeout let the demo server and a Celery-less worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "en"
# The six languages of the ITU, each named in itself (the switcher shows these names).
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "简体中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
FORMAT_MODULE_PATH = ["backend.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# --- Redis, Celery and the cache -------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Without a broker (the embedded default) tasks run in-process, after the transaction commits.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker's connection; a request publishes on a connection of its own whose connect and
# send timeouts are BROKER_PUBLISH_TIMEOUT_SECONDS (common.publishing): a hung Redis must not
# hold a delegate's request, and what it fails to publish the outbox sweep sends later.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "max_retries": 0,
}
BROKER_PUBLISH_TIMEOUT_SECONDS = float(os.environ.get("BROKER_PUBLISH_TIMEOUT_SECONDS", "0.05"))
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The beat schedule lives in code; every task here is idempotent (see notifications.tasks).
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep-outbox": {
        "task": "notifications.sweep_outbox",
        "schedule": float(os.environ.get("NOTIFICATIONS_SWEEP_SECONDS", "60")),
        "options": {"expires": 55},
    },
    "notifications-reminders": {
        "task": "notifications.run_reminders",
        "schedule": float(os.environ.get("NOTIFICATIONS_REMINDER_SECONDS", "600")),
        "options": {"expires": 540},
    },
    "notifications-daily-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=int(os.environ.get("NOTIFICATIONS_DIGEST_HOUR", "6")), minute=0),
    },
    # Guidelines whose consultation has closed move to resolution, logged as the system.
    "reviews-advance-closed-consultations": {
        "task": "reviews.advance_closed_consultations",
        "schedule": float(os.environ.get("REVIEWS_ADVANCE_SECONDS", "300")),
        "options": {"expires": 290},
    },
    # Background disposition exports: re-dispatch lost ones, fail stuck ones, delete old files.
    "reviews-sweep-disposition-exports": {
        "task": "reviews.sweep_disposition_exports",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}
# Disposition exports: above this many rows GET .../disposition/ answers 409 and points to the
# background export (POST .../disposition/exports/), whose files live in EXPORTS_ROOT (shared
# by the web and worker hosts) for DISPOSITION_EXPORT_KEEP_HOURS.
DISPOSITION_SYNC_MAX_ROWS = int(os.environ.get("DISPOSITION_SYNC_MAX_ROWS", "200000"))
EXPORTS_ROOT = Path(os.environ.get("CONCORD_EXPORTS_ROOT", VAR_DIR / "exports"))
DISPOSITION_EXPORT_TIME_LIMIT = int(os.environ.get("DISPOSITION_EXPORT_TIME_LIMIT", "3600"))
DISPOSITION_EXPORT_KEEP_HOURS = int(os.environ.get("DISPOSITION_EXPORT_KEEP_HOURS", "168"))
# The domain side of the reminder sweep: notifications imports no domain app, it calls these.
NOTIFICATIONS_REMINDER_PROVIDERS = ["consultation.reminders.send_due_reminders"]
NOTIFICATIONS_EMAIL_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_EMAIL_MAX_ATTEMPTS", "5"))
NOTIFICATIONS_EMAIL_RETRY_BASE_SECONDS = int(
    os.environ.get("NOTIFICATIONS_EMAIL_RETRY_BASE_SECONDS", "60")
)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- REST framework --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "common.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["common.filtering.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "common.schema.AutoSchema",
    "EXCEPTION_HANDLER": "backend.exceptions.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Parsers that refuse NUL and lone surrogates (PostgreSQL cannot store them) with a 400.
    "DEFAULT_PARSER_CLASSES": [
        "common.parsers.JSONParser",
        "common.parsers.FormParser",
        "common.parsers.MultiPartParser",
    ],
    # Throttles count on the shared cache (Redis when configured) and fail open without it.
    "DEFAULT_THROTTLE_CLASSES": [
        "common.throttling.AnonThrottle",
        "common.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "60/min"),
        "user": os.environ.get("THROTTLE_USER", "1200/min"),
        "auth_token": os.environ.get("THROTTLE_AUTH_TOKEN", "20/min"),
    },
    # Behind a reverse proxy set NUM_PROXIES so throttles see the client's address.
    "NUM_PROXIES": int(os.environ["NUM_PROXIES"]) if os.environ.get("NUM_PROXIES") else None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Concord API",
    "DESCRIPTION": (
        "Multi-stakeholder consultation and review of guidelines: sections with revision "
        "history, consultations, anchored comments, dispositions, stage gates and approvals."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "consultation.models.documents.Stage",
        "CommentDecisionEnum": "consultation.models.comments.Decision",
        "SettlementEnum": "consultation.models.comments.Settlement",
        "ApprovalDecisionEnum": "reviews.models.ApprovalDecision",
    },
}

# --- Email -----------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Concord <concord@localhost>")
# Used by the filebased email backend (EMAIL_BACKEND=django.core.mail.backends.filebased...).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# The address people open Concord at (e.g. https://concord.example.org): every e-mail links to
# a page on it (notifications.links); the default is where the demo serves.
CONCORD_SITE_URL = os.environ.get("CONCORD_SITE_URL", "http://127.0.0.1:8000")

# --- Security --------------------------------------------------------------------------
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# JSON and form bodies; larger ones get 413 (common.guards). Uploads have their own cap.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
THROTTLE_BREAKER_SECONDS = 30
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
