import pytest

from catalogue import operations, queries


@pytest.fixture
def published(db):
    """Version 1, the default catalogue loaded by the migration."""
    return queries.latest_published()


@pytest.fixture
def draft(published, staff):
    return operations.catalogue_draft_create(user=staff)
