"""The platform's wiring: database, broker, health check, identity."""

import os

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from ccsmm import celery_app


def test_health_check_answers_without_signing_in(client, db, settings):
    settings.REDIS_URL = None
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_health_check_reports_redis(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get(reverse("health"))
    assert response.status_code == 200  # pages and sign-in still work
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "unavailable"}
    if os.environ.get("REDIS_URL"):
        settings.REDIS_URL = os.environ["REDIS_URL"]
        assert client.get(reverse("health")).json()["redis"] == "ok"


@pytest.mark.skipif(
    not os.environ.get("EXPECT_POSTGRESQL"), reason="CI runs the suite on PostgreSQL"
)
def test_the_suite_runs_on_postgresql_when_ci_says_so(db):
    assert connection.vendor == "postgresql"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_the_celery_broker_is_reachable_when_configured():
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=2)
        assert conn.connected


def test_header_identity_is_neutral_by_default(client, db):
    body = client.get(reverse("login")).content.decode()
    assert "Service Maturity Platform" in body
    assert 'slot="signature"' in body
    assert "<gcds-footer" not in body


@override_settings(PLATFORM_GC_SIGNATURE=True, PLATFORM_NAME_EN="Canada Service Assessments")
def test_government_of_canada_signature_only_when_configured(client, db):
    body = client.get(reverse("login")).content.decode()
    assert 'slot="signature"' not in body
    assert "<gcds-footer" in body


def test_pages_load_assets_only_from_our_own_static_files(client, db):
    body = client.get(reverse("login")).content.decode()
    for marker in ("googleapis", "cdn.", "http://", "https://"):
        assert marker not in body.replace('xmlns="http://www.w3.org/2000/svg"', "")
