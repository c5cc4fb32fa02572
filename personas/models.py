"""Step 1: the people who use a service, and their journey through it, stage by stage."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.natural_keys import NaturalKeyModel
from organizations.access import Access
from organizations.models import Organization
from services.models import InventoryCode, Service, code_list, in_list_order


class Persona(NaturalKeyModel):
    NATURAL_KEY = ("uuid",)
    # The reader's access, set by personas.access when the persona is read for a person.
    user_access: Access | None
    # The labels of the preferred channels, set by the personas summary page.
    channel_labels: list[str]

    class Segment(models.TextChoices):
        SENIORS = "seniors", _("Seniors")
        NEWCOMERS = "newcomers", _("Newcomers to Canada")
        PARENTS = "parents", _("Parents and families")
        YOUTH = "youth", _("Youth and students")
        DISABILITIES = "disabilities", _("Persons with disabilities")
        INDIGENOUS = "indigenous", _("Indigenous communities")
        RURAL = "rural", _("Rural and remote residents")
        LOW_INCOME = "low_income", _("People with low income")
        VETERANS = "veterans", _("Veterans")
        BUSINESSES = "businesses", _("Businesses")
        NGOS = "ngos", _("Non-profit organizations")
        OTHER = "other", _("Other")

    class AgeBand(models.TextChoices):
        UNDER_18 = "under_18", _("Under 18")
        A18_24 = "18_24", _("18 to 24")
        A25_34 = "25_34", _("25 to 34")
        A35_44 = "35_44", _("35 to 44")
        A45_54 = "45_54", _("45 to 54")
        A55_64 = "55_64", _("55 to 64")
        A65_74 = "65_74", _("65 to 74")
        A75_PLUS = "75_plus", _("75 and over")
        NOT_APPLICABLE = "na", _("Not applicable (an organization)")

    class LocationType(models.TextChoices):
        URBAN = "urban", _("Large city")
        SUBURBAN = "suburban", _("Suburb or small city")
        RURAL = "rural", _("Rural")
        REMOTE = "remote", _("Remote or northern")
        RESERVE = "reserve", _("First Nations reserve or Inuit or Métis community")

    class DigitalAccess(models.TextChoices):
        NONE = "none", _("No Internet access")
        LIMITED = "limited", _("Limited or unreliable access")
        RELIABLE = "reliable", _("Reliable access")

    class Confidence(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Evidence(models.TextChoices):
        ASSUMPTION = "assumption", _("Assumption: what the team believes, to be checked")
        VALIDATED = "validated", _("Validated: checked with research or data")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(_("persona name"), max_length=120)
    segment = models.CharField(_("client segment"), max_length=20, choices=Segment.choices)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, blank=True)
    household = models.CharField(_("household"), max_length=300, blank=True)
    location_type = models.CharField(
        _("where they live"), max_length=10, choices=LocationType.choices, blank=True
    )
    province = models.CharField(
        _("province or territory"), max_length=2, choices=Organization.Province.choices, blank=True
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    digital_access = models.CharField(
        _("digital access"), max_length=10, choices=DigitalAccess.choices, blank=True
    )
    digital_confidence = models.CharField(
        _("digital confidence"), max_length=10, choices=Confidence.choices, blank=True
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    trigger = models.TextField(_("trigger or life event"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    pain_points = models.TextField(_("pain points and barriers"), blank=True)
    preferred_channels = models.ManyToManyField(
        InventoryCode,
        related_name="+",
        blank=True,
        limit_choices_to=code_list("channels"),
        verbose_name=_("preferred channels"),
    )
    support_network = models.TextField(_("support network and trusted intermediaries"), blank=True)
    evidence_base = models.CharField(
        _("evidence base"), max_length=12, choices=Evidence.choices, default=Evidence.ASSUMPTION
    )
    evidence_sources = models.TextField(_("evidence sources"), blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["service_id", "name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def preferred_channel_codes(self) -> list[str]:
        """Codes of the inventory's channel list (prefetch preferred_channels to read many)."""
        return [code.code for code in in_list_order(self.preferred_channels.all())]

    @property
    def preferred_channel_labels(self) -> list[str]:
        return [str(code.label) for code in in_list_order(self.preferred_channels.all())]


class JourneyStage(NaturalKeyModel):
    NATURAL_KEY = ("uuid",)
    # The label of the channel, set by the persona page.
    channel_label: str

    class Sentiment(models.IntegerChoices):
        VERY_NEGATIVE = -2, _("Very negative")
        NEGATIVE = -1, _("Negative")
        NEUTRAL = 0, _("Neutral")
        POSITIVE = 1, _("Positive")
        VERY_POSITIVE = 2, _("Very positive")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("stage name"), max_length=120)
    actions = models.TextField(_("what the person does"), blank=True)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization responsible"),
    )
    sentiment = models.SmallIntegerField(
        _("how the person feels"),
        choices=Sentiment.choices,
        default=Sentiment.NEUTRAL,
        validators=[MinValueValidator(-2), MaxValueValidator(2)],
    )
    pain_points = models.TextField(_("pain points"), blank=True)

    class Meta:
        verbose_name = _("journey stage")
        verbose_name_plural = _("journey stages")
        ordering = ["persona_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sentiment__gte=-2, sentiment__lte=2), name="sentiment_in_range"
            )
        ]

    def __str__(self):
        return self.name
