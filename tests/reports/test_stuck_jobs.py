"""A worker that dies (killed, out of memory, its machine lost) leaves no job stuck: the
scheduler queues it again, an identical request never waits on it, and a task handed out
twice runs once."""

from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.utils import timezone

from core.jobs import requeue_waiting
from reports import operations
from reports.models import ReportJob


def _running(job, seconds_ago):
    started = timezone.now() - timedelta(seconds=seconds_ago)
    ReportJob.objects.filter(pk=job.pk).update(
        status="running", started_at=started, progress=40, stage="layout", queued=True
    )


def _requested(assessment, user, language="en"):
    with mock.patch("core.jobs.send"):
        job, __ = operations.report_request(assessment=assessment, language=language, user=user)
    return job


def test_a_job_running_past_its_time_limit_is_queued_again_by_the_scheduler(assessment, executive):
    job = _requested(assessment, executive)
    _running(job, ReportJob.time_limit + 120)  # its worker died at 40 %
    with mock.patch("reports.tasks.render_report.apply_async") as queued:
        assert requeue_waiting() == (0, 0)  # sent by the sweep of stuck jobs, not as waiting
    queued.assert_called_once_with(args=[job.pk], retry=False)
    job.refresh_from_db()
    assert (job.status, job.progress, job.stage, job.queued) == ("pending", 0, "", True)


def test_a_job_still_within_its_time_limit_is_left_to_its_worker(assessment, executive):
    job = _requested(assessment, executive)
    _running(job, 10)
    with mock.patch("reports.tasks.render_report.apply_async") as queued:
        requeue_waiting()
    queued.assert_not_called()
    job.refresh_from_db()
    assert job.status == "running" and job.progress == 40


def test_an_identical_request_never_waits_on_a_stuck_job(assessment, executive, manager):
    job = _requested(assessment, executive)
    _running(job, ReportJob.time_limit + 120)
    with mock.patch("reports.tasks.render_report.apply_async") as queued:
        again, created = operations.report_request(
            assessment=assessment, language="en", user=manager
        )
    # The stuck job was queued again before being given: a worker will run it.
    queued.assert_called_once_with(args=[job.pk], retry=False)
    again.refresh_from_db()
    assert again.status == "pending" and again.queued


def test_a_task_handed_out_twice_runs_once(assessment, executive):
    job = _requested(assessment, executive)
    _running(job, 10)  # a first worker is rendering it
    assert operations.report_render(job_id=job.pk) == "running elsewhere"
    job.refresh_from_db()
    assert job.status == "running" and job.attempts == 0


def test_the_broker_hands_out_a_lost_task_after_about_five_minutes():
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == 300
    assert "core.requeue_jobs" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reports.expire_reports" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}


def test_every_scheduled_task_is_a_registered_task():
    from ccsmm.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_every_task_ends_before_the_broker_hands_it_out_again():
    from core.jobs import job_models

    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    for model in job_models():
        assert 0 < model.time_limit < visibility, model
        assert model.task().time_limit == model.time_limit, model
