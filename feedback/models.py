"""What the public says about a service: campaigns, their answers, and the comments a team
approves before anyone reads them.

Nothing here identifies a person: no name, no address, no account. A comment is stored with
email addresses and telephone numbers already masked.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Attribute, CatalogueVersion
from core.natural_keys import NaturalKeyModel
from personas.models import Persona
from services.models import Service

COMMENT_LENGTH = 1000


def _public_token() -> str:
    return secrets.token_urlsafe(12)


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    TELEPHONE = "telephone", _("Telephone")
    MAIL = "mail", _("Mail")


class Rating(models.IntegerChoices):
    """The five-point scale every question for the public is answered on."""

    VERY_POOR = 1, _("Very poor")
    POOR = 2, _("Poor")
    FAIR = 3, _("Fair")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


class Campaign(NaturalKeyModel):
    NATURAL_KEY = ("uuid",)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # In the public link: random, so campaigns cannot be counted or guessed.
    public_token = models.CharField(max_length=32, unique=True, default=_public_token)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="campaigns")
    catalogue_version = models.ForeignKey(
        CatalogueVersion, on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_(
            "For your team, for example “Counter survey, winter 2027”. Not shown to the public."
        ),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    channels = models.JSONField(_("channels"), default=list)
    attributes = models.ManyToManyField(
        Attribute, related_name="campaigns", verbose_name=_("questions"), blank=True
    )
    ask_segment = models.BooleanField(
        _("ask which best describes the person"),
        default=True,
        help_text=_(
            "Offers the client segments of the service's personas, so answers can be read per persona."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The campaign cannot close before it opens.")})
        unknown = [c for c in self.channels if c not in Channel.values]
        if not self.channels or unknown:
            raise ValidationError({"channels": _("Choose at least one channel.")})

    def is_open(self, today=None) -> bool:
        """Answers are taken only between its dates, and never once it is closed."""
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    @property
    def status_label(self) -> str:
        if self.closed_at is not None or timezone.localdate() > self.closes_on:
            return str(_("Closed"))
        if timezone.localdate() < self.opens_on:
            return str(_("Not open yet"))
        return str(_("Open"))

    def channel_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channels if c in Channel.values]


class Response(NaturalKeyModel):
    """One person's answers to a campaign."""

    NATURAL_KEY = ("uuid",)

    class GotNeeded(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    class CommentStatus(models.TextChoices):
        NONE = "", _("No comment")
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        HIDDEN = "hidden", _("Hidden")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    # The signed form's own number: the same form sent twice (a double click, a retry after
    # an error) is stored once.
    form_nonce = models.CharField(max_length=32, unique=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    language = models.CharField(max_length=2, default="en")
    channel = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        choices=Rating.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    got_needed = models.CharField(max_length=6, choices=GotNeeded.choices, blank=True)
    segment = models.CharField(max_length=20, choices=Persona.Segment.choices, blank=True)
    comment = models.TextField(max_length=COMMENT_LENGTH, blank=True)
    comment_status = models.CharField(
        max_length=8, choices=CommentStatus.choices, blank=True, default=""
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["campaign", "comment_status"], name="response_comments")]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.pk}"


class Answer(NaturalKeyModel):
    """The rating one response gives one attribute; no rating means "does not apply"."""

    NATURAL_KEY = ("response__uuid", "attribute__version__label", "attribute__key")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    attribute = models.ForeignKey(Attribute, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(
        choices=Rating.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "attribute"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="answer_rating_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attribute_id}: {self.rating or '-'}"


class PublicSummary(models.Model):
    """How many answers each point of the scale got, per service, attribute (by key, across
    catalogue versions) and the segment people chose (empty when they chose none): kept up to
    date in the transaction that stores an answer, so no page counts answers."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    attribute_key = models.CharField(max_length=50)
    segment = models.CharField(max_length=20, blank=True)
    rating_1 = models.PositiveIntegerField(default=0)
    rating_2 = models.PositiveIntegerField(default=0)
    rating_3 = models.PositiveIntegerField(default=0)
    rating_4 = models.PositiveIntegerField(default=0)
    rating_5 = models.PositiveIntegerField(default=0)
    not_applicable = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "attribute_key", "segment"], name="one_public_summary"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.attribute_key} {self.segment}"
