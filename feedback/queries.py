"""Reads for feedback. What the public said is shown as a rating only when at least
FEEDBACK_MIN_RESPONSES answers back it, so one or two people are never read as "the public"."""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, QuerySet

from catalogue.models import Attribute, CatalogueVersion
from services.models import Service

from .models import Answer, Campaign, Rating, Response


def min_responses() -> int:
    return max(1, settings.FEEDBACK_MIN_RESPONSES)


@dataclass(frozen=True)
class PublicRating:
    """The public's answers to one question: how many rated it, on which point of the scale,
    and how many said it does not apply."""

    rated: int
    not_applicable: int
    distribution: dict[int, int] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.rated >= min_responses()

    @property
    def needed(self) -> int:
        return min_responses()

    @property
    def average(self) -> float | None:
        if not self.shown:
            return None
        return round(sum(point * n for point, n in self.distribution.items()) / self.rated, 1)

    def bars(self) -> list[tuple[int, str, int, int]]:
        """(point, its words, answers, percent of answers) from the top of the scale down."""
        if not self.shown:
            return []
        return [
            (point, str(Rating(point).label), n, round(100 * n / self.rated))
            for point in sorted(Rating.values, reverse=True)
            for n in [self.distribution.get(point, 0)]
        ]


def _rating(answers: QuerySet[Answer], comments: list[str]) -> PublicRating:
    counts = Counter(dict(answers.values_list("rating").annotate(n=Count("id")).order_by()))
    not_applicable = counts.pop(None, 0)
    rated = sum(counts.values())
    return PublicRating(
        rated=rated,
        not_applicable=not_applicable,
        distribution={int(k): v for k, v in counts.items()},
        comments=comments if rated >= min_responses() else [],
    )


def questions_of(version: CatalogueVersion) -> list[Attribute]:
    """The attributes of a version that carry a question for the public, in catalogue order."""
    return [
        a
        for a in version.attributes.order_by("order", "key")
        if a.public_question_en.strip() and a.public_question_fr.strip()
    ]


def campaigns_of(service: Service) -> list[Campaign]:
    return list(
        Campaign.objects.filter(service=service)
        .annotate(answered=Count("responses"))
        .order_by("-opens_on", "-id")
    )


def public_rating_for(service: Service, key: str, *, comments: int = 3) -> PublicRating:
    """What the public said of one attribute (matched by key, across catalogue versions) in
    every campaign of the service, with a few approved comments of people who rated it."""
    answers = Answer.objects.filter(response__campaign__service=service, attribute__key=key)
    approved = list(
        Response.objects.filter(
            campaign__service=service,
            comment_status=Response.CommentStatus.APPROVED,
            answers__attribute__key=key,
            answers__rating__isnull=False,
        )
        .order_by("-submitted_at", "-id")
        .values_list("comment", flat=True)[:comments]
    )
    return _rating(answers, approved)


@dataclass(frozen=True)
class CampaignSummary:
    responses: int
    satisfaction: PublicRating
    got_needed: dict[str, int]
    questions: list[tuple[Attribute, PublicRating]]
    pending: int


def campaign_summary(campaign: Campaign) -> CampaignSummary:
    responses = campaign.responses.all()
    satisfaction = Counter(
        dict(responses.values_list("satisfaction").annotate(n=Count("id")).order_by())
    )
    unanswered = satisfaction.pop(None, 0)
    rated = sum(satisfaction.values())
    needed = dict(
        responses.exclude(got_needed="")
        .values_list("got_needed")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_attribute: dict[int, Counter] = {}
    for attribute_id, rating, n in (
        Answer.objects.filter(response__campaign=campaign)
        .values_list("attribute_id", "rating")
        .annotate(n=Count("id"))
        .order_by()
    ):
        by_attribute.setdefault(attribute_id, Counter())[rating] += n
    questions = []
    for attribute in campaign.attributes.order_by("order", "key"):
        counts = by_attribute.get(attribute.pk, Counter())
        not_applicable = counts.pop(None, 0)
        questions.append(
            (
                attribute,
                PublicRating(
                    rated=sum(counts.values()),
                    not_applicable=not_applicable,
                    distribution=dict(counts),
                ),
            )
        )
    return CampaignSummary(
        responses=rated + unanswered,
        satisfaction=PublicRating(
            rated=rated, not_applicable=unanswered, distribution=dict(satisfaction)
        ),
        got_needed=needed if sum(needed.values()) >= min_responses() else {},
        questions=questions,
        pending=responses.filter(comment_status=Response.CommentStatus.PENDING).count(),
    )


def comments_of(campaign: Campaign, status: str) -> list[Response]:
    return list(
        campaign.responses.filter(comment_status=status)
        .exclude(comment="")
        .order_by("-submitted_at", "-id")[:200]
    )


def comment_counts(campaign: Campaign) -> dict[str, int]:
    return dict(
        campaign.responses.exclude(comment="")
        .values_list("comment_status")
        .annotate(n=Count("id"))
        .order_by()
    )
