"""The maturity model's content: versioned, bilingual, administered by ICCS staff.

A version is a draft while staff edit it, published once complete (and from
then on never edited: assessments pin it), and retired when no longer
offered for new assessments.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bilingual import localized
from core.natural_keys import NaturalKeyModel


class CatalogueVersion(NaturalKeyModel):
    NATURAL_KEY = ("label",)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=40, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    change_notes_en = models.TextField(_("change notes (English)"), blank=True)
    change_notes_fr = models.TextField(_("change notes (French)"), blank=True)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("based on"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")
        ordering = ["-created_at"]
        constraints = [
            # At most one draft at a time, so staff never edit two competing copies.
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="draft"), name="one_draft_at_a_time"
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def change_notes(self):
        return localized(self, "change_notes")


class MaturityLevel(NaturalKeyModel):
    NATURAL_KEY = ("version__label", "number")

    version = models.ForeignKey(
        CatalogueVersion,
        on_delete=models.CASCADE,
        related_name="levels",
        verbose_name=_("catalogue version"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)

    class Meta:
        verbose_name = _("maturity level")
        verbose_name_plural = _("maturity levels")
        ordering = ["version_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="one_level_number_per_version"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def name(self):
        return localized(self, "name")

    @property
    def description(self):
        return localized(self, "description")


key_validator = RegexValidator(
    r"^[a-z][a-z0-9_-]*$",
    _("Use lower-case letters, digits, hyphens or underscores, starting with a letter."),
)


class Attribute(NaturalKeyModel):
    NATURAL_KEY = ("version__label", "key")

    version = models.ForeignKey(
        CatalogueVersion,
        on_delete=models.CASCADE,
        related_name="attributes",
        verbose_name=_("catalogue version"),
    )
    key = models.CharField(
        _("key"),
        max_length=50,
        validators=[key_validator],
        help_text=_(
            "Stays the same across versions, so scores can be compared from one cycle to the next."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=150, blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    definition_fr = models.TextField(_("definition (French)"), blank=True)
    questions_en = models.TextField(
        _("guiding questions (English)"), blank=True, help_text=_("One question per line.")
    )
    questions_fr = models.TextField(
        _("guiding questions (French)"), blank=True, help_text=_("One question per line.")
    )
    # Asked of the public in a feedback campaign, answered on a five-point scale.
    public_question_en = models.CharField(
        _("question for the public (English)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Asked in feedback campaigns, on a five-point scale. Leave both empty to ask none."
        ),
    )
    public_question_fr = models.CharField(
        _("question for the public (French)"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["version_id", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_key_per_version")
        ]

    def __str__(self):
        return str(self.name) or self.key

    @property
    def name(self):
        return localized(self, "name")

    @property
    def definition(self):
        return localized(self, "definition")

    def question_list(self, language: str) -> list[str]:
        text = getattr(self, f"questions_{language}") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def public_question(self):
        return localized(self, "public_question")

    @property
    def questions(self) -> list[str]:
        from core.bilingual import active_language

        language = active_language()
        return self.question_list(language) or self.question_list(
            "fr" if language == "en" else "en"
        )


class LevelDescriptor(NaturalKeyModel):
    """What an attribute looks like at one maturity level."""

    NATURAL_KEY = ("attribute__version__label", "attribute__key", "level__number")

    attribute = models.ForeignKey(
        Attribute, on_delete=models.CASCADE, related_name="descriptors", verbose_name=_("attribute")
    )
    level = models.ForeignKey(
        MaturityLevel,
        on_delete=models.CASCADE,
        related_name="descriptors",
        verbose_name=_("maturity level"),
    )
    text_en = models.TextField(_("descriptor (English)"), blank=True)
    text_fr = models.TextField(_("descriptor (French)"), blank=True)

    class Meta:
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors")
        ordering = ["attribute_id", "level__number"]
        constraints = [
            models.UniqueConstraint(fields=["attribute", "level"], name="one_descriptor_per_level")
        ]

    def __str__(self):
        return f"{self.attribute.key} @ {self.level.number}"

    @property
    def text(self):
        return localized(self, "text")
