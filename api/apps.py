from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The versioned REST API and the open-data export: on top of every other app, imported by none."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"

    def ready(self):
        from . import schema  # noqa: F401 - registers the OpenAPI description of token authentication
