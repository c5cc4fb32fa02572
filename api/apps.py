from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The versioned REST API and the open-data export: on top of every other app, imported by none."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"

    def ready(self):
        from organizations.signals import password_changed

        from . import schema  # noqa: F401 - registers the OpenAPI description of token authentication
        from .models import revoke_tokens

        # A changed or reset password ends every token: one taken with the old password
        # must not outlive it.
        password_changed.connect(revoke_tokens, dispatch_uid="api-revoke-tokens")
