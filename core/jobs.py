"""Background jobs of every kind: one abstract row, one way to queue, one progress endpoint.

The row is the truth: status, progress, the code of the current stage, and the outcome. A
concrete job model names its Celery task by dotted path (``task_path``) and declares its stage
codes (a ``Stage`` TextChoices with lazily translated labels), so a stage is stored as a code
and shown in the reader's language. Core imports no app: concrete models are found through
``django.apps``.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    """The codes every kind shares; each kind words them its own way (``status_field``)."""

    PENDING = "pending", pgettext_lazy("job status", "Waiting")
    RUNNING = "running", pgettext_lazy("job status", "Running")
    DONE = "done", pgettext_lazy("job status", "Done")
    FAILED = "failed", pgettext_lazy("job status", "Failed")


ACTIVE = (JobStatus.PENDING, JobStatus.RUNNING)
FINISHED = (JobStatus.DONE, JobStatus.FAILED)
# A job still "running" this long after its task's hard time limit has lost its worker (the
# process or the whole machine died): the task would have been stopped by then.
STUCK_MARGIN_SECONDS = 60


def status_field(choices: type[models.TextChoices]) -> models.CharField:
    """The status column with a kind's own wording; every kind has the same four codes."""
    if set(choices.values) != set(JobStatus.values):
        raise ImproperlyConfigured(f"{choices.__qualname__} must have the codes {JobStatus.values}")
    return models.CharField(max_length=20, choices=choices.choices, default=JobStatus.PENDING)


def asked_language() -> str:
    """The active language, as one of settings.LANGUAGES: the language a job was asked in."""
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    known = {code for code, _name in settings.LANGUAGES}
    return current if current in known else settings.LANGUAGE_CODE


class Job(models.Model):
    """A background job of any kind. Subclasses set ``task_path`` and a ``Stage`` TextChoices."""

    Stage: ClassVar[type[models.TextChoices] | None] = None
    # The dotted path of the Celery task that runs the job, given the row's primary key.
    task_path: ClassVar[str] = ""
    # The task's hard time limit, in seconds: past it (and a margin) a running job is stuck.
    time_limit: ClassVar[int] = 0

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = status_field(JobStatus)
    progress = models.PositiveSmallIntegerField(default=0)
    # A code of the subclass's Stage; translated only when shown.
    stage = models.CharField(max_length=20, blank=True)
    # Messages written by the worker (errors, problems) are written in this language.
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default=asked_language)
    queued = models.BooleanField(
        default=False,
        help_text=_("Whether the task reached the queue; false while the broker is unreachable."),
    )
    # Identical requests share a key; only one job per key may be waiting or running.
    # Empty for kinds whose requests are never identical (each upload is new).
    dedupe_key = models.CharField(max_length=120, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=Q(status__in=ACTIVE) & ~Q(dedupe_key=""),
                name="%(app_label)s_%(class)s_one_active",
            )
        ]

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def status_label(self) -> str:
        return self.get_status_display()

    @property
    def stage_label(self) -> str:
        """The stage in the active language: the reader's, not the worker's."""
        if not self.stage or self.Stage is None:
            return ""
        labels = dict(self.Stage.choices)
        return str(labels.get(self.stage, ""))

    @classmethod
    def stuck_since(cls) -> Any:
        """A running job started before this moment has lost its worker."""
        return timezone.now() - timedelta(seconds=cls.time_limit + STUCK_MARGIN_SECONDS)

    @classmethod
    def taken_over_since(cls) -> Any:
        """A running job started before this moment may be claimed by another copy of its task.

        The broker hands a task out again only when its first worker has not acknowledged it
        within the visibility timeout; every task's hard time limit is shorter than that, so
        by then the first run has ended (its worker died). A copy arriving sooner is a
        duplicate and leaves the job to the worker running it."""
        visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 0)
        wait = min(cls.time_limit + STUCK_MARGIN_SECONDS, visibility or cls.time_limit)
        return timezone.now() - timedelta(seconds=wait)

    def start(self, *, progress: int = 0, stage: str = "", fields: tuple[str, ...] = ()) -> bool:
        """Claim the job for this worker and mark it running, with any other changed fields
        of the subclass. Only a waiting job, or one whose worker died, is claimed: a copy of
        the task handed out while the first worker still runs it gets False and leaves the
        job alone."""
        now = timezone.now()
        changes = {name: getattr(self, name) for name in fields}
        claimed = (
            type(self)
            ._default_manager.filter(pk=self.pk)
            .filter(
                Q(status=JobStatus.PENDING)
                | Q(status=JobStatus.RUNNING, started_at__lt=self.taken_over_since())
            )
            .update(
                status=JobStatus.RUNNING, started_at=now, progress=progress, stage=stage, **changes
            )
        )
        if claimed:
            self.status, self.started_at, self.progress, self.stage = (
                JobStatus.RUNNING,
                now,
                progress,
                stage,
            )
        return bool(claimed)

    def release(self) -> None:
        """Back to waiting (a retry is coming): the next attempt may claim it."""
        type(self)._default_manager.filter(pk=self.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.PENDING, progress=0, stage=""
        )
        self.status, self.progress, self.stage = JobStatus.PENDING, 0, ""

    def advance(self, progress: int, stage: str | None = None) -> None:
        self.progress = progress
        if stage is not None:
            self.stage = stage
        self.save(update_fields=["progress", "stage"])

    @classmethod
    def task(cls) -> Any:
        """The Celery task of this kind (resolved by path: core imports no app)."""
        return import_string(cls.task_path)


JobT = TypeVar("JobT", bound=Job)


def job_models() -> list[type[Job]]:
    """Every concrete job model of the project."""
    return [model for model in apps.get_models() if issubclass(model, Job)]


def send(model: type[Job], job_id: int) -> bool:
    """Hand one job to the workers and record whether it reached the queue.

    No publish retries: with the broker down the person gets an answer at once, and the job
    waits on its row until ``requeue_jobs`` sends it. With no broker configured the task runs
    here and now (eager mode).
    """
    try:
        model.task().apply_async(args=[job_id], retry=False)
    except Exception:
        # kombu raises several kinds of connection errors; all mean "not queued yet".
        logger.warning(
            "%s %s could not be queued; it will be queued again later",
            model._meta.label,
            job_id,
            exc_info=True,
        )
        queued = False
    else:
        queued = True
    model._default_manager.filter(pk=job_id).update(queued=queued)
    return queued


def queue_after_commit(job: Job) -> None:
    """Send the job's task once the transaction that created the row commits."""
    transaction.on_commit(partial(send, type(job), job.pk))


def create_or_reuse(model: type[JobT], *, dedupe_key: str, **fields: Any) -> tuple[JobT, bool]:
    """Create a job and queue it after commit, or return the identical one still active.

    The partial unique constraint on ``dedupe_key`` decides between concurrent identical
    requests: the second insert fails inside its savepoint and that request reuses the first.
    Returns (job, created).
    """
    # A stuck identical job is queued again first: the person gets one that a worker will run.
    requeue_stuck(model._default_manager.filter(dedupe_key=dedupe_key))
    active = model._default_manager.filter(dedupe_key=dedupe_key, status__in=ACTIVE).order_by(
        "-created_at"
    )
    conflict = None
    for _attempt in range(3):
        existing = active.first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                job = model._default_manager.create(dedupe_key=dedupe_key, **fields)
        except IntegrityError as error:
            conflict = error  # most likely created by another request a moment ago: look again
            continue
        queue_after_commit(job)
        return job, True
    assert conflict is not None
    raise conflict


def requeue_stuck(jobs: models.QuerySet) -> int:
    """Queue again the jobs of ``jobs`` whose worker died: running past their time limit and
    the margin. Each is put back to waiting by a conditional update (two sweeps never both
    take it) and sent. Returns how many were sent."""
    model = jobs.model
    cutoff = model.stuck_since()
    stuck = jobs.filter(status=JobStatus.RUNNING, started_at__lt=cutoff)
    sent = 0
    for job_id in list(stuck.values_list("pk", flat=True)):
        taken = model._default_manager.filter(
            pk=job_id, status=JobStatus.RUNNING, started_at__lt=cutoff
        ).update(status=JobStatus.PENDING, progress=0, stage="", queued=False)
        if taken:
            logger.warning("%s %s lost its worker; queued again", model._meta.label, job_id)
            sent += send(model, job_id)
    return sent


def requeue_waiting() -> tuple[int, int]:
    """Queue again the jobs of every kind that lost their worker or never reached the broker.

    Returns (queued now, still waiting).
    """
    sent = failed = 0
    for model in job_models():
        requeue_stuck(model._default_manager.all())
        waiting = model._default_manager.filter(status=JobStatus.PENDING, queued=False)
        for job_id in waiting.order_by("pk").values_list("pk", flat=True):
            if send(model, job_id):
                sent += 1
            else:
                failed += 1
    return sent, failed


JobLookup = Callable[..., Job]


@never_cache
def job_progress(request: HttpRequest, uuid: UUID, lookup: JobLookup) -> JsonResponse:
    """The one progress endpoint: where any background job stands, polled by its status page.

    ``lookup(user=, uuid=)`` is the access rule of the job's app, passed by its URL pattern: it
    returns the job or raises 404. The stage is a code on the row, shown in the reader's language.
    """
    job = lookup(user=request.user, uuid=uuid)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.status_label,
            "progress": job.progress,
            "stage": job.stage_label,
            "finished": job.is_finished,
        }
    )
