"""These tests share the assessment tests' people and scenes, and a campaign on the service."""

import re

import pytest

from catalogue.queries import latest_published
from feedback import operations as feedback_operations
from feedback import queries as feedback_queries
from tests.assessments.conftest import *  # noqa: F403 - partner organization, service, personas, assessment


@pytest.fixture
def questions(db):
    return feedback_queries.questions_of(latest_published())


@pytest.fixture
def campaign(service, personas, manager, questions):
    from django.utils import timezone

    today = timezone.localdate()
    return feedback_operations.campaign_create(
        service=service,
        user=manager,
        name="Counter survey",
        opens_on=today,
        closes_on=today,
        channels=["in_person", "online"],
        attributes=questions[:3],
        ask_segment=True,
    )


def form_url(campaign, language="en"):
    return f"/{language}/have-your-say/{campaign.public_token}/"


def token_of(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def answer(client, campaign, language="en", **fields):
    """Open the public form as a person would, then send it with the given answers."""
    page = client.get(form_url(campaign, language)).content.decode()
    data = {"token": token_of(page), "website": "", **fields}
    return client.post(form_url(campaign, language), data)


def rate(campaign, attribute, rating):
    return {f"q_{attribute.pk}": str(rating)}


_ADDRESSES = (f"198.51.{n // 250}.{1 + n % 250}" for n in range(60000))


def answer_as_someone(client, campaign, ratings: dict, **fields):
    """One more person answers, from an address of their own: {attribute: rating or "na"},
    and any other fields of the form (segment, satisfaction, comment)."""
    address = next(_ADDRESSES)
    url = form_url(campaign)
    page = client.get(url, REMOTE_ADDR=address).content.decode()
    data = {"token": token_of(page), **fields}
    data.update({f"q_{a.pk}": str(r) for a, r in ratings.items()})
    assert client.post(url, data, REMOTE_ADDR=address).status_code == 302
