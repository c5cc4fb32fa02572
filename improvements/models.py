"""Step 3: improvement opportunities, each with the levers it needs (skills, policy, technology).

Opportunities stay trackable after their assessment is completed: their status, owner and
dates can still change.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.models import Assessment
from catalogue.models import Attribute
from core.natural_keys import NaturalKeyModel
from personas.models import Persona


class Lever(models.TextChoices):
    SKILLS = "skills", _("Skills")
    POLICY = "policy", _("Policy")
    TECHNOLOGY = "technology", _("Technology")


class ImprovementOpportunity(NaturalKeyModel):
    """Step 3: a change that would move the service up, and what it needs (skills, policy, technology)."""

    NATURAL_KEY = ("uuid",)
    # The levers are rows of their own; the audit trail keeps them as a list of codes.
    audit_keys = {"levers": (_("levers"), "improvements.OpportunityLever.lever", None)}

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", pgettext_lazy("opportunity status", "Done")
        DROPPED = "dropped", _("Dropped")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="opportunities",
        verbose_name=_("assessment"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The levers it needs are OpportunityLever rows (at least one, checked by the operations).
    attributes = models.ManyToManyField(
        Attribute, related_name="opportunities", blank=True, verbose_name=_("attributes")
    )
    personas = models.ManyToManyField(
        Persona, related_name="opportunities", blank=True, verbose_name=_("personas")
    )
    stages = models.ManyToManyField(
        "personas.JourneyStage",
        related_name="opportunities",
        blank=True,
        verbose_name=_("journey stages"),
    )
    target_level = models.PositiveSmallIntegerField(
        _("level it should reach"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    effort = models.PositiveSmallIntegerField(
        _("effort"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (person)"),
    )
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (organization)"),
    )
    # On a shared service, the organizations that help the accountable one (the owner
    # organization) deliver it.
    contributors = models.ManyToManyField(
        "organizations.Organization",
        related_name="+",
        blank=True,
        verbose_name=_("contributing organizations"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    dropped_reason = models.TextField(_("why it was dropped"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("improvement opportunity")
        verbose_name_plural = _("improvement opportunities")
        ordering = ["assessment_id", "-impact", "effort", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=5), name="impact_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(effort__gte=1, effort__lte=5), name="effort_1_to_5"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def lever_codes(self) -> list[str]:
        """The levers, in the order of Lever (prefetch "levers" to read many opportunities)."""
        chosen = {row.lever for row in self.levers.all()}
        return [code for code in Lever.values if code in chosen]

    @property
    def lever_labels(self) -> list[str]:
        labels = dict(Lever.choices)
        return [str(labels[code]) for code in self.lever_codes]

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.status == self.Status.DROPPED and not self.dropped_reason.strip():
            errors["dropped_reason"] = _("Say why the opportunity is dropped.")
        if errors:
            raise ValidationError(errors)


class OpportunityLever(NaturalKeyModel):
    """One lever an opportunity needs: an opportunity has one row per lever."""

    NATURAL_KEY = ("opportunity__uuid", "lever")

    opportunity = models.ForeignKey(
        ImprovementOpportunity, on_delete=models.CASCADE, related_name="levers"
    )
    lever = models.CharField(_("lever"), max_length=20, choices=Lever.choices)

    class Meta:
        verbose_name = _("lever of an opportunity")
        verbose_name_plural = _("levers of opportunities")
        ordering = ["opportunity_id", "lever"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "lever"], name="one_row_per_lever"),
            models.CheckConstraint(condition=models.Q(lever__in=Lever.values), name="known_lever"),
        ]

    def __str__(self):
        return f"{self.opportunity}: {self.get_lever_display()}"


def _public_token() -> str:
    return secrets.token_urlsafe(12)


class YouSaidPage(NaturalKeyModel):
    """A service's public "You said, we did" page: the completed opportunities its team chose,
    each with what the public said that led to it. Nothing shows until a manager publishes it."""

    NATURAL_KEY = ("service__uuid",)

    TEXT_LENGTH = 1000

    service = models.OneToOneField(
        "services.Service", on_delete=models.CASCADE, related_name="you_said_page"
    )
    # In the public address: random, so pages cannot be counted or guessed.
    public_token = models.CharField(max_length=32, unique=True, default=_public_token)
    intro_en = models.TextField(_("introduction (English)"), max_length=TEXT_LENGTH, blank=True)
    intro_fr = models.TextField(_("introduction (French)"), max_length=TEXT_LENGTH, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"You said, we did: {self.service_id}"


class YouSaidItem(NaturalKeyModel):
    """One completed opportunity on the page, told to the public in both languages."""

    NATURAL_KEY = ("page__service__uuid", "opportunity__uuid")

    page = models.ForeignKey(YouSaidPage, on_delete=models.CASCADE, related_name="items")
    opportunity = models.ForeignKey(
        ImprovementOpportunity, on_delete=models.CASCADE, related_name="+"
    )
    title_en = models.CharField(_("what changed (English)"), max_length=200)
    title_fr = models.CharField(_("what changed (French)"), max_length=200)
    what_we_did_en = models.TextField(
        _("what we did (English)"), max_length=YouSaidPage.TEXT_LENGTH
    )
    what_we_did_fr = models.TextField(_("what we did (French)"), max_length=YouSaidPage.TEXT_LENGTH)
    done_on = models.DateField(_("done on"))
    # Approved comments of the service's campaigns only (checked by the operations, and again
    # when the page is read: a comment hidden later disappears from it).
    comments = models.ManyToManyField("feedback.Response", blank=True, related_name="+")

    class Meta:
        ordering = ["-done_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["page", "opportunity"], name="one_item_per_opportunity")
        ]

    def __str__(self) -> str:
        return self.title_en


class CommitmentReminder(NaturalKeyModel):
    """A reminder sent about a commitment on a shared service: one per opportunity, stage
    ("due soon", "overdue") and target date, so the daily run sends each once, and a new
    target date is reminded again."""

    NATURAL_KEY = ("opportunity__uuid", "stage", "target_date")

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    opportunity = models.ForeignKey(
        ImprovementOpportunity, on_delete=models.CASCADE, related_name="reminders"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    target_date = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "stage", "target_date"], name="one_reminder_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} {self.stage} {self.target_date}"
