"""PDF reports: content, jobs, reuse, downloads, permissions, expiry, broker outages."""

import io
import re
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from assessments import operations as operations_assessments
from core.jobs import requeue_waiting
from improvements import operations as ops
from reports import operations
from reports.models import ReportJob
from reports.pdf import FetchRefused, check_url
from tests.factories import StageFactory

from .conftest import complete, score_everything


@pytest.fixture
def rich(assessment, manager, personas):
    for persona in personas:
        for order, name in enumerate(["Awareness", "Apply", "Receive"], start=1):
            StageFactory(
                persona=persona, name=f"{name} ({persona.name})", order=order, sentiment=order - 2
            )
    ops.opportunity_create(
        assessment=assessment,
        user=manager,
        title="Train reception staff",
        levers=["skills"],
        impact=3,
        effort=2,
    )
    ops.opportunity_create(
        assessment=assessment,
        user=manager,
        title="Tell us once",
        levers=["policy", "technology"],
        impact=5,
        effort=4,
    )
    return complete(assessment, manager)


def _pdf_text(job) -> str:
    with default_storage.open(job.file_name, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _poppler(tool: str, pdf: bytes) -> str:
    """What a Debian poppler-utils tool (pdftotext, pdffonts) says of a PDF."""
    import shutil
    import subprocess
    import tempfile

    if not shutil.which(tool):
        pytest.skip(f"{tool} (Debian poppler-utils) is not installed")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:  # pdffonts reads a file it can seek
        file.write(pdf)
        file.flush()
        return subprocess.run([tool, file.name, "-"][: 3 if tool == "pdftotext" else 2],
                              capture_output=True, check=True).stdout.decode()  # fmt: skip


def _request(client, assessment, language="en"):
    return client.post(
        reverse("reports:assessment_reports", args=[assessment.uuid]), {"language": language}
    )


def test_a_report_is_rendered_in_process_without_a_broker_and_holds_the_assessment(
    client_for, executive, rich, django_capture_on_commit_callbacks
):
    c = client_for(executive)
    with django_capture_on_commit_callbacks(execute=True):
        response = _request(c, rich)
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:status", args=[job.uuid])
    assert job.status == "done" and job.progress == 100 and job.pages >= 8
    text = _pdf_text(job)
    assert "Disaster Financial Assistance" in text and "2026-27" in text
    for attribute in rich.catalogue_version.attributes.all():
        assert attribute.name_en in text, attribute.key
    assert "Train reception staff" in text and "Tell us once" in text
    assert "Apply (Margaret)" in text
    download = c.get(reverse("reports:download", args=[job.uuid]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")


def test_a_french_report_is_in_french(
    client_for, executive, rich, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _request(client_for(executive), rich, "fr")
    text = _pdf_text(ReportJob.objects.get())
    assert "Plateforme de maturité des services" in text
    assert "Organisation" in text and "Accessibilité" in text and "Efficience" in text


def test_identical_requests_while_one_is_pending_reuse_it(client_for, executive, manager, rich):
    with mock.patch("core.jobs.send"):
        first = _request(client_for(executive), rich)
        second = _request(client_for(manager), rich)
        _request(client_for(manager), rich, "fr")
    assert first["Location"] == second["Location"]
    assert ReportJob.objects.filter(language="en").count() == 1
    assert ReportJob.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_requests_create_one_job(assessment, executive, manager):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers on separate connections (PostgreSQL); SQLite locks")
    people = [executive, manager]
    # Both requests look for a waiting job before either inserts one: the worst interleaving.
    inserting = threading.Barrier(2, timeout=20)
    create = ReportJob.objects.create

    def create_together(**fields):
        inserting.wait()
        return create(**fields)

    results, failures = [None, None], []

    def request(index: int) -> None:
        try:
            results[index] = operations.report_request(
                assessment=assessment, language="fr", user=people[index]
            )
        except Exception as error:  # reported below, with the other thread's outcome
            failures.append(error)
        finally:
            connection.close()  # each thread has its own connection

    with (
        mock.patch("core.jobs.send"),
        mock.patch.object(ReportJob.objects, "create", side_effect=create_together),
    ):
        threads = [threading.Thread(target=request, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not failures, failures
    assert ReportJob.objects.count() == 1
    job = ReportJob.objects.get()
    assert {result[0].pk for result in results} == {job.pk}
    assert sorted(result[1] for result in results) == [False, True]


def test_rendering_twice_leaves_one_file_and_the_same_end_state(rich, executive):
    with mock.patch("core.jobs.send"):
        job, _created = operations.report_request(assessment=rich, language="en", user=executive)
    operations.report_render(job_id=job.pk)
    # A worker that died after rendering but before acknowledging (its job left running past
    # the time limit): the task runs again.
    long_ago = timezone.now() - timedelta(seconds=ReportJob.time_limit + 120)
    ReportJob.objects.filter(pk=job.pk).update(status="running", started_at=long_ago)
    operations.report_render(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2
    _dirs, files = default_storage.listdir("reports")
    assert [f"reports/{name}" for name in files].count(job.file_name) == 1
    assert operations.report_render(job_id=job.pk) == "done"  # finished jobs are left alone


def test_an_expected_failure_is_shown_in_words(client_for, executive, rich):
    from reports.tasks import render_report

    with mock.patch("core.jobs.send"):
        job, _created = operations.report_request(assessment=rich, language="en", user=executive)
    with mock.patch(
        "reports.content.assessment_report",
        side_effect=operations.ReportError("The assessment has no scores to report."),
    ):
        assert render_report.apply(args=[job.pk]).get() == "failed"
    job.refresh_from_db()
    assert job.status == "failed"
    page = client_for(executive).get(reverse("reports:status", args=[job.uuid])).content.decode()
    assert (
        "The report could not be prepared" in page
        and "The assessment has no scores to report." in page
    )


def test_a_transient_failure_that_persists_is_marked_failed(rich, executive):
    from django.db import OperationalError

    from reports.tasks import render_report

    with mock.patch("core.jobs.send"):
        job, _created = operations.report_request(assessment=rich, language="en", user=executive)
    with mock.patch(
        "reports.operations.report_render", side_effect=OperationalError("database went away")
    ):
        assert render_report.apply(args=[job.pk]).get() == "failed"
    job.refresh_from_db()
    assert "a part of the platform was unavailable" in job.error


def test_the_task_is_acknowledged_late_with_time_limits():
    from reports.tasks import render_report

    assert render_report.acks_late is True
    assert render_report.reject_on_worker_lost is True
    assert render_report.soft_time_limit < render_report.time_limit
    assert render_report.max_retries == 3


def test_with_the_broker_down_the_job_is_kept_and_queued_again_later(
    client_for, executive, rich, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError as BrokerDown

    c = client_for(executive)
    with mock.patch(
        "reports.tasks.render_report.apply_async", side_effect=BrokerDown("Connection refused")
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = _request(c, rich)
    job = ReportJob.objects.get()
    assert job.status == "pending" and job.queued is False
    page = c.get(response["Location"]).content.decode()
    assert "Waiting for the background service" in page
    with mock.patch("reports.tasks.render_report.apply_async") as queued:
        assert requeue_waiting() == (1, 0)
    queued.assert_called_once_with(args=[job.pk], retry=False)
    job.refresh_from_db()
    assert job.queued is True


def test_only_people_who_may_read_the_assessment_reach_its_reports(
    client_for, client, outsider, executive, rich, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _request(client_for(executive), rich)
    job = ReportJob.objects.get()
    urls = (
        reverse("reports:assessment_reports", args=[rich.uuid]),
        reverse("reports:status", args=[job.uuid]),
        reverse("reports:progress", args=[job.uuid]),
        reverse("reports:download", args=[job.uuid]),
    )
    c = client_for(outsider)
    for url in urls:
        assert c.get(url).status_code == 404, url
    assert _request(c, rich).status_code == 404
    anonymous = client_for(None)
    for url in urls:
        assert anonymous.get(url)["Location"].startswith(reverse("login")), url
    assert ReportJob.objects.count() == 1


def test_files_are_never_public_urls(
    rich, executive, client_for, django_capture_on_commit_callbacks
):
    from django.conf import settings

    with django_capture_on_commit_callbacks(execute=True):
        operations.report_request(assessment=rich, language="en", user=executive)
    job = ReportJob.objects.get()
    assert default_storage.exists(job.file_name)
    # Even the person who may read the report finds no file at a storage address: only the
    # download view, which checks access, serves it.
    c = client_for(executive)
    for path in (
        settings.MEDIA_URL + job.file_name,
        "/" + job.file_name,
        "/media/" + job.file_name,
    ):
        response = c.get(path)
        assert response.status_code == 404, path
        assert b"%PDF" not in response.content
    download = c.get(reverse("reports:download", args=[job.uuid]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_old_reports_expire_with_their_files(
    rich, executive, django_capture_on_commit_callbacks, settings
):
    settings.REPORT_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        operations.report_request(assessment=rich, language="en", user=executive)
    job = ReportJob.objects.get()
    default_storage.save("reports/stray.pdf", io.BytesIO(b"%PDF-stray"))
    assert (
        operations.reports_expire(now=timezone.now() + timedelta(days=10)) == 1
    )  # the stray file only
    assert ReportJob.objects.filter(pk=job.pk).exists() and default_storage.exists(job.file_name)
    assert operations.reports_expire(now=timezone.now() + timedelta(days=31)) == 1
    assert not ReportJob.objects.exists() and not default_storage.exists(job.file_name)


def test_the_renderer_fetches_nothing_from_outside_our_static_files():
    for url in ("https://fonts.googleapis.com/css", "file:///etc/passwd", "http://127.0.0.1:8000/"):
        with pytest.raises(FetchRefused):
            check_url(url)
    from reports.pdf import BASE_URL

    check_url(BASE_URL + "vendor/gcds-fonts/noto-sans/gcds-noto-sans-regular.woff")


def test_status_page_and_progress(client_for, executive, rich):
    with mock.patch("core.jobs.send"):
        job, _created = operations.report_request(assessment=rich, language="en", user=executive)
    ReportJob.objects.filter(pk=job.pk).update(queued=True)
    c = client_for(executive)
    page = c.get(reverse("reports:status", args=[job.uuid])).content.decode()
    assert '<progress id="job-progress-bar" max="100" value="0">' in page
    assert c.get(reverse("reports:progress", args=[job.uuid])).json()["finished"] is False
    assert c.get(reverse("reports:download", args=[job.uuid])).status_code == 404


def _gap_rows(text: str, names: list[str]) -> list[tuple[str, int]]:
    """(attribute, gap) in the order the text lists them, from a table row "name current target gap"."""
    found = []
    for name in names:
        match = re.search(re.escape(name) + r"\s+(\d)\s+(\d)\s+(-?\d)", text)
        if match:
            found.append((match.start(), name, int(match.group(3))))
    return [(name, gap) for _start, name, gap in sorted(found)]


def test_the_results_page_and_the_pdf_list_the_same_gaps_a_zero_gap_included(
    client_for, executive, manager, assessment
):
    score_everything(assessment, manager, current=2, target=3)
    for key, current, target in [("trust", 3, 3), ("outcome", 1, 5), ("clarity", 2, 4)]:
        score = assessment.scores.get(attribute__key=key)
        operations_assessments.score_save(
            score=score, user=manager, version=score.version, current_level=current,
            target_level=target,
        )  # fmt: skip
    operations_assessments.assessment_submit(assessment=assessment, user=manager)
    operations_assessments.assessment_complete(assessment=assessment, user=manager)
    names = [a.name_en for a in assessment.catalogue_version.attributes.order_by("order")]

    page = client_for(executive).get(reverse("assessments:results", args=[assessment.uuid]))
    body = page.content.decode()
    section = body[body.index("Largest gaps first") : body.index("Who the service fails most")]
    page_rows = _gap_rows(re.sub(r"<[^>]+>", " ", section), names)

    with mock.patch("core.jobs.send"):
        job, _created = operations.report_request(
            assessment=assessment, language="en", user=executive
        )
    operations.report_render(job_id=job.pk)
    text = _pdf_text(job)
    pdf_section = text[text.index("Largest gaps first") : text.index("Biggest changes")]
    pdf_rows = _gap_rows(pdf_section, names)

    assert len(page_rows) == 12
    assert pdf_rows == page_rows
    assert page_rows[0] == ("Outcome", 4) and page_rows[1] == ("Clarity and transparency", 2)
    assert ("Trust, privacy and security", 0) in pdf_rows


@pytest.mark.parametrize(
    ("language", "status", "stage"),
    [("en", "Rendering", "Laying out the pages"), ("fr", "Production en cours", "Mise en page")],
)
def test_the_stage_of_a_report_is_shown_in_the_readers_language(
    client_for, executive, rich, language, status, stage
):
    # Asked for an English report; read by someone whose pages are in either language.
    job = ReportJob.objects.create(
        assessment=rich, language="en", requested_by=executive, status="running", progress=40,
        stage=ReportJob.Stage.LAYOUT, queued=True,
    )  # fmt: skip
    c = client_for(executive)
    with translation.override(language):
        status_url = reverse("reports:status", args=[job.uuid])
        progress_url = reverse("reports:progress", args=[job.uuid])
    assert status_url.startswith(f"/{language}/")
    progress = c.get(progress_url).json()
    assert (progress["status_label"], progress["stage"]) == (status, stage)
    assert stage in c.get(status_url).content.decode()


def test_the_report_holds_what_the_results_page_shows(
    manager, assessment, personas, django_capture_on_commit_callbacks, client_for, executive
):
    """Read as an executive reads it (pdftotext): persona ratings and their notes, each
    persona's profile, the journey's channels and pain points, each opportunity's description
    and links, the priority matrix and the roadmap."""
    from datetime import date

    from assessments import operations as assessment_operations

    margaret, ahmed = personas
    margaret.needs = "Someone to call who knows her file"
    margaret.accessibility_needs = "Large print"
    margaret.save()
    StageFactory(persona=margaret, name="Apply", order=1, channel="TEL",
                 pain_points="Forty minutes on hold")  # fmt: skip
    score_everything(assessment, manager)
    access = assessment.scores.get(attribute__key="accessibility")
    assessment_operations.score_save(
        score=access, user=manager, version=access.version, current_level=2, target_level=4,
        ratings={margaret.pk: (2, "The form is too small to read"), ahmed.pk: (4, "")},
    )  # fmt: skip
    ops.opportunity_create(
        assessment=assessment, user=manager, title="Large-print forms", levers=["policy"],
        impact=4, effort=2, description="Print every form at 14 points as well.",
        attributes=[access.attribute], personas=[margaret], target_date=date(2027, 5, 1),
    )  # fmt: skip
    complete_assessment = assessment
    assessment_operations.assessment_submit(assessment=complete_assessment, user=manager)
    assessment_operations.assessment_complete(assessment=complete_assessment, user=manager)
    with django_capture_on_commit_callbacks(execute=True):
        _request(client_for(executive), assessment)
    job = ReportJob.objects.get()
    with default_storage.open(job.file_name, "rb") as handle:
        pdf = handle.read()
    flat = re.sub(r"\s+", " ", _poppler("pdftotext", pdf))
    assert "How well each persona is served" in flat
    assert "The form is too small to read" in flat  # a persona rating's note
    assert "Someone to call who knows her file" in flat and "Large print" in flat
    assert "Preferred channels" in flat and "Evidence base" in flat
    assert "Telephone" in flat and "Forty minutes on hold" in flat  # the journey's columns
    assert "Print every form at 14 points as well." in flat  # the opportunity's description
    assert "Priority matrix" in flat and "Roadmap" in flat
    assert "2027-28 Q1" in flat  # the roadmap's fiscal quarter of May 2027


def test_right_to_left_names_and_emoji_print_as_written(
    manager, assessment, personas, django_capture_on_commit_callbacks, client_for, executive
):
    """An Arabic stage name reads in its own order in the journey chart as in the table (the
    chart's names are shaped text, not SVG letters), and emoji print from the emoji font of
    the report's font stack rather than as empty boxes."""
    margaret, _ahmed = personas
    margaret.needs = "A phone call 📞 before the letter"
    margaret.save()
    StageFactory(persona=margaret, name="Awareness", order=1)
    StageFactory(persona=margaret, name="تقديم الطلب", order=2)
    with django_capture_on_commit_callbacks(execute=True):
        _request(client_for(executive), assessment)
    job = ReportJob.objects.get()
    with default_storage.open(job.file_name, "rb") as handle:
        pdf = handle.read()
    text = _poppler("pdftotext", pdf)
    # Once in the chart, once in the journey table; never reversed letter by letter.
    assert text.count("تقديم الطلب") == 2, text
    assert "بلطلا ميدقت" not in text
    assert "Noto-Color-Emoji" in _poppler("pdffonts", pdf)
