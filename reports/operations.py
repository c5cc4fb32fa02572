"""Report jobs: request, render (in a worker), expire."""

import hashlib
import json
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.models import Assessment
from core.jobs import create_or_reuse
from organizations.models import User

from .models import ReportJob

logger = logging.getLogger(__name__)


class ReportError(Exception):
    """An expected failure, told to the person in words they can act on."""


def _assessment_key(assessment: Assessment, language: str) -> str:
    return f"assessment:{assessment.pk}:{language}"


def _heatmap_key(user: User, language: str, params: dict[str, str]) -> str:
    # The filters may be long: a digest of their canonical form keeps the key short.
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()
    return f"heatmap:{user.pk}:{language}:{digest}"


@transaction.atomic
def report_request(*, assessment: Assessment, language: str, user: User) -> tuple[ReportJob, bool]:
    """Request a report; an identical request still waiting or rendering is reused.

    Returns (job, created). The task is queued once the transaction commits.
    """
    return create_or_reuse(
        ReportJob,
        dedupe_key=_assessment_key(assessment, language),
        kind=ReportJob.Kind.ASSESSMENT,
        assessment=assessment,
        language=language,
        requested_by=user,
    )


def _html(job: ReportJob) -> str:
    """The report's page in the job's language."""
    if job.kind == ReportJob.Kind.HEATMAP:
        return _heatmap_html(job)
    if job.assessment is None:
        raise ReportError(_("The assessment of this report no longer exists."))
    from .content import assessment_report

    context = assessment_report(job.assessment)
    job.advance(25)
    return render_to_string("reports/pdf/assessment.html", context)


def _save_file(job: ReportJob, pdf: bytes) -> None:
    # Replace, never add: a retry or a second run leaves exactly one file.
    if default_storage.exists(job.file_name):
        default_storage.delete(job.file_name)
    saved = default_storage.save(job.file_name, ContentFile(pdf))
    assert saved == job.file_name, "the storage renamed the report file"


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
    job.attempts += 1
    if not job.start(progress=5, stage=ReportJob.Stage.COLLECTING, fields=("attempts",)):
        return "running elsewhere"  # the broker handed the task out again; one run is enough
    with translation.override(job.language):
        html = _html(job)
        job.advance(40, ReportJob.Stage.LAYOUT)
        pause = getattr(settings, "REPORTS_RENDER_PAUSE_SECONDS", 0)
        if pause:
            # Fault-injection tests widen the window in which a worker can be killed mid-render.
            time.sleep(pause)
        from .pdf import html_to_pdf

        pdf, pages = html_to_pdf(html)
    job.advance(90, ReportJob.Stage.SAVING)
    _save_file(job, pdf)
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
    job.advance(25)
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
def heatmap_request(*, user: User, language: str, params: dict[str, str]) -> tuple[ReportJob, bool]:
    """Request a PDF of the heat map as the user sees it; an identical waiting request is reused."""
    return create_or_reuse(
        ReportJob,
        dedupe_key=_heatmap_key(user, language, params),
        kind=ReportJob.Kind.HEATMAP,
        language=language,
        requested_by=user,
        params=params,
    )


def report_fail(*, job_id: int, message: str) -> None:
    ReportJob.objects.filter(pk=job_id).exclude(status=ReportJob.Status.DONE).update(
        status=ReportJob.Status.FAILED, error=message, finished_at=timezone.now(), progress=100
    )


def reports_expire(*, now: datetime | None = None) -> int:
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
