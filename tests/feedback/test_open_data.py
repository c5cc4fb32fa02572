"""What the public said leaves the platform only as aggregates that enough people back: in
the open data of published assessments and through the API, never a comment."""

import csv
import io

import pytest
from django.urls import reverse

from assessments import operations as assessment_operations
from tests.assessments.conftest import score_everything

from .conftest import answer_as_someone

COMMENT = "My neighbour Jean at 613-555-0199 helped me"


@pytest.fixture
def published(client_for, manager, assessment):
    score_everything(assessment, manager)
    assessment_operations.assessment_submit(assessment=assessment, user=manager)
    assessment_operations.assessment_complete(assessment=assessment, user=manager)
    client_for(manager).post(
        reverse("assessments:open_data", args=[assessment.uuid]), {"publish": "1"}
    )
    return assessment


def _open_data(client):
    client.logout()
    records = client.get(reverse("api:open-data-json")).json()["records"]
    body = client.get(reverse("api:open-data-csv")).content.decode("utf-8-sig")
    return records, list(csv.DictReader(io.StringIO(body))), body


def test_below_the_threshold_the_open_data_holds_no_rating(
    client, campaign, questions, published, settings
):
    settings.FEEDBACK_MIN_RESPONSES = 10
    first = questions[0]
    for _n in range(9):
        answer_as_someone(client, campaign, {first: 2}, satisfaction="4")
    records, rows, _body = _open_data(client)
    assert records[0]["public"] == {"minimum_answers": 10, "satisfaction": None, "attributes": {}}
    assert rows[0][f"{first.key}_public_average"] == ""
    assert rows[0][f"{first.key}_public_answers"] == ""
    assert rows[0]["public_satisfaction_average"] == ""


def test_above_it_the_averages_are_there_and_never_a_comment(
    client, campaign, questions, published, settings
):
    settings.FEEDBACK_MIN_RESPONSES = 10
    first, second = questions[:2]
    for n in range(10):
        answer_as_someone(
            client,
            campaign,
            {first: 2 if n < 5 else 4, second: 5},
            comment=COMMENT,
            satisfaction="4",
        )
    records, rows, body = _open_data(client)
    public = records[0]["public"]
    assert public["satisfaction"]["average"] == 4.0 and public["satisfaction"]["answers"] == 10
    assert public["attributes"][first.key] == {
        "average": 3.0,
        "answers": 10,
        "distribution": {"1": 0, "2": 5, "3": 0, "4": 5, "5": 0},
    }
    assert rows[0][f"{first.key}_public_average"] == "3.0"
    assert rows[0][f"{second.key}_public_answers"] == "10"
    json_body = client.get(reverse("api:open-data-json")).content.decode()
    for text in (json_body, body):
        assert "neighbour" not in text and "Jean" not in text


def test_the_dictionary_describes_every_public_column_in_both_languages(client, published):
    body = client.get(reverse("api:open-data-csv")).content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(body)))
    fields = client.get(reverse("api:open-data-dictionary")).json()["fields"]
    described = {f["name"]: f for f in fields}
    public_columns = [name for name in header if "public" in name]
    assert "public_satisfaction_average" in public_columns and len(public_columns) > 2
    for name in public_columns:
        assert described[name]["description_en"] and described[name]["description_fr"]
    assert (
        "vide si moins de 10 personnes"
        in described["public_satisfaction_average"]["description_fr"]
    )


def test_an_unpublished_assessment_shares_nothing_of_the_public(client, campaign, questions):
    for _n in range(10):
        answer_as_someone(client, campaign, {questions[0]: 3}, satisfaction="4")
    records, rows, _body = _open_data(client)
    assert records == [] and rows == []


def test_the_api_gives_the_services_readers_its_aggregates_only(
    client_for, client, campaign, questions, member, outsider, service, settings
):
    settings.FEEDBACK_MIN_RESPONSES = 10
    for _n in range(10):
        answer_as_someone(client, campaign, {questions[0]: 5}, comment=COMMENT, satisfaction="4")
    url = reverse("api:service-public-ratings", args=[service.uuid])
    found = client_for(member).get(url)
    assert found.status_code == 200
    assert found.json()["attributes"][questions[0].key]["average"] == 5.0
    assert "neighbour" not in found.content.decode()
    assert client_for(outsider).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code in (401, 403)
