"""Test settings: DATABASE_URL and REDIS_URL, when set, point the suite at real servers."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Unit and view tests run tasks in-process through the same code; the
# integration tests that start a real worker switch this off for themselves.
CELERY_TASK_ALWAYS_EAGER = True
