"""Step 2: a service scored against the catalogue's attributes, cycle after cycle."""

import re
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.models import Attribute, CatalogueVersion
from core.natural_keys import NaturalKeyModel
from personas.models import Persona
from services.models import Service

URL = re.compile(r"https?://\S+")


class Assessment(NaturalKeyModel):
    NATURAL_KEY = ("uuid",)
    # The reader's access, set by assessments.access when the assessment is read for a person.
    user_access: int | None

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        COMPLETED = "completed", _("Completed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("service")
    )
    catalogue_version = models.ForeignKey(
        CatalogueVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("catalogue version"),
    )
    cycle = models.CharField(
        _("cycle"), max_length=20, help_text=_("The period assessed, such as 2026-27.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    baseline = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("baseline"),
    )
    personas: "models.ManyToManyField[Persona, AssessmentPersona]" = models.ManyToManyField(
        Persona,
        through="AssessmentPersona",
        related_name="assessments",
        blank=True,
        verbose_name=_("personas"),
    )
    review_comments = models.TextField(_("review comments"), blank=True)
    open_data = models.BooleanField(
        _("published as open data"),
        default=False,
        help_text=_(
            "The owner's service manager can publish a completed assessment's levels as open data."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("sent to review"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["service_id", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["service", "cycle"], name="one_assessment_per_cycle")
        ]
        indexes = [
            models.Index(
                fields=["service", "-completed_at"],
                name="completed_assessments",
                condition=models.Q(status="completed"),
            )
        ]

    def __str__(self):
        return f"{self.service} {self.cycle}"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class AssessmentPersona(NaturalKeyModel):
    """The personas an assessment is seen through. A persona referred to here cannot be deleted."""

    NATURAL_KEY = ("assessment__uuid", "persona__uuid")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE)
    persona = models.ForeignKey(Persona, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "persona"], name="one_link_per_persona")
        ]

    def __str__(self):
        return f"{self.assessment_id}:{self.persona_id}"


class AttributeScore(NaturalKeyModel):
    NATURAL_KEY = ("assessment__uuid", "attribute__version__label", "attribute__key")
    # Set by assessments.results for the reader, never stored: the baseline's current level,
    # the move since then, and each persona's rating (None where not rated).
    baseline: int | None
    change: int | None
    persona_cells: list["PersonaRating | None"]

    class Confidence(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    attribute = models.ForeignKey(
        Attribute, on_delete=models.PROTECT, related_name="scores", verbose_name=_("attribute")
    )
    current_level = models.PositiveSmallIntegerField(
        _("current level"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    rationale = models.TextField(_("rationale"), blank=True)
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("One item per line: a link, a short note, or a link followed by a note."),
    )
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, blank=True
    )
    # Raised by every save: a save carrying an older number is refused, never silently merged.
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    # The audit trail records each persona's rating and note with the score, under the keys
    # "persona:<persona id>" and "persona_note:<persona id>": (label, field whose choices name
    # the values, model of the object named by the id).
    audit_keys = {
        "persona": (_("Persona rating"), "assessments.PersonaRating.rating", "personas.Persona"),
        "persona_note": (_("Persona note"), "assessments.PersonaRating.note", "personas.Persona"),
    }

    class Meta:
        verbose_name = _("attribute score")
        verbose_name_plural = _("attribute scores")
        ordering = ["assessment_id", "attribute__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "attribute"], name="one_score_per_attribute"
            )
        ]
        indexes = [
            # Covering index for the heat map: levels read without touching the table (PostgreSQL).
            models.Index(
                fields=["assessment", "attribute"],
                include=["current_level", "target_level"],
                name="score_levels",
            )
        ]

    def __str__(self):
        return f"{self.assessment} {self.attribute.key}"

    @property
    def is_scored(self) -> bool:
        return self.current_level is not None and self.target_level is not None

    @property
    def gap(self) -> int | None:
        if self.current_level is None or self.target_level is None:
            return None
        return self.target_level - self.current_level

    @property
    def evidence_items(self) -> list[dict]:
        items = []
        for line in self.evidence.splitlines():
            line = line.strip()
            if not line:
                continue
            match = URL.search(line)
            url = match.group(0) if match else ""
            note = (line[: match.start()] + line[match.end() :]).strip(" -–—:") if match else line
            items.append({"url": url, "note": note})
        return items


class PersonaRating(NaturalKeyModel):
    NATURAL_KEY = (
        "score__assessment__uuid",
        "score__attribute__version__label",
        "score__attribute__key",
        "persona__uuid",
    )

    class Rating(models.IntegerChoices):
        VERY_POORLY = 1, _("Very poorly served")
        POORLY = 2, _("Poorly served")
        ADEQUATELY = 3, _("Adequately served")
        WELL = 4, _("Well served")
        VERY_WELL = 5, _("Very well served")

    score = models.ForeignKey(
        AttributeScore, on_delete=models.CASCADE, related_name="persona_ratings"
    )
    persona = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="ratings")
    rating = models.PositiveSmallIntegerField(_("how well served"), choices=Rating.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["score", "persona"], name="one_rating_per_persona"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.persona_id}: {self.rating}"


class ServiceLatest(models.Model):
    """Each service's latest and previous completed assessments, kept up to date on completion.

    The heat map reads these pointers instead of searching every service's history, and what it
    filters and sorts services on is kept here too (the latest assessment's cycle and catalogue
    version, its average current level and largest gap), so sorting thousands of services reads
    an index rather than aggregating their scores.
    """

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, primary_key=True, related_name="latest"
    )
    latest = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    previous = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cycle = models.CharField(max_length=20, default="")
    catalogue_version = models.ForeignKey(
        CatalogueVersion, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # A completed assessment has every attribute scored, so both are set.
    average_current = models.FloatField(null=True)
    max_gap = models.SmallIntegerField(null=True)
    # {attribute key: [current, target, current in the previous one]}: a row of cells, read
    # with the row (LatestLevel holds the same levels one per row, to sort on).
    levels = models.JSONField(default=dict)

    class Meta:
        indexes = [
            models.Index(fields=["average_current", "service"], name="latest_by_average"),
            # Equal gaps: the least mature first when the largest gaps come first.
            models.Index(fields=["max_gap", "-average_current", "service"], name="latest_by_gap"),
            models.Index(fields=["cycle"], name="latest_by_cycle"),
        ]

    def __str__(self):
        return f"{self.service_id}: {self.latest_id}"


class LatestLevel(models.Model):
    """One attribute's levels in a service's latest completed assessment, with its current level
    in the previous one: the heat map's cells, and what it sorts on by attribute."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="latest_levels")
    attribute_key = models.CharField(max_length=50)
    current_level = models.PositiveSmallIntegerField(null=True)
    target_level = models.PositiveSmallIntegerField(null=True)
    previous_level = models.PositiveSmallIntegerField(null=True)
    # The service's average current level (ServiceLatest's), which breaks ties between levels.
    average_current = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "attribute_key"], name="one_latest_level_per_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["attribute_key", "current_level", "-average_current", "service"],
                name="latest_level_current",
            ),
            models.Index(
                fields=["attribute_key", "target_level", "-average_current", "service"],
                name="latest_level_target",
            ),
        ]

    def __str__(self):
        return f"{self.service_id} {self.attribute_key}"


class OrganizationSummary(models.Model):
    """Per organization and attribute key: totals over its services' latest completed assessments.

    Updated when an assessment is completed, so large portfolios average without a scan.
    """

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    attribute_key = models.CharField(max_length=50)
    services = models.PositiveIntegerField(default=0)
    sum_current = models.PositiveIntegerField(default=0)
    sum_target = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "attribute_key"], name="one_summary_per_key"
            )
        ]

    def __str__(self):
        return f"{self.organization_id} {self.attribute_key}"

    @property
    def average_current(self):
        return round(self.sum_current / self.services, 1) if self.services else None

    @property
    def average_target(self):
        return round(self.sum_target / self.services, 1) if self.services else None
