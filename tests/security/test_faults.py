"""When a part fails: an error page and nothing half-saved; a report kept until the broker returns."""

import os
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from assessments.models import AttributeScore
from assessments.operations import assessment_start
from ccsmm import celery_app
from core.models import AuditEvent
from improvements.models import ImprovementOpportunity
from reports.models import ReportJob
from tests.factories import ServiceFactory


@pytest.fixture
def assessment(org, manager):
    return assessment_start(
        service=ServiceFactory(owner=org, name_en="Flood Grants"), cycle="2026-27", user=manager
    )


def _reset_connections():
    """Forget pooled broker connections and producers, so the next publish uses the current URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_the_database_failing_mid_save_gives_an_error_page_and_saves_nothing(manager, assessment):
    # The score is written, then the audit trail's insert finds the database gone.
    with mock.patch(
        "core.audit.AuditEvent.save",
        side_effect=OperationalError("server closed the connection"),
    ):
        response = _client(manager).post(
            reverse("assessments:score", args=[assessment.uuid, "trust"]),
            {"current_level": "2", "target_level": "4", "rationale": "Survey", "version": "0"},
        )
    assert response.status_code == 500
    assert "Nothing you entered in this last step was saved" in response.content.decode()
    score = AttributeScore.objects.get(assessment=assessment, attribute__key="trust")
    assert (score.current_level, score.rationale, score.version) == (None, "", 0)
    assert not AuditEvent.objects.filter(object_type="assessments.attributescore", action="change")


def test_an_opportunity_is_never_half_created(manager, assessment):
    with mock.patch("improvements.operations.ImprovementOpportunity.stages", create=True) as stages:
        stages.set.side_effect = OperationalError("connection lost")
        response = _client(manager).post(
            reverse("improvements:create", args=[assessment.uuid]),
            {
                "title": "Tell us once",
                "levers": "policy",
                "impact": "4",
                "effort": "2",
                "status": "proposed",
                "attributes": "trust",
            },
        )
    assert response.status_code == 500
    assert not ImprovementOpportunity.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL") and not os.environ.get("REQUIRE_BROKER"),
    reason="needs the real broker configuration (REDIS_URL)",
)
def test_with_redis_down_a_report_request_is_kept_and_runs_when_redis_returns(org, manager):
    assessment = assessment_start(
        service=ServiceFactory(owner=org, name_en="Flood Grants"), cycle="2026-27", user=manager
    )
    saved = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    _reset_connections()  # the next publish opens a connection to that address
    try:
        client = _client(manager)
        response = client.post(
            reverse("reports:assessment_reports", args=[assessment.uuid]), {"language": "en"}
        )
        job = ReportJob.objects.get()
        assert job.status == "pending" and job.queued is False
        page = client.get(response["Location"]).content.decode()
        assert "Waiting for the background service" in page
        assert "saved and will be prepared as soon as it is back" in page
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved
        _reset_connections()
    # The broker is back: the waiting request is queued again and rendered.
    from django.core.management import call_command

    call_command("requeue_jobs", verbosity=0)
    job.refresh_from_db()
    assert job.status == "done" and job.queued is True
