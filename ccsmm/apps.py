from django.apps import AppConfig


class PlatformConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ccsmm"
    verbose_name = "Platform"

    def ready(self):
        from . import audit

        audit.connect()
