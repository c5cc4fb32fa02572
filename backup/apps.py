from django.apps import AppConfig


class BackupConfig(AppConfig):
    """Backup and restore of one organization's data: it reads every domain app, so it sits above them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "backup"
