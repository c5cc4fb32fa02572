"""The API tests share the assessment tests' people and scenes, and add token clients."""

import pytest

from tests.assessments.conftest import *  # noqa: F403 - the same fixtures: partner organization, service, personas, assessment
from tests.assessments.conftest import complete, score_everything  # noqa: F401 - imported by the tests


@pytest.fixture
def token_for():
    from api.models import ApiToken

    def issue(user):
        _token, key = ApiToken.issue(user=user, name="test")
        return key

    return issue


@pytest.fixture
def api(token_for):
    """A DRF client authenticated with a token of the given user (or anonymous for None)."""
    from rest_framework.test import APIClient

    def make(user):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return client

    return make
