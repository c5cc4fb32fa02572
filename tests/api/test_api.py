"""API v1: every endpoint for an insider, another organization's user and an anonymous caller."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from improvements import operations as ops
from improvements.models import ImprovementOpportunity
from reports.models import ReportJob

from .conftest import complete, score_everything


@pytest.fixture(autouse=True)
def _clear_throttle_counts():
    cache.clear()


def _read_urls(assessment, opportunity, persona, job):
    service = assessment.service
    return [
        reverse("api:service-list"),
        reverse("api:service-detail", args=[service.uuid]),
        reverse("api:persona-list"),
        reverse("api:persona-detail", args=[persona.uuid]),
        reverse("api:assessment-list"),
        reverse("api:assessment-detail", args=[assessment.uuid]),
        reverse("api:opportunity-list"),
        reverse("api:opportunity-detail", args=[opportunity.uuid]),
        reverse("api:report-list"),
        reverse("api:report-detail", args=[job.uuid]),
    ]


@pytest.fixture
def world(assessment, manager, personas):
    opportunity = ops.opportunity_create(
        assessment=assessment,
        user=manager,
        title="Tell us once",
        levers=["policy"],
        impact=5,
        effort=3,
    )
    job = ReportJob.objects.create(assessment=assessment, language="en", requested_by=manager)
    return {
        "assessment": assessment,
        "opportunity": opportunity,
        "persona": personas[0],
        "job": job,
    }


def test_insiders_read_every_endpoint(api, executive, world):
    c = api(executive)
    for url in _read_urls(
        world["assessment"], world["opportunity"], world["persona"], world["job"]
    ):
        response = c.get(url)
        assert response.status_code == 200, url
    detail = c.get(reverse("api:assessment-detail", args=[world["assessment"].uuid])).json()
    assert len(detail["scores"]) == 12 and detail["cycle"] == "2026-27"
    assert c.get(reverse("api:catalogue-version-list")).json()["count"] == 1


def test_another_organization_sees_nothing(api, outsider, world):
    c = api(outsider)
    for url in _read_urls(
        world["assessment"], world["opportunity"], world["persona"], world["job"]
    ):
        response = c.get(url)
        if url.endswith("/"):
            body = response.json()
            if "results" in body:
                assert body["results"] == [], url
                continue
        assert response.status_code == 404, url
        assert response.json()["status"] == 404


def test_anonymous_callers_get_401_with_a_clear_body(api, world):
    c = api(None)
    for url in _read_urls(
        world["assessment"], world["opportunity"], world["persona"], world["job"]
    ):
        response = c.get(url)
        assert response.status_code == 401, url
        assert response.json()["errors"][0]["message"]
    assert c.get(reverse("api:catalogue-version-list")).status_code == 401


def test_a_wrong_token_is_refused_with_a_message(world):
    from rest_framework.test import APIClient

    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = c.get(reverse("api:service-list"))
    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]


def test_filters_and_pagination(api, staff, world, service, manager):
    from assessments import operations

    other = operations.assessment_start(service=service, cycle="2027-28", user=manager)
    c = api(staff)
    url = reverse("api:assessment-list")
    assert c.get(url, {"cycle": "2027-28"}).json()["results"][0]["uuid"] == str(other.uuid)
    assert c.get(url, {"status": "draft", "service": str(service.uuid)}).json()["count"] == 2
    assert c.get(url, {"organization": service.owner.slug, "page_size": 1}).json()["next"]
    bad = c.get(url, {"status": "finished"})
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {"field": "status", "message": "Choose draft, in_review or completed."}
    ]
    assert c.get(url, {"service": "nope"}).json()["errors"][0]["field"] == "service"


def test_scores_are_written_with_the_same_rules_as_the_interface(api, member, manager, world):
    assessment = world["assessment"]
    url = reverse("api:assessment-score", args=[assessment.uuid, "trust"])
    c = api(member)
    response = c.patch(
        url,
        {"current_level": 2, "target_level": 4, "rationale": "Survey", "version": 0},
        format="json",
    )
    assert response.status_code == 200 and response.json()["version"] == 1
    stale = c.patch(url, {"current_level": 3, "target_level": 4, "version": 0}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["current_level"] == 2
    invalid = c.patch(url, {"current_level": 4, "target_level": 2, "version": 1}, format="json")
    assert invalid.status_code == 400
    assert invalid.json()["errors"] == [
        {"field": "target_level", "message": "The target level cannot be below the current level."}
    ]
    missing = c.patch(url, {"current_level": 2}, format="json")
    assert missing.json()["errors"][0]["field"] == "version"
    complete(assessment, manager)
    locked = api(manager).patch(
        url, {"current_level": 1, "target_level": 1, "version": 2}, format="json"
    )
    assert locked.status_code == 400
    assert "completed" in locked.json()["errors"][0]["message"]


@pytest.mark.parametrize("who", ["executive", "outsider"])
def test_readers_and_outsiders_cannot_write(request, api, world, who):
    c = api(request.getfixturevalue(who))
    assessment = world["assessment"]
    assert (
        c.patch(
            reverse("api:assessment-score", args=[assessment.uuid, "trust"]),
            {"current_level": 1, "version": 0},
            format="json",
        ).status_code
        == 404
    )
    created = c.post(
        reverse("api:opportunity-list"),
        {
            "assessment": str(assessment.uuid),
            "title": "X",
            "levers": ["skills"],
            "impact": 1,
            "effort": 1,
        },
        format="json",
    )
    assert created.status_code in {400, 404}
    assert (
        c.patch(
            reverse("api:opportunity-detail", args=[world["opportunity"].uuid]),
            {"title": "Hacked"},
            format="json",
        ).status_code
        == 404
    )
    assert (
        c.delete(reverse("api:opportunity-detail", args=[world["opportunity"].uuid])).status_code
        == 404
    )
    assert ImprovementOpportunity.objects.get().title == "Tell us once"


def test_opportunities_are_created_updated_and_deleted_by_the_team(api, member, world, personas):
    c = api(member)
    assessment = world["assessment"]
    response = c.post(
        reverse("api:opportunity-list"),
        {"assessment": str(assessment.uuid), "title": "Paper forms", "levers": ["skills", "policy"], "impact": 4, "effort": 2,
         "attributes": ["accessibility"], "personas": [str(personas[0].uuid)], "target_date": "2026-06-30"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["levers"] == ["skills", "policy"] and created["attributes"] == ["accessibility"]
    url = reverse("api:opportunity-detail", args=[created["uuid"]])
    done = c.patch(url, {"status": "done"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    dropped = c.patch(url, {"status": "dropped"}, format="json")
    assert dropped.status_code == 400
    assert dropped.json()["errors"] == [
        {"field": "dropped_reason", "message": "Say why the opportunity is dropped."}
    ]
    no_lever = c.post(
        reverse("api:opportunity-list"),
        {"assessment": str(assessment.uuid), "title": "X", "levers": [], "impact": 1, "effort": 1},
        format="json",
    )
    assert no_lever.status_code == 400 and no_lever.json()["errors"][0]["field"] == "levers"
    assert c.delete(url).status_code == 204
    assert ImprovementOpportunity.objects.count() == 1


def test_reports_are_requested_followed_and_downloaded(
    api, executive, world, django_capture_on_commit_callbacks
):
    c = api(executive)
    assessment = world["assessment"]
    ReportJob.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("api:report-list"),
            {"assessment": str(assessment.uuid), "language": "fr"},
            format="json",
        )
    assert response.status_code == 201
    job = response.json()
    status = c.get(reverse("api:report-detail", args=[job["uuid"]])).json()
    assert status["status"] == "done" and status["download_url"]
    download = c.get(reverse("api:report-download", args=[job["uuid"]]))
    assert download["Content-Type"] == "application/pdf"


def test_token_requests_are_rate_limited(api, executive, world, monkeypatch):
    from api.throttling import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    c = api(executive)
    codes = [c.get(reverse("api:service-list")).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    limited = c.get(reverse("api:service-list"))
    assert (
        "throttled" in limited.json()["detail"].lower()
        or "limit" in limited.json()["detail"].lower()
    )
    assert "Retry-After" in limited


def test_profile_page_creates_shows_once_and_revokes_tokens(client_for, member):
    from api.models import ApiToken
    from tests.factories import PASSWORD

    c = client_for(member)
    wrong = c.post(reverse("profile"), {"name": "Dashboard", "password": "not-it"})
    assert "This is not your password." in wrong.content.decode()
    assert not ApiToken.objects.filter(user=member).exists()
    response = c.post(reverse("profile"), {"name": "Dashboard", "password": PASSWORD})
    key = response.context["new_key"]
    assert key in response.content.decode()
    assert key not in c.get(reverse("profile")).content.decode()  # shown only once
    token = ApiToken.objects.get(user=member)
    assert token.key_hash != key
    from rest_framework.test import APIClient

    api_client = APIClient()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get(reverse("api:service-list")).status_code == 200
    revoke = reverse("token_revoke", args=[token.uuid])
    assert "Revoke the token" in c.get(revoke).content.decode()
    c.post(revoke)
    assert api_client.get(reverse("api:service-list")).status_code == 401


def test_people_cannot_revoke_anothers_token(client_for, member, executive):
    from api.models import ApiToken

    token, _key = ApiToken.issue(user=executive, name="theirs")
    assert client_for(member).post(reverse("token_revoke", args=[token.uuid])).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_open_data_holds_only_published_completed_assessments(
    client_for, client, manager, world, service
):
    from assessments import operations

    assessment = world["assessment"]
    assert client.get(reverse("api:open-data-json")).json() == {"records": []}
    score_everything(assessment, manager)
    operations.assessment_submit(assessment=assessment, user=manager)
    operations.assessment_complete(assessment=assessment, user=manager)
    client_for(manager).post(
        reverse("assessments:open_data", args=[assessment.uuid]), {"publish": "1"}
    )
    client.logout()
    records = client.get(reverse("api:open-data-json")).json()["records"]
    assert len(records) == 1
    assert records[0]["cycle"] == "2026-27" and records[0]["levels"]["trust"] == {
        "current": 2,
        "target": 4,
    }
    assert records[0]["opportunities"] == {"skills": 0, "policy": 1, "technology": 0}
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("api:open-data-csv")).content.decode("utf-8-sig"))
        )
    )
    assert "trust_current" in rows[0] and len(rows) == 2
    dictionary = client.get(reverse("api:open-data-dictionary")).json()
    names = {f["name"] for f in dictionary["fields"]}
    assert set(rows[0]) == names
    assert all(f["description_en"] and f["description_fr"] for f in dictionary["fields"])


def test_only_the_owners_manager_publishes_and_only_completed(client_for, member, manager, world):
    assessment = world["assessment"]
    assert (
        client_for(member)
        .post(reverse("assessments:open_data", args=[assessment.uuid]), {"publish": "1"})
        .status_code
        == 404
    )
    response = client_for(manager).post(
        reverse("assessments:open_data", args=[assessment.uuid]), {"publish": "1"}, follow=True
    )
    assert "Only a completed assessment can be published as open data." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.open_data is False


def test_the_schema_and_its_documentation_are_served(client):
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200 and b"openapi: 3" in schema.content
    docs = client.get(reverse("api_docs")).content.decode()
    assert "/api/v1/assessments/{uuid}/scores/{key}/" in docs and "PATCH" in docs


def test_a_token_is_created_with_email_and_password_and_guessing_is_slowed(member, settings):
    from rest_framework.test import APIClient

    from tests.factories import PASSWORD

    c = APIClient()
    url = reverse("api:token-create")
    created = c.post(
        url, {"email": member.email, "password": PASSWORD, "name": "Dashboard"}, format="json"
    )
    assert created.status_code == 201
    key = created.json()["token"]
    reader = APIClient()
    reader.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert reader.get(reverse("api:service-list")).status_code == 200
    wrong = c.post(url, {"email": member.email, "password": "guess"}, format="json")
    assert wrong.status_code == 400
    assert wrong.json()["errors"] == [
        {"field": None, "message": "Wrong email address or password."}
    ]
    settings.API_TOKEN_CREATE_PER_CLIENT = 4  # two requests above, two more allowed
    codes = [
        c.post(url, {"email": member.email, "password": "guess"}, format="json").status_code
        for _ in range(3)
    ]
    assert codes == [400, 400, 429]


def test_nul_characters_in_parameters_are_refused_not_crashed_on(api, staff, world, client_for):
    c = api(staff)
    for url, name in (
        (reverse("api:assessment-list"), "status"),
        (reverse("api:opportunity-list"), "lever"),
        (reverse("api:service-list"), "organization"),
    ):
        response = c.get(url, {name: "a\x00b"})
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == name
    assert (
        client_for(staff)
        .get(reverse("reports:heatmap"), {"organization": "a\x00b", "cycle": "\x00"})
        .status_code
        == 200
    )


def test_nul_characters_in_references_are_refused(api, member, world):
    response = api(member).post(
        reverse("api:opportunity-list"),
        {
            "assessment": str(world["assessment"].uuid),
            "title": "X",
            "levers": ["skills"],
            "impact": 1,
            "effort": 1,
            "owner_organization": "a\x00b",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "owner_organization"
