"""Settings shared by every environment. Values come from environment variables."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-never-use-in-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    # The platform's apps, lowest layer first (see "Architecture" in the README).
    "core",
    "organizations",
    "catalogue",
    "services",
    "personas",
    "feedback",
    "assessments",
    "improvements",
    "reports",
    "api",
    "backup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "core.middleware.RequestUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "ccsmm.urls"
WSGI_APPLICATION = "ccsmm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.platform",
            ],
        },
    },
]

# SQLite when DATABASE_URL is unset: the embedded default needs no server. A database server's
# connections are kept between requests (opening one costs more than most pages), and checked
# before each request reuses one, so a restarted server costs no failed request.
_DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=env_int(
            "DATABASE_CONN_MAX_AGE", 0 if _DATABASE_URL.startswith("sqlite") else 60
        ),
        conn_health_checks=True,
        # Every query in one round trip: a list iterated for a form's choices would otherwise
        # open, read and close a server-side cursor (three round trips, and pooled connections
        # such as PgBouncer's transaction mode do not keep them).
        disable_server_side_cursors=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Parameters bound by the server, and a statement run a second time on a connection
    # prepared, so PostgreSQL plans it once per connection rather than on every request.
    # Behind a pooler that cannot keep prepared statements (PgBouncer in transaction mode
    # before 1.21), set DATABASE_PREPARED_STATEMENTS=false.
    # Added to what DATABASE_URL's query string gives (sslmode, say), never in its place.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=2 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organizations.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_ENGINE = "organizations.sessions"  # the person and their memberships read with the session
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Sign-in lock-out (organizations/signin.py), counted in the database for every way in (the
# sign-in page, the Django admin, the API token endpoint): this many failures for one account
# from one client lock that client out of the account for LOGIN_LOCKOUT_SECONDS; this many
# from all clients together lock the account everywhere (until a password reset or the end
# of the window).
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_ACCOUNT_MAX_FAILURES = env_int("LOGIN_ACCOUNT_MAX_FAILURES", 50)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)

# Feedback from the public. A rating is shown only when at least FEEDBACK_MIN_RESPONSES
# answers back it. The public form must be at least FEEDBACK_MIN_FILL_SECONDS old when sent
# (robots send at once) and at most FEEDBACK_FORM_MAX_AGE; each campaign takes at most
# FEEDBACK_RATE_PER_CAMPAIGN answers an hour, and each address at most
# FEEDBACK_RATE_PER_ADDRESS an hour per campaign (a counter or a library shares one address).
FEEDBACK_MIN_RESPONSES = env_int("FEEDBACK_MIN_RESPONSES", 10)
FEEDBACK_MIN_FILL_SECONDS = env_int("FEEDBACK_MIN_FILL_SECONDS", 3)
FEEDBACK_FORM_MAX_AGE = env_int("FEEDBACK_FORM_MAX_AGE", 4 * 60 * 60)
FEEDBACK_RATE_PER_CAMPAIGN = env_int("FEEDBACK_RATE_PER_CAMPAIGN", 5000)
FEEDBACK_RATE_PER_ADDRESS = env_int("FEEDBACK_RATE_PER_ADDRESS", 60)
# Password-reset emails per hour, per typed address and per client.
PASSWORD_RESET_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS", 3)
PASSWORD_RESET_PER_CLIENT = env_int("PASSWORD_RESET_PER_CLIENT", 10)
# Reverse proxies in front of the application that append the client's address to
# X-Forwarded-For (1 behind the compose file's Caddy). With 0 the header is ignored: anyone
# could write it.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
AUTHENTICATION_BACKENDS = ["organizations.backends.EmailBackend"]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Toronto")
USE_I18N = True
USE_TZ = True
# Dates no Canadian reader can misread, in both languages (ccsmm/formats).
FORMAT_MODULE_PATH = ["ccsmm.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"
# Report files and uploads: local files under MEDIA_ROOT by default (one host, or a volume
# every process shares); STORAGE_BACKEND=s3 keeps them in an S3-compatible bucket, for web
# and workers on several hosts. Objects are private: files reach people only through the
# views that check access (no public URL is ever given).
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")


def default_storage_settings() -> dict:
    if STORAGE_BACKEND == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if STORAGE_BACKEND != "s3":
        raise ImproperlyConfigured("STORAGE_BACKEND must be local or s3")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME", required=True),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "default_acl": None,  # the bucket's own (private) policy
            "querystring_auth": True,
            "file_overwrite": True,  # a report is written again under its own name
        },
    }


STORAGES = {
    "default": default_storage_settings(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The covering index on scores matters on PostgreSQL; SQLite simply ignores its extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Forms declare their layout and buttons on a crispy FormHelper; core/templatetags/gcds.py
# writes them (no crispy template pack is rendered).
CRISPY_ALLOWED_TEMPLATE_PACKS = ("gcds",)
CRISPY_TEMPLATE_PACK = "gcds"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ccsmm@localhost")

# Celery: with no broker configured, tasks run eagerly in-process through the same code.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# The scheduler (`celery -A ccsmm beat`): every JOBS_SWEEP_SECONDS, jobs whose worker died
# (running past their time limit and a margin) or that never reached the broker are queued
# again; every day, reports past REPORT_RETENTION_DAYS are removed.
JOBS_SWEEP_SECONDS = env_int("JOBS_SWEEP_SECONDS", 60)
CELERY_BEAT_SCHEDULE = {
    "requeue-jobs": {"task": "core.requeue_jobs", "schedule": float(JOBS_SWEEP_SECONDS)},
    "expire-reports": {"task": "reports.expire_reports", "schedule": 24 * 60 * 60.0},
    "expire-import-previews": {
        "task": "services.expire_import_previews",
        "schedule": 24 * 60 * 60.0,
    },
    "commitment-reminders": {
        "task": "improvements.send_commitment_reminders",
        "schedule": 24 * 60 * 60.0,
    },
}

# The platform's identity in the header. Neutral by default; the Government of
# Canada signature appears only when a deployment turns it on.
PLATFORM_NAME_EN = env_str("PLATFORM_NAME_EN", "Service Maturity Platform")
PLATFORM_NAME_FR = env_str("PLATFORM_NAME_FR", "Plateforme de maturité des services")
PLATFORM_GC_SIGNATURE = env_bool("PLATFORM_GC_SIGNATURE", False)

INVITATION_MAX_AGE_DAYS = env_int("INVITATION_MAX_AGE_DAYS", 7)
# The address emails sent without a request (the daily reminders) link to.
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
# Commitments on shared services are reminded this many days before their target date.
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 14)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Reports: how long generated files are kept, and the Celery task's limits.
REPORT_RETENTION_DAYS = env_int("REPORT_RETENTION_DAYS", 30)
# An inventory import's preview nobody imports or cancels: cancelled, its uploads deleted.
INVENTORY_PREVIEW_DAYS = env_int("INVENTORY_PREVIEW_DAYS", 7)
REPORT_SOFT_TIME_LIMIT = env_int("REPORT_SOFT_TIME_LIMIT", 120)
REPORT_TIME_LIMIT = env_int("REPORT_TIME_LIMIT", 150)
# With Redis, a task whose worker died is handed to another worker after this many seconds
# (workers sweep for such orphaned tasks every CELERY_UNACKED_RESTORE_INTERVAL seconds). A
# task still running then is not run twice: a job is claimed by one worker at a time
# (core.jobs.Job.start), and the scheduler queues again a job whose worker died.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 300),
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": 1,
}

# REST API: tokens or the browser session; paginated; errors that name the field.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env_str("API_TOKEN_RATE", "1000/hour")},
    "NUM_PROXIES": TRUSTED_PROXIES,
    # JSON only: people browse the API through its documentation page.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
# Tokens created through the API endpoint, per client and hour; how long a token works.
API_TOKEN_CREATE_PER_CLIENT = env_int("API_TOKEN_CREATE_PER_CLIENT", 10)
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
SPECTACULAR_SETTINGS = {
    "TITLE": "CCSMM platform API",
    "DESCRIPTION": "Services, personas, assessments, opportunities and reports of the Citizen-Centric Services Maturity Model platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "assessments.models.Assessment.Status",
        "OpportunityStatusEnum": "improvements.models.ImprovementOpportunity.Status",
        "ServiceStatusEnum": "services.models.Service.Status",
        "CatalogueStatusEnum": "catalogue.models.CatalogueVersion.Status",
        "ReportStatusEnum": "reports.models.ReportJob.Status",
        "ConfidenceEnum": "assessments.models.AttributeScore.Confidence",
    },
}
# Throttles and the sign-in lock-out counters live in the cache; no page is ever cached. Every
# process must share it: Redis when configured (with timeouts, so Redis out of reach cannot hang
# a request), otherwise files under CACHE_DIR.
CACHE_DIR = Path(env_str("CACHE_DIR", str(BASE_DIR / ".cache" / "django")))


def _cache(name: str, max_entries: int) -> dict:
    if REDIS_URL:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": name,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR / name),
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


CACHES = {"default": _cache("default", 5000)}
