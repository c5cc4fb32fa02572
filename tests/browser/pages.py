"""Every page of the platform, for the accessibility sweep.

Each entry says which URL name it covers, who looks at it and how to build
its address from the sweep's data. ``test_every_page_is_in_the_sweep``
fails when a URL pattern is neither here nor in ``NOT_PAGES``, so a new page
joins the sweep or says why not.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.models import ApiToken
from assessments import operations as assessment_operations
from catalogue import operations as catalogue_operations
from catalogue import queries as catalogue_queries
from feedback import operations as feedback_operations
from feedback import queries as feedback_queries
from improvements import operations as opportunity_operations
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

# URL names that render no page of their own (POST-only actions, redirects).
NOT_PAGES = {
    "logout": "POST only: signs out and redirects",
    "organizations:invitation_revoke": "POST only: withdraws and redirects",
    "health": "JSON for health checks, not a page",
    "catalogue:version_export": "a file download",
    "catalogue:level_add": "POST only: adds a level and redirects",
    "catalogue:attribute_move": "POST only: reorders and redirects",
    "services:inventory_import_progress": "JSON polled by the status page",
    "services:inventory_import_decide": "POST only: imports or cancels and redirects",
    "services:inventory_import_rejected": "a CSV download",
    "personas:restore": "POST only: restores and redirects",
    "personas:stage_move": "POST only: reorders and redirects",
    "assessments:submit": "POST only: sends to review and redirects",
    "improvements:export": "a CSV or Excel download",
    "reports:progress": "JSON polled by the status page",
    "reports:download": "a PDF download",
    "reports:heatmap_export": "a CSV or Excel download",
    "reports:heatmap_pdf": "POST only: requests a PDF and redirects",
    "assessments:open_data": "POST only: publishes or withdraws and redirects",
    "feedback:qr": "an SVG or PNG download (the SVG is also on the campaign's page)",
    "feedback:comment_review": "POST only: approves or hides a comment and redirects",
    "feedback_link": "redirects to the form in the person's language",
    **{
        f"api:{name}": "JSON or a file, not a page"
        for name in (
            "api-root",
            "assessment-detail",
            "assessment-list",
            "assessment-score",
            "catalogue-version-detail",
            "catalogue-version-list",
            "open-data-csv",
            "open-data-dictionary",
            "open-data-json",
            "opportunity-detail",
            "opportunity-list",
            "persona-detail",
            "persona-list",
            "report-detail",
            "report-download",
            "report-list",
            "schema",
            "service-detail",
            "service-list",
            "token-create",
        )
    },  # fmt: skip
}


@dataclass
class Page:
    url_name: str
    who: str | None  # key into SweepData.users; None for anonymous
    path: Callable[["SweepData"], str]
    label: str = ""
    # What the sweep expects to load: the page's own status, and whether the address it ends
    # at differs (Django moves the reset token out of the address before showing the form).
    status: int = 200
    moves: bool = False


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
        opportunity_operations.opportunity_create(
            assessment=first, user=manager, title="Text message updates", levers=["technology"], impact=3,
            effort=3, status="done",
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


PAGES = [
    Page("login", None, lambda d: reverse("login")),
    Page("password_reset", None, lambda d: reverse("password_reset")),
    Page("password_reset_done", None, lambda d: reverse("password_reset_done")),
    Page(
        "password_reset_confirm",
        None,
        lambda d: reverse("password_reset_confirm", args=[d.reset_uid, d.reset_token]),
        moves=True,
    ),
    Page("password_reset_complete", None, lambda d: reverse("password_reset_complete")),
    Page("password_change", "member", lambda d: reverse("password_change")),
    Page("password_change_done", "member", lambda d: reverse("password_change_done")),
    Page("home", "manager", lambda d: reverse("home")),
    Page("home", "staff", lambda d: reverse("home"), "home as staff"),
    Page(
        "organizations:detail",
        "manager",
        lambda d: reverse("organizations:detail", args=[d.org.slug]),
    ),
    Page(
        "organizations:invite",
        "manager",
        lambda d: reverse("organizations:invite", args=[d.org.slug]),
    ),
    Page(
        "organizations:membership_role",
        "manager",
        lambda d: reverse(
            "organizations:membership_role", args=[d.org.slug, d.member_membership.uuid]
        ),
    ),
    Page(
        "organizations:membership_remove",
        "manager",
        lambda d: reverse(
            "organizations:membership_remove", args=[d.org.slug, d.member_membership.uuid]
        ),
    ),
    Page(
        "organizations:invitation_accept",
        None,
        lambda d: reverse("organizations:invitation_accept", args=[d.invitation_token]),
    ),
    Page(
        "organizations:invitation_accept",
        None,
        lambda d: reverse("organizations:invitation_accept", args=["no-such-token"]),
        "invitation not valid",
        status=404,
    ),
    Page("organizations:staff_list", "staff", lambda d: reverse("organizations:staff_list")),
    Page("organizations:staff_create", "staff", lambda d: reverse("organizations:staff_create")),
    Page(
        "organizations:staff_merge",
        "staff",
        lambda d: reverse("organizations:staff_merge", args=[d.org.slug]),
    ),
    Page("catalogue:version_list", "staff", lambda d: reverse("catalogue:version_list")),
    Page("catalogue:draft_create", "staff", lambda d: reverse("catalogue:draft_create")),
    Page("catalogue:version_import", "staff", lambda d: reverse("catalogue:version_import")),
    Page(
        "catalogue:version_compare",
        "staff",
        lambda d: reverse("catalogue:version_compare") + f"?a={d.published.uuid}&b={d.draft.uuid}",
    ),
    Page(
        "catalogue:version_detail",
        "staff",
        lambda d: reverse("catalogue:version_detail", args=[d.published.uuid]),
        "published version",
    ),
    Page(
        "catalogue:version_detail",
        "staff",
        lambda d: reverse("catalogue:version_detail", args=[d.draft.uuid]),
        "draft version",
    ),
    Page(
        "catalogue:version_notes",
        "staff",
        lambda d: reverse("catalogue:version_notes", args=[d.draft.uuid]),
    ),
    Page(
        "catalogue:version_preview",
        "staff",
        lambda d: reverse("catalogue:version_preview", args=[d.published.uuid]),
    ),
    Page(
        "catalogue:version_publish",
        "staff",
        lambda d: reverse("catalogue:version_publish", args=[d.draft.uuid]),
    ),
    Page(
        "catalogue:version_retire",
        "staff",
        lambda d: reverse("catalogue:version_retire", args=[d.published.uuid]),
    ),
    Page(
        "catalogue:draft_delete",
        "staff",
        lambda d: reverse("catalogue:draft_delete", args=[d.draft.uuid]),
    ),
    Page(
        "catalogue:level_edit",
        "staff",
        lambda d: reverse("catalogue:level_edit", args=[d.draft.uuid, 2]),
    ),
    Page(
        "catalogue:level_remove",
        "staff",
        lambda d: reverse("catalogue:level_remove", args=[d.draft.uuid, 5]),
    ),
    Page(
        "catalogue:attribute_create",
        "staff",
        lambda d: reverse("catalogue:attribute_create", args=[d.draft.uuid]),
    ),
    Page(
        "catalogue:attribute_edit",
        "staff",
        lambda d: reverse("catalogue:attribute_edit", args=[d.draft.uuid, "trust"]),
    ),
    Page(
        "catalogue:attribute_delete",
        "staff",
        lambda d: reverse("catalogue:attribute_delete", args=[d.draft.uuid, "trust"]),
    ),
    Page("services:list", "member", lambda d: reverse("services:list")),
    Page(
        "services:detail",
        "member",
        lambda d: reverse("services:detail", args=[d.service.uuid]),
    ),
    Page("services:create", "manager", lambda d: reverse("services:create")),
    Page(
        "services:edit",
        "manager",
        lambda d: reverse("services:edit", args=[d.service.uuid]),
    ),
    Page(
        "services:inventory_import",
        "staff",
        lambda d: reverse("services:inventory_import"),
    ),
    Page(
        "services:inventory_import_status",
        "staff",
        lambda d: reverse("services:inventory_import_status", args=[d.import_done.uuid]),
        "import done",
    ),
    Page(
        "services:inventory_import_status",
        "staff",
        lambda d: reverse("services:inventory_import_status", args=[d.import_failed.uuid]),
        "import failed",
    ),
    Page(
        "services:inventory_import_status",
        "staff",
        lambda d: reverse("services:inventory_import_status", args=[d.import_preview.uuid]),
        "import preview with rejected rows",
    ),
    Page(
        "services:inventory_import_status",
        "staff",
        lambda d: reverse("services:inventory_import_status", args=[d.import_running.uuid]),
        "import running",
    ),
    Page(
        "services:inventory_import_status",
        "staff",
        lambda d: reverse("services:inventory_import_status", args=[d.import_waiting.uuid]),
        "import waiting",
    ),
    Page(
        "personas:summary", "member", lambda d: reverse("personas:summary", args=[d.service.uuid])
    ),
    Page("personas:create", "member", lambda d: reverse("personas:create", args=[d.service.uuid])),
    Page("personas:detail", "member", lambda d: reverse("personas:detail", args=[d.persona.uuid])),
    Page("personas:edit", "member", lambda d: reverse("personas:edit", args=[d.persona.uuid])),
    Page(
        "personas:archive", "member", lambda d: reverse("personas:archive", args=[d.persona.uuid])
    ),
    Page("personas:delete", "member", lambda d: reverse("personas:delete", args=[d.persona.uuid])),
    Page(
        "personas:duplicate",
        "member",
        lambda d: reverse("personas:duplicate", args=[d.persona.uuid]),
    ),
    Page(
        "personas:stage_create",
        "member",
        lambda d: reverse("personas:stage_create", args=[d.persona.uuid]),
    ),
    Page(
        "personas:stage_edit",
        "member",
        lambda d: reverse("personas:stage_edit", args=[d.stage.uuid]),
    ),
    Page(
        "personas:stage_delete",
        "member",
        lambda d: reverse("personas:stage_delete", args=[d.stage.uuid]),
    ),
    Page(
        "assessments:service_list",
        "manager",
        lambda d: reverse("assessments:service_list", args=[d.service.uuid]),
    ),
    Page(
        "assessments:detail",
        "member",
        lambda d: reverse("assessments:detail", args=[d.assessment.uuid]),
    ),
    Page(
        "assessments:score",
        "member",
        lambda d: reverse("assessments:score", args=[d.assessment.uuid, "trust"]),
    ),
    Page(
        "assessments:score",
        "member",
        lambda d: reverse("assessments:score", args=[d.assessment.uuid, "accessibility"]),
        "score with the public's rating",
    ),
    Page(
        "assessments:results",
        "member",
        lambda d: reverse("assessments:results", args=[d.assessment.uuid]),
    ),
    Page(
        "assessments:history",
        "member",
        lambda d: reverse("assessments:history", args=[d.assessment.uuid]),
    ),
    Page(
        "assessments:send_back",
        "manager",
        lambda d: reverse("assessments:send_back", args=[d.assessment.uuid]),
    ),
    Page(
        "assessments:complete",
        "manager",
        lambda d: reverse("assessments:complete", args=[d.assessment.uuid]),
    ),
    Page(
        "improvements:list",
        "member",
        lambda d: reverse("improvements:list", args=[d.completed.uuid]),
    ),
    Page(
        "improvements:create",
        "member",
        lambda d: reverse("improvements:create", args=[d.completed.uuid]),
    ),
    Page(
        "improvements:edit",
        "member",
        lambda d: reverse("improvements:edit", args=[d.opportunity.uuid]),
    ),
    Page(
        "improvements:delete",
        "member",
        lambda d: reverse("improvements:delete", args=[d.opportunity.uuid]),
    ),
    Page(
        "improvements:matrix",
        "member",
        lambda d: reverse("improvements:matrix", args=[d.completed.uuid]),
    ),
    Page(
        "improvements:roadmap",
        "member",
        lambda d: reverse("improvements:roadmap", args=[d.completed.uuid]),
    ),
    Page(
        "reports:assessment_reports",
        "executive",
        lambda d: reverse("reports:assessment_reports", args=[d.completed.uuid]),
    ),
    Page(
        "reports:status",
        "executive",
        lambda d: reverse("reports:status", args=[d.report_done.uuid]),
        "report ready",
    ),
    Page(
        "reports:status",
        "executive",
        lambda d: reverse("reports:status", args=[d.report_failed.uuid]),
        "report failed",
    ),
    Page(
        "reports:status",
        "executive",
        lambda d: reverse("reports:status", args=[d.report_waiting.uuid]),
        "report waiting",
    ),
    Page("reports:heatmap", "executive", lambda d: reverse("reports:heatmap")),
    Page(
        "reports:heatmap",
        "executive",
        lambda d: reverse("reports:heatmap") + "?switch=gap&sort=overall",
        "heat map gaps",
    ),
    Page(
        "reports:heatmap_organizations", "staff", lambda d: reverse("reports:heatmap_organizations")
    ),
    Page("feedback:list", "manager", lambda d: reverse("feedback:list", args=[d.service.uuid])),
    Page("feedback:create", "manager", lambda d: reverse("feedback:create", args=[d.service.uuid])),
    Page("feedback:detail", "member", lambda d: reverse("feedback:detail", args=[d.campaign.uuid])),
    Page(
        "feedback:detail",
        "member",
        lambda d: reverse("feedback:detail", args=[d.campaign.uuid]) + "?comments=approved",
        "campaign approved comments",
    ),
    Page("feedback:close", "manager", lambda d: reverse("feedback:close", args=[d.campaign.uuid])),
    Page(
        "feedback:answer",
        None,
        lambda d: reverse("feedback:answer", args=[d.campaign.public_token]),
    ),
    Page(
        "feedback:answer",
        None,
        lambda d: reverse("feedback:answer", args=[d.closed_campaign.public_token]),
        "closed campaign",
        status=410,
    ),
    Page(
        "feedback:thanks",
        None,
        lambda d: reverse("feedback:thanks", args=[d.campaign.public_token]),
    ),
    Page("profile", "member", lambda d: reverse("profile")),
    Page("token_revoke", "member", lambda d: reverse("token_revoke", args=[d.token.uuid])),
    Page("api_docs", "member", lambda d: reverse("api_docs")),
    Page("audit_log", "staff", lambda d: reverse("audit_log")),
    Page("not-found", "member", lambda d: "/en/no-such-page/", "404 page", status=404),
]


def project_url_names() -> set[str]:
    """Every named URL pattern of the project's own apps (the Django admin excluded)."""
    names: set[str] = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                ns = pattern.namespace
                walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names
