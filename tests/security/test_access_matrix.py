"""Every URL pattern of the project, for every kind of person, against one organization's objects.

The patterns are walked from the URL resolver, so a new page is covered without anyone
remembering: a pattern with no rule below fails the test until it gets one.
"""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.models import ApiToken
from assessments.operations import assessment_start
from catalogue import operations as catalogue_operations
from catalogue import queries as catalogue_queries
from feedback import operations as feedback_operations
from feedback import queries as feedback_queries
from improvements import operations as ops
from improvements import you_said
from organizations import operations as org_operations
from organizations.models import Membership
from reports.models import ReportJob
from services.models import InventoryImport
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonaFactory,
    ServiceFactory,
    StageFactory,
    UserFactory,
)

PUBLIC, LOGIN, READ, WRITE, MANAGE, STAFF, OWN = (
    "public",
    "login",
    "read",
    "write",
    "manage",
    "staff",
    "own",
)
MANAGES_SOME = "manages an organization"  # of any organization: may create services

# What each URL needs, on the objects of organization A: the level to open it (GET) and the
# level to send it a change (POST; None for a page that changes nothing). Checked in order;
# the first match wins.
RULES = [
    (
        r"^(login|password_reset.*|health|organizations:invitation_accept|api_docs|api:schema|api:open-data-.*|api:token-create|feedback:(answer|thanks)|feedback_link|you_said_public)$",
        PUBLIC,
        None,
    ),
    (
        r"^(home|password_change.*|profile|services:list|reports:heatmap|reports:heatmap_organizations|reports:heatmap_export|api:(api-root|.*-list|catalogue-version-detail))$",
        LOGIN,
        None,
    ),
    (r"^(logout|reports:heatmap_pdf)$", LOGIN, LOGIN),
    (r"^token_revoke$", OWN, OWN),
    (r"^(catalogue:.*|organizations:staff_.*|services:inventory_.*|audit_log)$", STAFF, STAFF),
    (r"^(organizations:(invite|membership_.*|invitation_revoke)|services:edit)$", MANAGE, MANAGE),
    (r"^services:create$", MANAGES_SOME, MANAGES_SOME),
    (r"^assessments:service_list$", READ, MANAGE),  # reading the list; starting an assessment
    (r"^assessments:score$", READ, WRITE),
    (r"^assessments:(send_back|complete|open_data)$", MANAGE, MANAGE),
    (r"^(assessments:submit|improvements:(create|edit|delete))$", WRITE, WRITE),
    (r"^personas:(create|edit|archive|restore|delete|duplicate|stage_.*)$", WRITE, WRITE),
    (r"^api:assessment-score$", WRITE, WRITE),
    (r"^reports:assessment_reports$", READ, READ),
    (r"^feedback:(create|close)$", MANAGE, MANAGE),
    (r"^feedback:(comment_review|comment_export)$", WRITE, WRITE),
    (r"^you_said:.*$", MANAGE, MANAGE),
    (r"^feedback:(list|detail|qr)$", READ, None),  # whoever may read it may ask for its PDF
    (
        r"^(organizations:detail|services:detail|personas:(summary|detail)|assessments:(detail|results|history)|improvements:.*|reports:(status|progress|download)|api:.*-detail|api:.*-download|api:service-public-ratings|api:organization-commitments)$",
        READ,
        None,
    ),
]
# Addresses that take only POST: opened with GET by someone allowed, they answer 405.
POST_ONLY = re.compile(
    r"^(logout|reports:heatmap_pdf|api:(token-create|assessment-score)|assessments:(submit|open_data)"
    r"|organizations:invitation_revoke|personas:(restore|stage_move)|catalogue:(attribute_move|level_add)"
    r"|services:inventory_import_decide|feedback:comment_review)$"
)
# Public addresses opened with a made-up token, and the sign-in page of someone signed in.
NOT_A_PAGE_HERE = {
    "login": 302,
    "password_reset_confirm": 302,
    "organizations:invitation_accept": 404,
    "feedback_link": 302,  # to the form in the person's language
}

# The level each kind of person has on organization A's objects.
LEVELS = {
    "anonymous": set(),
    "outsider": {LOGIN, MANAGES_SOME},
    "executive": {LOGIN, READ},
    "member": {LOGIN, READ, WRITE, OWN},
    "manager": {LOGIN, READ, WRITE, MANAGE, MANAGES_SOME},
    "staff": {LOGIN, READ, WRITE, MANAGE, STAFF, MANAGES_SOME},
}
SENTINELS = (
    "Sentinel Service A",
    "Sentinel Persona A",
    "Sentinel Opportunity A",
    "Sentinel Campaign A",
    "Sentinel comment A",
)


def _patterns():
    found = []

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                if "format" in pattern.pattern.regex.groupindex:
                    continue  # the API's ".json" twins of the same views
                found.append((f"{namespace}{pattern.name}", pattern))

    walk(get_resolver().url_patterns, "", "")
    return found


def _rule(name):
    """(level to open, level to change) of a URL name, or None if no rule covers it."""
    for expression, level, change in RULES:
        if re.match(expression, name):
            return level, change
    return None


def _expected_get(name: str, who: str) -> int:
    if name == "login" and who == "anonymous":
        return 200
    if name in NOT_A_PAGE_HERE:
        return NOT_A_PAGE_HERE[name]
    return 405 if POST_ONLY.match(name) else 200


class World:
    def __init__(self):
        self.org = OrganizationFactory(name_en="Organization A")
        self.other = OrganizationFactory(name_en="Organization B")
        self.people = {
            "manager": MembershipFactory(organization=self.org, role=Membership.Role.MANAGER).user,
            "member": MembershipFactory(organization=self.org, role=Membership.Role.MEMBER).user,
            "executive": MembershipFactory(
                organization=self.org, role=Membership.Role.EXECUTIVE
            ).user,
            "outsider": MembershipFactory(
                organization=self.other, role=Membership.Role.MANAGER
            ).user,
            "staff": UserFactory(is_staff=True),
        }
        manager = self.people["manager"]
        self.service = ServiceFactory(owner=self.org, name_en="Sentinel Service A")
        self.persona = PersonaFactory(service=self.service, name="Sentinel Persona A")
        self.stage = StageFactory(persona=self.persona, name="Apply")
        self.assessment = assessment_start(service=self.service, cycle="2026-27", user=manager)
        self.opportunity = ops.opportunity_create(
            assessment=self.assessment,
            user=manager,
            title="Sentinel Opportunity A",
            levers=["policy"],
            impact=3,
            effort=3,
        )
        self.job = ReportJob.objects.create(
            assessment=self.assessment, language="en", requested_by=manager
        )
        self.membership = Membership.objects.get(user=self.people["member"])
        self.invitation = org_operations.member_invite(
            organization=self.org,
            email="new@example.ca",
            role="member",
            invited_by=manager,
            link_base="http://testserver/",
        )
        self.import_job = InventoryImport.objects.create(
            requested_by=self.people["staff"], status="done", rejected_count=1
        )
        self.import_job.rejected_file.save(
            "rejected-rows.csv", ContentFile(b"file,line,reason\r\n")
        )
        self.token, _key = ApiToken.issue(user=self.people["member"], name="matrix")
        self.published = catalogue_queries.latest_published()
        self.version = catalogue_operations.catalogue_draft_create(
            user=self.people["staff"], label="matrix draft"
        )
        # A rendered report: its download answers with the file.
        self.job.status, self.job.has_file, self.job.progress = ReportJob.Status.DONE, True, 100
        self.job.save()
        default_storage.save(self.job.file_name, ContentFile(b"%PDF-1.7 matrix"))
        self.campaign = feedback_operations.campaign_create(
            service=self.service, user=manager, name="Sentinel Campaign A",
            opens_on=timezone.localdate(), closes_on=timezone.localdate(), channels=["online"],
            attributes=feedback_queries.questions_of(self.published)[:2], ask_segment=True,
        )  # fmt: skip
        self.done = ops.opportunity_create(
            assessment=self.assessment, user=manager, title="Sentinel Opportunity A, done",
            levers=["policy"], impact=3, effort=3, status="done",
        )  # fmt: skip
        you_said.item_save(
            service=self.service, opportunity=self.done, user=manager, title_en="Changed",
            title_fr="Changé", what_we_did_en="Done.", what_we_did_fr="Fait.",
            done_on=timezone.localdate(), comments=[],
        )  # fmt: skip
        self.you_said = you_said.page_publish(
            service=self.service, user=manager, intro_en="", intro_fr=""
        )
        self.answer = feedback_operations.response_submit(
            campaign=self.campaign, nonce="matrix", language="en", channel="", satisfaction=4,
            got_needed="yes", segment="", comment="Sentinel comment A", ratings={},
        )  # fmt: skip

    def kwargs(self, name, pattern):
        wanted = set(pattern.pattern.regex.groupindex)
        namespace = name.split(":")[0] if ":" in name else ""
        by_name = {
            "organizations:membership_role": self.membership.uuid,
            "organizations:membership_remove": self.membership.uuid,
            "organizations:invitation_revoke": self.invitation.uuid,
            "services:inventory_import_status": self.import_job.uuid,
            "services:inventory_import_progress": self.import_job.uuid,
            "services:inventory_import_decide": self.import_job.uuid,
            "services:inventory_import_rejected": self.import_job.uuid,
            "personas:stage_edit": self.stage.uuid,
            "personas:stage_delete": self.stage.uuid,
            "personas:stage_move": self.stage.uuid,
            "improvements:edit": self.opportunity.uuid,
            "improvements:delete": self.opportunity.uuid,
            "token_revoke": self.token.uuid,
            "api:service-detail": self.service.uuid,
            "api:service-public-ratings": self.service.uuid,
            "api:persona-detail": self.persona.uuid,
            "api:opportunity-detail": self.opportunity.uuid,
            "api:report-detail": self.job.uuid,
            "api:report-download": self.job.uuid,
            "api:catalogue-version-detail": self.published.uuid,
            "catalogue:version_retire": self.published.uuid,
            "feedback:list": self.service.uuid,
            "feedback:create": self.service.uuid,
        }
        by_namespace = {
            "services": self.service.uuid,
            "catalogue": self.version.uuid,
            "personas": self.persona.uuid,
            "assessments": self.assessment.uuid,
            "improvements": self.assessment.uuid,
            "reports": self.job.uuid,
            "api": self.assessment.uuid,
            "feedback": self.campaign.uuid,
            "you_said": self.service.uuid,
        }
        fixed = {
            "service_uuid": self.service.uuid,
            "slug": self.org.slug,
            "key": "trust",
            "number": 2,
            "fmt": {"catalogue": "yaml", "feedback:qr": "svg"}.get(
                name, {"catalogue": "yaml"}.get(namespace, "csv")
            ),
            # A feedback campaign's public link; elsewhere a made-up token.
            "token": self.campaign.public_token
            if name.startswith("feedback")
            else self.you_said.public_token
            if name == "you_said_public"
            else "not-a-known-token",
            "opportunity": self.done.uuid,
            "answer": self.answer.uuid,
            "uidb64": urlsafe_base64_encode(force_bytes(self.people["member"].pk)),
        }
        values = {}
        for param in wanted:
            if param == "uuid":
                values[param] = by_name.get(name, by_namespace.get(namespace))
                if name == "reports:assessment_reports":
                    values[param] = self.assessment.uuid
            elif param in fixed:
                values[param] = fixed[param]
            else:
                raise AssertionError(f"{name}: no value for the URL parameter {param!r}")
        if name == "password_reset_confirm":
            values["token"] = default_token_generator.make_token(self.people["member"])
        return values


def test_every_url_pattern_has_an_access_rule():
    missing = [name for name, _pattern in _patterns() if _rule(name) is None]
    assert not missing, f"Give these URL patterns a rule in RULES: {missing}"


def _refused(response, who: str) -> bool:
    status = response.status_code
    if who == "anonymous":
        return (status == 302 and reverse("login") in response["Location"]) or status in {401, 405}
    return status in {403, 404, 405}


def _refusal_problems(client, who: str, name: str, url: str) -> list[str]:
    """What is wrong with how a URL answered someone who may not open it."""
    problems = []
    response = client.get(url)
    if not _refused(response, who):
        problems.append(f"{name} {url}: {who} got {response.status_code} on GET")
    posted = client.post(url, {})
    if not _refused(posted, who):
        problems.append(f"{name} {url}: {who} got {posted.status_code} on POST")
    return problems


def _allowed_problems(client, who: str, name: str, url: str, change, held=None) -> list[str]:
    """What is wrong with how a URL answered someone who may open it: the page itself (not
    an error, not a redirect), and a refused POST when they may not change it."""
    problems = []
    status, expected = client.get(url).status_code, _expected_get(name, who)
    if status != expected:
        problems.append(f"{name} {url}: {who} got {status} on GET, not {expected}")
    held = LEVELS[who] if held is None else held
    if change is not None and change != PUBLIC and change not in held:
        posted = client.post(url, {})
        if not _refused(posted, who):
            problems.append(f"{name} {url}: {who} may read but got {posted.status_code} on POST")
    return problems


def _list_leaks(client, who: str) -> list[str]:
    """Lists a person may open must not show another organization's objects."""
    leaks = []
    for name in (
        "home",
        "services:list",
        "reports:heatmap",
        "api:service-list",
        "api:persona-list",
        "api:opportunity-list",
    ):
        body = client.get(reverse(name)).content.decode()
        leaks += [f"{name}: {who} sees {sentinel}" for sentinel in SENTINELS if sentinel in body]
    return leaks


@pytest.mark.parametrize("who", list(LEVELS))
def test_nobody_reaches_what_they_should_not(client, who, db):
    world = World()
    user = world.people.get(who)
    if user is not None:
        client.force_login(user)
    leaks = []
    for name, pattern in _patterns():
        level, change = _rule(name)
        url = reverse(name, kwargs=world.kwargs(name, pattern))
        if level == PUBLIC or level in LEVELS[who]:
            leaks += _allowed_problems(client, who, name, url, change)
        else:
            leaks += _refusal_problems(client, who, name, url)
    if who == "outsider":
        leaks += _list_leaks(client, who)
    assert not leaks, "\n".join(leaks)
    # Nothing was changed by the refused requests.
    world.opportunity.refresh_from_db()
    world.persona.refresh_from_db()
    assert world.opportunity.title == "Sentinel Opportunity A" and not world.persona.is_archived
    world.campaign.refresh_from_db()
    world.answer.refresh_from_db()
    refused_everything = who in ("anonymous", "outsider", "executive")
    if refused_everything:
        assert world.campaign.closed_at is None and world.answer.comment_status == "pending"
