"""Background report jobs. The row is the truth: status, progress, stage, file and error."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.jobs import Job, status_field


def _report_name() -> str:
    # A random name, fixed when the job is created: a re-run replaces the same file.
    return f"reports/{uuid.uuid4().hex}.pdf"


class ReportJob(Job):
    """A PDF of an assessment or of the heat map. ``language`` is the report's language."""

    task_path = "reports.tasks.render_report"
    time_limit = settings.REPORT_TIME_LIMIT

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment report")
        HEATMAP = "heatmap", _("Portfolio heat map")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a worker")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Stage(models.TextChoices):
        COLLECTING = "collecting", _("Gathering the content")
        LAYOUT = "layout", _("Laying out the pages")
        SAVING = "saving", _("Saving the file")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ASSESSMENT)
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    # The heat map's switch and filters; its scope is the requester's, applied when rendering.
    params = models.JSONField(default=dict, blank=True)
    status = status_field(Status)
    file_name = models.CharField(max_length=200, default=_report_name, unique=True)
    has_file = models.BooleanField(default=False)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self):
        return f"{self.get_kind_display()} {self.uuid} ({self.status})"

    def delete(self, *args, **kwargs):
        # A deleted row takes its file with it.
        from django.core.files.storage import default_storage

        if default_storage.exists(self.file_name):
            default_storage.delete(self.file_name)
        return super().delete(*args, **kwargs)
