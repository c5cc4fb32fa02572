"""Celery tasks for reports: thin, they load the row and call an operation."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

from . import operations
from .models import ReportJob

logger = logging.getLogger(__name__)

# Worth another try: the database or the disk was briefly unavailable.
TRANSIENT = (OperationalError, InterfaceError, OSError)
MAX_RETRIES = 3


@shared_task(
    bind=True,
    name="reports.render_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
    max_retries=MAX_RETRIES,
)
def render_report(self, job_id: int) -> str:
    job = ReportJob.objects.filter(pk=job_id).only("language").first()
    language = job.language if job else "en"
    try:
        return operations.report_render(job_id=job_id)
    except operations.ReportError as error:
        operations.report_fail(job_id=job_id, message=str(error))
        return "failed"
    except SoftTimeLimitExceeded:
        with translation.override(language):
            message = _(
                "The report took too long to render and was stopped. Try again later; if it fails again, contact your administrator."
            )
        operations.report_fail(job_id=job_id, message=message)
        return "failed"
    except TRANSIENT as error:
        if self.request.retries >= MAX_RETRIES or self.request.is_eager:
            with translation.override(language):
                message = _(
                    "The report could not be rendered because a part of the platform was unavailable. Request it again in a few minutes."
                )
            operations.report_fail(job_id=job_id, message=message)
            logger.exception("report job %s failed after retries", job_id)
            return "failed"
        ReportJob.objects.get(pk=job_id).release()  # waiting again, for the retry to claim
        raise self.retry(exc=error, countdown=2**self.request.retries * 5) from error
    except Exception:
        logger.exception("report job %s failed", job_id)
        with translation.override(language):
            message = _(
                "The report could not be rendered because of an unexpected error. It was logged for the administrators; request it again later."
            )
        operations.report_fail(job_id=job_id, message=message)
        return "failed"


@shared_task(name="reports.expire_reports")
def expire_reports() -> int:
    """Run daily by the scheduler: reports past REPORT_RETENTION_DAYS are removed."""
    return operations.reports_expire()
