from django.apps import AppConfig


class PlatformConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ccsmm"
    verbose_name = "Platform"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import audit, pagecache

        audit.connect()
        connection_created.connect(pagecache.install, dispatch_uid="pagecache.install")
