"""Every page of the platform, for the accessibility sweep.

Each entry says which URL name it covers, who looks at it and how to build
its address from the sweep's data. ``test_every_page_is_in_the_sweep``
fails when a URL pattern is neither here nor in ``NOT_PAGES``, so a new page
joins the sweep or says why not.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .sweep_data import SweepData

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
    "feedback:comment_export": "a CSV or Excel download",
    "improvements:commitments_export": "a CSV or Excel download",
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
            "organization-commitments",
            "persona-detail",
            "persona-list",
            "report-detail",
            "report-download",
            "report-list",
            "schema",
            "service-detail",
            "service-list",
            "service-public-ratings",
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
    Page(
        "improvements:commitments",
        "executive",
        lambda d: reverse("improvements:commitments", args=[d.org.slug]),
    ),
    Page("you_said:manage", "manager", lambda d: reverse("you_said:manage", args=[d.service.uuid])),
    Page(
        "you_said:item_edit",
        "manager",
        lambda d: reverse("you_said:item_edit", args=[d.service.uuid, d.done_opportunity.uuid]),
    ),
    Page(
        "you_said:item_remove",
        "manager",
        lambda d: reverse("you_said:item_remove", args=[d.service.uuid, d.done_opportunity.uuid]),
    ),
    Page(
        "you_said:unpublish",
        "manager",
        lambda d: reverse("you_said:unpublish", args=[d.service.uuid]),
    ),
    Page(
        "you_said_public",
        None,
        lambda d: reverse("you_said_public", args=[d.you_said.public_token]),
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
