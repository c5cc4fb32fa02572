"""No page is cached: each request renders its page and runs the view's access checks."""

import shutil
import sqlite3
import subprocess

import pytest
from django.db import connection
from django.urls import reverse

from organizations.models import Membership
from tests.assessments.conftest import *  # noqa: F403 - the same fixtures: service, personas, assessment


def _detail(assessment) -> str:
    return reverse("assessments:detail", args=[assessment.uuid])


@pytest.mark.django_db
def test_a_removed_membership_answers_404_on_the_very_next_request(client_for, member, assessment):
    c = client_for(member)
    assert c.get(_detail(assessment)).status_code == 200
    assert "Disaster Financial Assistance" in c.get(reverse("reports:heatmap")).content.decode()
    Membership.objects.filter(user=member).delete()
    assert c.get(_detail(assessment)).status_code == 404
    assert "Disaster Financial Assistance" not in c.get(reverse("reports:heatmap")).content.decode()


@pytest.mark.django_db
def test_a_demoted_manager_loses_the_managers_buttons_at_once(client_for, manager, assessment):
    c = client_for(manager)
    page = reverse("assessments:service_list", args=[assessment.service.uuid])
    assert "Start the assessment" in c.get(page).content.decode()
    Membership.objects.filter(user=manager).update(role=Membership.Role.EXECUTIVE)
    assert "Start the assessment" not in c.get(page).content.decode()


def _write_outside_django(sql: str) -> None:
    """Run a statement as another program would, on its own connection."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        if shutil.which("psql") is None:
            pytest.skip("psql is not installed")
        env = {"PGPASSWORD": settings.get("PASSWORD") or ""}
        subprocess.run(
            ["psql", "-v", "ON_ERROR_STOP=1", "-q", "-h", settings.get("HOST") or "127.0.0.1",
             "-p", str(settings.get("PORT") or 5432), "-U", settings.get("USER") or "postgres",
             "-d", settings["NAME"], "-c", sql],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
    else:
        with sqlite3.connect(settings["NAME"]) as other:
            other.execute(sql)


@pytest.mark.django_db(transaction=True)
def test_a_write_made_outside_the_platform_shows_on_the_next_request(
    client_for, member, assessment
):
    c = client_for(member)
    assert "Disaster Financial Assistance" in c.get(_detail(assessment)).content.decode()
    table = assessment.service._meta.db_table
    _write_outside_django(
        f"UPDATE {table} SET name_en = 'Drought Relief' WHERE id = {assessment.service_id}"  # noqa: S608 - test values
    )
    body = c.get(_detail(assessment)).content.decode()
    assert "Drought Relief" in body and "Disaster Financial Assistance" not in body
