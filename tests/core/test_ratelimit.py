"""Limits counted in the database: the events of a window count, older ones never, and
the housekeeping deletes them without running on every event."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import ratelimit
from core.models import RateEvent


@pytest.fixture(autouse=True)
def fresh_sweep(monkeypatch):
    monkeypatch.setattr(ratelimit, "_swept", {})


def test_a_limit_counts_the_events_of_its_window_only(db):
    limits = [("campaign:1", 3), ("address:1:abc", 2)]
    assert ratelimit.allow("feedback", limits, 3600)
    assert ratelimit.allow("feedback", limits, 3600)
    # The address has reached 2: refused, and the refusal is not counted.
    assert not ratelimit.allow("feedback", limits, 3600)
    assert RateEvent.objects.filter(key="campaign:1").count() == 2
    # An hour later the same address may answer again.
    RateEvent.objects.update(at=timezone.now() - timedelta(seconds=3601))
    assert ratelimit.allow("feedback", limits, 3600)


def test_expired_events_are_deleted_at_most_once_a_minute(db, monkeypatch):
    old = timezone.now() - timedelta(hours=2)
    RateEvent.objects.create(scope="feedback", key="gone", at=old)
    RateEvent.objects.create(scope="signin", key="other scope", at=old)
    ratelimit.record("feedback", ["new"], 3600)
    assert not RateEvent.objects.filter(key="gone").exists()
    assert RateEvent.objects.filter(key="other scope").exists()
    RateEvent.objects.create(scope="feedback", key="gone again", at=old)
    ratelimit.record("feedback", ["newer"], 3600)
    assert RateEvent.objects.filter(key="gone again").exists()  # within the minute: kept
    assert ratelimit.count("feedback", "gone again", 3600) == 0  # and never counted
    monkeypatch.setattr(ratelimit, "_swept", {"feedback": -1e9})
    ratelimit.record("feedback", ["newest"], 3600)
    assert not RateEvent.objects.filter(key="gone again").exists()
