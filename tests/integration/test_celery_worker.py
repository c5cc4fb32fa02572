"""Reports rendered by real Celery workers through Redis, including a worker killed mid-render.

Needs REDIS_URL (CI sets it, and REQUIRE_BROKER, which turns a skip into a failure).
"""

import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from assessments import operations
from ccsmm import celery_app
from improvements import operations as ops
from organizations.models import Membership
from reports.models import ReportJob
from tests.factories import MembershipFactory, OrganizationFactory, PersonaFactory, ServiceFactory

ROOT = Path(settings.BASE_DIR)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def broker():
    if not os.environ.get("REDIS_URL"):
        if os.environ.get("REQUIRE_BROKER"):
            pytest.fail("REDIS_URL must be set: the worker integration tests need Redis.")
        pytest.skip("needs Redis (REDIS_URL)")


@pytest.fixture
def queue():
    """A queue of this test's own, so no stale message from another run is picked up."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    saved = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = saved


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    auth = f"{user}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{user}@"
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    def __init__(self, queue: str, media: Path):
        self.queue = queue
        self.media = media
        self.processes: list[subprocess.Popen] = []

    def start(self, **extra_env) -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(
            DJANGO_SETTINGS_MODULE="ccsmm.settings.test",
            DATABASE_URL=_database_url(),
            MEDIA_ROOT=str(self.media),
            CELERY_QUEUE=self.queue,
            CELERY_VISIBILITY_TIMEOUT="3",
            CELERY_UNACKED_RESTORE_INTERVAL="1",
            **extra_env,
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ccsmm", "worker", "--pool=solo", "-Q", self.queue,
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    def output(self) -> str:
        text = []
        for process in self.processes:
            if process.poll() is not None and process.stdout:
                text.append(process.stdout.read().decode(errors="replace")[-3000:])
        return "\n".join(text)


@pytest.fixture
def workers(queue, settings, tmp_path):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    pool = Workers(queue, media)
    yield pool
    pool.stop()


@pytest.fixture
def scene():
    org = OrganizationFactory(name_en="Wildfire Relief Agency", name_fr="Agence de secours")
    service = ServiceFactory(owner=org, name_en="Disaster Financial Assistance")
    PersonaFactory(service=service, name="Margaret", segment="seniors")
    manager = MembershipFactory(organization=org, role=Membership.Role.MANAGER).user
    assessment = operations.assessment_start(service=service, cycle="2026-27", user=manager)
    for score in assessment.scores.all():
        operations.score_save(score=score, user=manager, version=0, current_level=2, target_level=4)
    ops.opportunity_create(
        assessment=assessment,
        user=manager,
        title="Tell us once",
        levers=["policy"],
        impact=5,
        effort=3,
    )
    ops.opportunity_create(
        assessment=assessment,
        user=manager,
        title="Train reception staff",
        levers=["skills"],
        impact=3,
        effort=2,
    )
    return assessment, manager


def _wait(job, predicate, timeout, workers):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if predicate(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job stayed {job.status} ({job.progress}%): {workers.output()}")


def test_a_real_worker_renders_a_report_requested_through_the_web(client, scene, workers):
    assessment, manager = scene
    workers.start()
    client.force_login(manager)
    response = client.post(
        reverse("reports:assessment_reports", args=[assessment.uuid]), {"language": "en"}
    )
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:status", args=[job.uuid])
    assert job.queued is True
    _wait(job, lambda j: j.is_finished, 90, workers)
    assert job.status == "done", job.error
    progress = client.get(reverse("reports:progress", args=[job.uuid])).json()
    assert progress["finished"] is True and progress["progress"] == 100
    download = client.get(reverse("reports:download", args=[job.uuid]))
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Disaster Financial Assistance" in text
    for attribute in assessment.catalogue_version.attributes.all():
        assert attribute.name_en in text
    assert "Tell us once" in text and "Train reception staff" in text


def test_a_job_whose_worker_is_killed_mid_render_is_finished_by_another_worker(
    scene, workers, settings
):
    assessment, manager = scene
    first = workers.start(REPORTS_RENDER_PAUSE_SECONDS="15")
    from reports import operations as report_operations

    job, _created = report_operations.report_request(
        assessment=assessment, language="en", user=manager
    )
    _wait(job, lambda j: j.status == "running" and j.progress >= 40, 60, workers)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == "running" and not job.has_file

    workers.start()
    _wait(job, lambda j: j.is_finished, 90, workers)
    assert job.status == "done", job.error
    assert job.attempts == 2
    files = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "reports").iterdir())
    assert files == [Path(job.file_name).name]
