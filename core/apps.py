from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_migrate

        from . import fragments

        post_migrate.connect(fragments.install_triggers, sender=self)
        request_started.connect(fragments.forget_tokens)
        request_finished.connect(fragments.forget_tokens)
