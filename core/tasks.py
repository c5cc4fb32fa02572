"""Periodic work the scheduler (Celery beat) runs for every kind of job."""

from celery import shared_task

from .jobs import requeue_waiting


@shared_task(name="core.requeue_jobs")
def requeue_jobs() -> tuple[int, int]:
    """Every minute: jobs whose worker died, or that never reached the broker, are queued
    again. Returns (queued now, still waiting)."""
    return requeue_waiting()
