"""Report jobs: request, render (in a worker), expire."""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import ReportJob

logger = logging.getLogger(__name__)

ACTIVE = [ReportJob.Status.PENDING, ReportJob.Status.RUNNING]


class ReportError(Exception):
    """An expected failure, told to the person in words they can act on."""


def _queue(job_id: int) -> None:
    """Hand the job to the workers. With the broker down, the job waits on its row."""
    from .tasks import render_report

    try:
        # No publish retries: with the broker down the person gets an answer at once.
        render_report.apply_async(args=[job_id], retry=False)
    except Exception:
        # kombu raises several kinds of connection errors; all mean "not queued yet".
        logger.warning(
            "report job %s could not be queued; it will be queued again later",
            job_id,
            exc_info=True,
        )
        ReportJob.objects.filter(pk=job_id).update(queued=False)
    else:
        ReportJob.objects.filter(pk=job_id).update(queued=True)


@transaction.atomic
def report_request(*, assessment, language: str, user) -> tuple[ReportJob, bool]:
    """Request a report; an identical request still waiting or rendering is reused.

    Returns (job, created). The task is queued once the transaction commits.
    """
    existing = (
        ReportJob.objects.select_for_update()
        .filter(assessment=assessment, language=language, status__in=ACTIVE)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing, False
    job = ReportJob.objects.create(
        kind=ReportJob.Kind.ASSESSMENT, assessment=assessment, language=language, requested_by=user
    )
    transaction.on_commit(lambda: _queue(job.pk))
    return job, True


def requeue_waiting() -> int:
    """Queue again the jobs that never reached the broker (it was down). Returns how many."""
    waiting = list(
        ReportJob.objects.filter(status=ReportJob.Status.PENDING, queued=False).values_list(
            "pk", flat=True
        )
    )
    for job_id in waiting:
        _queue(job_id)
    return len(waiting)


def _progress(job: ReportJob, percent: int) -> None:
    job.progress = percent
    job.save(update_fields=["progress"])


def report_render(*, job_id: int) -> str:
    """Render one job. Running it twice gives the same end state and one file."""
    job = (
        ReportJob.objects.select_related(
            "assessment__service__owner", "assessment__catalogue_version"
        )
        .filter(pk=job_id)
        .first()
    )
    if job is None:
        return "gone"
    if job.status == ReportJob.Status.DONE:
        return "done"
    job.status = ReportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.attempts += 1
    job.progress = 5
    job.save(update_fields=["status", "started_at", "attempts", "progress"])
    with translation.override(job.language):
        if job.kind == ReportJob.Kind.HEATMAP:
            html = _heatmap_html(job)
        else:
            if job.assessment is None:
                raise ReportError(_("The assessment of this report no longer exists."))
            from .content import assessment_report

            context = assessment_report(job.assessment)
            _progress(job, 25)
            html = render_to_string("reports/pdf/assessment.html", context)
        _progress(job, 40)
        pause = getattr(settings, "REPORTS_RENDER_PAUSE_SECONDS", 0)
        if pause:
            # Fault-injection tests widen the window in which a worker can be killed mid-render.
            time.sleep(pause)
        from .pdf import html_to_pdf

        pdf, pages = html_to_pdf(html)
    _progress(job, 90)
    # Replace, never add: a retry or a second run leaves exactly one file.
    if default_storage.exists(job.file_name):
        default_storage.delete(job.file_name)
    saved = default_storage.save(job.file_name, ContentFile(pdf))
    assert saved == job.file_name, "the storage renamed the report file"
    job.status = ReportJob.Status.DONE
    job.progress = 100
    job.has_file = True
    job.pages = pages
    job.error = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "has_file", "pages", "error", "finished_at"])
    return "done"


def _heatmap_html(job: ReportJob) -> str:
    from django.utils.translation import get_language

    from .heatmap import queries as heatmap
    from .heatmap.display import Display
    from .heatmap.filters import HeatmapFilterSet

    if job.requested_by is None or not job.requested_by.is_active:
        raise ReportError(_("The person who requested this heat map no longer has access."))
    display = Display.from_query(job.params)
    filters = HeatmapFilterSet(job.params, user=job.requested_by)
    data = heatmap.service_heatmap(
        display, services=filters.services(), version=filters.value("version"), paginate=False
    )
    _progress(job, 25)
    french = (get_language() or "en").startswith("fr")
    return render_to_string(
        "reports/pdf/heatmap.html",
        {
            **data,
            "filters": display,
            "platform_name": settings.PLATFORM_NAME_FR if french else settings.PLATFORM_NAME_EN,
        },
    )


@transaction.atomic
def heatmap_request(*, user, language: str, params: dict) -> tuple[ReportJob, bool]:
    """Request a PDF of the heat map as the user sees it; an identical waiting request is reused."""
    existing = (
        ReportJob.objects.select_for_update()
        .filter(
            kind=ReportJob.Kind.HEATMAP,
            requested_by=user,
            language=language,
            params=params,
            status__in=ACTIVE,
        )
        .first()
    )
    if existing is not None:
        return existing, False
    job = ReportJob.objects.create(
        kind=ReportJob.Kind.HEATMAP, language=language, requested_by=user, params=params
    )
    transaction.on_commit(lambda: _queue(job.pk))
    return job, True


def report_fail(*, job_id: int, message: str) -> None:
    ReportJob.objects.filter(pk=job_id).exclude(status=ReportJob.Status.DONE).update(
        status=ReportJob.Status.FAILED, error=message, finished_at=timezone.now(), progress=100
    )


def reports_expire(*, now=None) -> int:
    """Remove reports older than REPORT_RETENTION_DAYS, rows and files, and stray files."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REPORT_RETENTION_DAYS)
    old = list(ReportJob.objects.filter(created_at__lt=cutoff))
    for job in old:
        job.delete()
    known = set(ReportJob.objects.values_list("file_name", flat=True))
    stray = 0
    if default_storage.exists("reports"):
        _dirs, files = default_storage.listdir("reports")
        for name in files:
            path = f"reports/{name}"
            if path not in known:
                default_storage.delete(path)
                stray += 1
    return len(old) + stray
