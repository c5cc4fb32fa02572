"""Background report jobs. The row is the truth: status, progress, file and error."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _report_name() -> str:
    # A random name, fixed when the job is created: a re-run replaces the same file.
    return f"reports/{uuid.uuid4().hex}.pdf"


class ReportJob(models.Model):
    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment report")
        HEATMAP = "heatmap", _("Portfolio heat map")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a worker")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ASSESSMENT)
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    # The heat map's switch and filters; its scope is the requester's, applied when rendering.
    params = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file_name = models.CharField(max_length=200, default=_report_name, unique=True)
    has_file = models.BooleanField(default=False)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued = models.BooleanField(
        default=False,
        help_text=_("Whether the task reached the queue; false while the broker is unreachable."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["assessment", "language", "status"], name="report_reuse")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.uuid} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    def delete(self, *args, **kwargs):
        # A deleted row takes its file with it.
        from django.core.files.storage import default_storage

        if default_storage.exists(self.file_name):
            default_storage.delete(self.file_name)
        return super().delete(*args, **kwargs)
