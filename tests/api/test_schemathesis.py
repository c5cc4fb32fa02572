"""schemathesis against the served OpenAPI schema: no server error, no response off the schema."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from assessments.operations import assessment_start
from improvements import operations as ops
from organizations.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, PersonaFactory, ServiceFactory

MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "40")
# A fixed seed keeps CI reproducible; set another one to explore further.
SEED = os.environ.get("SCHEMATHESIS_SEED", "20261123")


@pytest.mark.django_db(transaction=True)
def test_the_api_holds_to_its_schema(live_server, token_for):
    org = OrganizationFactory()
    service = ServiceFactory(owner=org)
    PersonaFactory(service=service)
    manager = MembershipFactory(organization=org, role=Membership.Role.MANAGER).user
    assessment = assessment_start(service=service, cycle="2026-27", user=manager)
    ops.opportunity_create(
        assessment=assessment,
        user=manager,
        title="Tell us once",
        levers=["policy"],
        impact=4,
        effort=2,
    )
    key = token_for(manager)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("schemathesis")), "run", f"{live_server.url}/api/v1/schema/",
            "--url", live_server.url,
            "--header", f"Authorization: Token {key}",
            "--checks", "not_a_server_error,response_schema_conformance",
            "--max-examples", MAX_EXAMPLES,
            "--seed", SEED,
            "--phases", "examples,fuzzing",
            "--request-timeout", "20",
        ],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
