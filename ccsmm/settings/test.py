"""Test settings: DATABASE_URL and REDIS_URL, when set, point the suite at real servers."""

from pathlib import Path

from core.env import env_int, env_str

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".test-media")))  # noqa: F405
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Unit and view tests run tasks in-process through the same code; the
# integration tests that start a real worker switch this off for themselves.
CELERY_TASK_ALWAYS_EAGER = True

# Without Redis the suite runs in one process: an in-memory cache is enough and leaves no files.
if not REDIS_URL:  # noqa: F405
    CACHES = {
        name: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
        for name in ("default",)
    }

# The integration tests start real Celery workers in other processes: they share the test
# database (a file when SQLite) and a queue of their own.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
# Fault-injection tests widen the window in which a worker can be killed mid-render.
REPORTS_RENDER_PAUSE_SECONDS = env_int("REPORTS_RENDER_PAUSE_SECONDS", 0)
FEEDBACK_MIN_FILL_SECONDS = 0  # the tests that check it set it themselves
