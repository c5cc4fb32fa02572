from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organizations"
    verbose_name = _("Organizations and people")

    def ready(self) -> None:
        from core import fragments

        from .models import Organization

        fragments.watch("organizations", Organization)
