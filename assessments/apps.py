from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"

    def ready(self) -> None:
        from core import fragments
        from organizations.signals import organization_merged

        from .models import ServiceLatest
        from .operations import refresh_summary

        fragments.watch("cycles", ServiceLatest)

        def merged(sender, organization, **kwargs) -> None:
            refresh_summary(organization.pk)

        organization_merged.connect(
            merged, weak=False, dispatch_uid="assessments.refresh_merged_summary"
        )
