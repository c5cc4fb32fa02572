"""When Redis or the database fails, and what the API answers whatever goes wrong."""

import logging

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import PASSWORD

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_with_redis_down_people_sign_in_and_tokens_work(member, assessment, api, settings, caplog):
    c = api(member)  # the token is made before Redis goes
    settings.CACHES = UNREACHABLE_REDIS
    signed_in = Client().post(reverse("login"), {"username": member.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    with caplog.at_level(logging.ERROR):
        listed = c.get(reverse("api:service-list"))
    assert listed.status_code == 200
    assert "the cache is unavailable" in caplog.text


def _raw_client():
    return APIClient(raise_request_exception=False)


def test_an_unknown_api_address_answers_the_json_error_shape(db):
    response = _raw_client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"] == [{"field": None, "message": "Not found."}]


def test_a_body_over_the_limit_answers_413_in_json(member, api, settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    c = api(member)
    c.raise_request_exception = False
    response = c.post(reverse("api:opportunity-list"), {"title": "x" * 5000}, format="json")
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"].startswith("The request is too large.")


@pytest.mark.parametrize("error", [OperationalError("the database is gone"), KeyError("bug")])
def test_a_database_outage_or_a_bug_answers_500_in_json(member, api, monkeypatch, error):
    from api import views

    def fail(self):
        raise error

    monkeypatch.setattr(views.ServiceViewSet, "get_queryset", fail)
    c = api(member)
    c.raise_request_exception = False
    response = c.get(reverse("api:service-list"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["message"].startswith("Something went wrong on our side")


def test_pages_keep_their_html_error_pages(client, member):
    client.force_login(member)
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


def test_signed_in_responses_are_never_stored(client, member, api):
    client.force_login(member)
    made = client.post(reverse("profile"), {"name": "Dashboard", "password": PASSWORD})
    assert made.context["new_key"] in made.content.decode()
    assert "private" in made["Cache-Control"] and "no-store" in made["Cache-Control"]
    listed = api(member).get(reverse("api:service-list"))
    assert "no-store" in listed["Cache-Control"]


def test_an_owner_address_with_no_account_answers_as_a_non_member(
    api, member, outsider, assessment
):
    c = api(member)
    answers = []
    for email in (outsider.email, "nobody-at-all@example.ca"):
        response = c.post(
            reverse("api:opportunity-list"),
            {"assessment": str(assessment.uuid), "title": "X", "levers": ["skills"],
             "impact": 1, "effort": 1, "owner_user": email},
            format="json",
        )  # fmt: skip
        assert response.status_code == 400
        answers.append(response.json()["errors"])
    assert answers[0] == answers[1]
    assert answers[0][0]["field"] == "owner_user"
