"""Report files in an S3-compatible bucket (STORAGE_BACKEND=s3), for web and workers on
several hosts: tested against a local S3 emulator (moto's server) over HTTP."""

import socket

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from ccsmm.settings.base import default_storage_settings
from reports import operations
from reports.models import ReportJob

from .conftest import complete

BUCKET = "ccsmm-files"


@pytest.fixture
def s3(settings, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "ca-central-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="ca-central-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ca-central-1"}
    )
    # The configuration a deployment gives, read the way the settings read it.
    monkeypatch.setattr("ccsmm.settings.base.STORAGE_BACKEND", "s3")
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_settings()}
    yield client
    server.stop()


def test_reports_are_kept_in_the_bucket_private_and_served_only_by_the_download_view(
    s3, assessment, manager, executive, client_for, django_capture_on_commit_callbacks
):
    completed = complete(assessment, manager)
    with django_capture_on_commit_callbacks(execute=True):
        operations.report_request(assessment=completed, language="en", user=executive)
    job = ReportJob.objects.get()
    assert job.status == "done"
    stored = s3.get_object(Bucket=BUCKET, Key=job.file_name)["Body"].read()
    assert stored.startswith(b"%PDF")
    grants = s3.get_object_acl(Bucket=BUCKET, Key=job.file_name)["Grants"]
    assert not [g for g in grants if "AllUsers" in str(g.get("Grantee", {}))]
    download = client_for(executive).get(reverse("reports:download", args=[job.uuid]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == stored
    # Expiry removes the object as it removes a local file.
    ReportJob.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2000))
    operations.reports_expire()
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) == 0


def test_s3_without_a_bucket_name_refuses_to_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    monkeypatch.setattr("ccsmm.settings.base.STORAGE_BACKEND", "s3")
    with pytest.raises(ImproperlyConfigured):
        default_storage_settings()
