"""The data the accessibility sweep opens its pages on: one organization with a person of
each role and something on every page."""

from datetime import date
from pathlib import Path

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.models import ApiToken
from assessments import operations as assessment_operations
from catalogue import operations as catalogue_operations
from catalogue import queries as catalogue_queries
from feedback import operations as feedback_operations
from feedback import queries as feedback_queries
from improvements import operations as opportunity_operations
from improvements import you_said
from organizations import operations
from organizations.models import Membership
from reports.models import ReportJob
from services import inventory
from services.models import InventoryImport, Service
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonaFactory,
    StageFactory,
    UserFactory,
)


def _campaign(service, manager, name, attributes):
    today = date.today()
    return feedback_operations.campaign_create(
        service=service, user=manager, name=name, opens_on=today, closes_on=today,
        channels=["in_person", "online"], attributes=attributes, ask_segment=True,
    )  # fmt: skip


class SweepData:
    """One organization with a person of each role, staff, an invitation and a reset link."""

    def _feedback(self, manager):
        """An open campaign with enough answers for the public's rating to show (and comments
        of each review state), and a closed one."""
        questions = feedback_queries.questions_of(self.published)
        self.campaign = _campaign(self.service, manager, "Counter survey", questions[:3])
        for n in range(12):
            response = feedback_operations.response_submit(
                campaign=self.campaign, nonce=f"sweep-{n}", language="en", channel="online",
                satisfaction=1 + n % 5, got_needed="yes", segment="seniors",
                comment=f"Comment number {n}" if n < 3 else "",
                ratings={q.pk: 1 + (n + i) % 5 for i, q in enumerate(questions[:3])},
            )  # fmt: skip
            if n < 2:
                feedback_operations.comment_review(response=response, user=manager, approve=n == 0)
        you_said.item_save(
            service=self.service, opportunity=self.done_opportunity, user=manager,
            title_en="Updates by text message", title_fr="Des nouvelles par texto",
            what_we_did_en="You can now choose text messages.", what_we_did_fr="Vous pouvez choisir les textos.",
            done_on=date(2026, 11, 2), comments=list(self.campaign.responses.filter(comment_status="approved")),
        )  # fmt: skip
        self.you_said = you_said.page_publish(
            service=self.service, user=manager, intro_en="", intro_fr=""
        )
        self.closed_campaign = _campaign(self.service, manager, "Letters", questions[:1])
        feedback_operations.campaign_close(campaign=self.closed_campaign, user=manager)

    def __init__(self):
        self.org = OrganizationFactory(
            name_en="Wildfire Relief Agency", name_fr="Agence de secours"
        )
        self.users = {
            "manager": MembershipFactory(organization=self.org, role="manager").user,
            "member": MembershipFactory(organization=self.org, role="member").user,
            "staff": UserFactory(is_staff=True),
            "executive": MembershipFactory(organization=self.org, role="executive").user,
        }
        self.member_membership = Membership.objects.get(user=self.users["member"])
        invitation = operations.member_invite(
            organization=self.org,
            email="invitee@example.ca",
            role="member",
            invited_by=self.users["manager"],
            link_base="http://testserver/",
        )
        invitation.token_hash = operations.hash_token("sweep-token")
        invitation.save()
        self.invitation_token = "sweep-token"
        self.published = catalogue_queries.latest_published()
        self.draft = catalogue_operations.catalogue_draft_create(user=self.users["staff"])
        # Leave one gap so the draft's "missing" panel has something to show.
        trust = self.draft.attributes.get(key="trust")
        trust.definition_fr = ""
        trust.save()
        # A service with standards and yearly results, owned by the organization.
        data = Path(__file__).resolve().parent.parent / "services" / "data"
        inventory.apply(
            inventory.read_files(
                [
                    (n, (data / n).read_bytes())
                    for n in ("si_2019_older_layout.csv", "ss_2019_older_layout.csv")
                ]
            )
        )
        self.service = Service.objects.get(inventory_id="901")
        self.service.owner = self.org
        self.service.save()
        self.service.partners.set(
            [OrganizationFactory(name_en="Partner City", name_fr="Ville partenaire")]
        )
        self.persona = PersonaFactory(
            service=self.service,
            name="Margaret, evacuated senior",
            goals="Get back home safely",
            pain_points="Forms only online",
            preferred_channels=["TEL", "PERSON"],
        )
        for order, (name, sentiment) in enumerate(
            [("Awareness", 0), ("Apply", -2), ("Wait", -1), ("Receive", 1), ("Follow up", 2)],
            start=1,
        ):
            StageFactory(
                persona=self.persona,
                name=name,
                order=order,
                sentiment=sentiment,
                channel="TEL",
                organization=self.org,
            )
        self.stage = self.persona.stages.get(name="Apply")
        manager = self.users["manager"]
        first = assessment_operations.assessment_start(
            service=self.service, cycle="2025-26", user=manager
        )
        for number, score in enumerate(first.scores.all()):
            assessment_operations.score_save(
                score=score, user=manager, version=0, current_level=1 + number % 3, target_level=4,
                rationale="From call-centre data", evidence="https://example.ca/report Annual report",
                confidence="medium", ratings={self.persona.pk: (1 + number % 5, "")},
            )  # fmt: skip
        assessment_operations.assessment_submit(assessment=first, user=manager)
        assessment_operations.assessment_complete(assessment=first, user=manager)
        self.completed = first
        self.opportunity = opportunity_operations.opportunity_create(
            assessment=first, user=manager, title="Paper forms at reception centres", levers=["skills", "policy"],
            impact=4, effort=2, target_date=date(2026, 6, 30), personas=[self.persona], status="planned",
            attributes=[first.catalogue_version.attributes.get(key="accessibility")], owner_organization=self.org,
        )  # fmt: skip
        self.done_opportunity = opportunity_operations.opportunity_create(
            assessment=first, user=manager, title="Text message updates", levers=["technology"], impact=3,
            effort=3, status="done", attributes=[first.catalogue_version.attributes.get(key="accessibility")],
        )  # fmt: skip
        self.assessment = assessment_operations.assessment_start(
            service=self.service, cycle="2026-27", user=manager
        )
        for score in list(self.assessment.scores.all())[:5]:
            assessment_operations.score_save(
                score=score, user=manager, version=0, current_level=2, target_level=5, rationale="Better",
                ratings={self.persona.pk: (2, "Still hard")},
            )  # fmt: skip
        self.report_done = ReportJob.objects.create(
            assessment=first, language="en", requested_by=manager, status="done", progress=100, pages=12,
            has_file=True, queued=True,
        )  # fmt: skip
        self.report_failed = ReportJob.objects.create(
            assessment=first, language="fr", requested_by=manager, status="failed", progress=100, queued=True,
            error="The report took too long to render and was stopped.",
        )  # fmt: skip
        self.report_waiting = ReportJob.objects.create(
            assessment=self.assessment, language="en", requested_by=manager, status="pending", queued=False,
        )  # fmt: skip
        self.token, _key = ApiToken.issue(user=self.users["member"], name="Dashboard")
        self._feedback(manager)
        self.import_done = InventoryImport.objects.create(
            requested_by=self.users["staff"],
            step="import",
            status="done",
            progress=100,
            summary={"services_created": 3, "standards_created": 3},
        )
        self.import_running = InventoryImport.objects.create(
            requested_by=self.users["staff"], status="running", progress=30, stage="checking",
            queued=True,
        )  # fmt: skip
        self.import_waiting = InventoryImport.objects.create(
            requested_by=self.users["staff"], status="pending", queued=False
        )
        self.import_preview = InventoryImport.objects.create(
            requested_by=self.users["staff"], status="done", progress=100, step="preview",
            preview={"services_created": 2, "standards_created": 1}, rejected_count=2,
            rejected=[
                {"file": "si.csv", "line": 4, "reason": "service 902 in 2019-2020 is given differently on another row for the same fiscal year (line 6); none of these rows is imported"},
                {"file": "si.csv", "line": 6, "reason": "service 902 in 2019-2020 is given differently on another row for the same fiscal year (line 4); none of these rows is imported"},
            ],
        )  # fmt: skip
        self.import_failed = InventoryImport.objects.create(
            requested_by=self.users["staff"],
            status="failed",
            progress=100,
            problems=["si.csv, line 5: calls_received should be a number, NA or ND, not 'lots'"],
        )
        user = self.users["member"]
        self.reset_uid = urlsafe_base64_encode(force_bytes(user.pk))
        self.reset_token = default_token_generator.make_token(user)
