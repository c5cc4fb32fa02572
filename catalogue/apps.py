from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalogue"

    def ready(self) -> None:
        from core import fragments

        from .models import Attribute, CatalogueVersion

        fragments.watch("catalogue", CatalogueVersion, Attribute)
