"""These tests share the assessment tests' people and scenes."""

from tests.assessments.conftest import *  # noqa: F403 - the same fixtures: partner organization, service, personas, assessment
