"""Reads for feedback. What the public said is shown as a rating only when at least
FEEDBACK_MIN_RESPONSES answers back it, so one or two people are never read as "the public"."""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet, Sum

from catalogue.models import Attribute, CatalogueVersion
from organizations.models import Organization
from services.models import Service

from .models import Answer, Campaign, PublicSummary, Rating, Response


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


POINTS = ("rating_1", "rating_2", "rating_3", "rating_4", "rating_5")
SUMMED = {name: Sum(name) for name in (*POINTS, "not_applicable")}


def _summarized(row: Mapping[str, Any]) -> PublicRating:
    """A rating from one row of counts (a summary row, or the sum of several)."""
    distribution = {point: row[name] or 0 for point, name in enumerate(POINTS, start=1)}
    return PublicRating(
        rated=sum(distribution.values()),
        not_applicable=row["not_applicable"] or 0,
        distribution={point: n for point, n in distribution.items() if n},
    )


def public_ratings_of(service: Service) -> dict[str, PublicRating]:
    """What the public said of each attribute (by key) in every campaign of the service, read
    from its summary (one query)."""
    rows = (
        PublicSummary.objects.filter(service=service)
        .values("attribute_key")
        .annotate(**SUMMED)
        .order_by()
    )
    return {row["attribute_key"]: _summarized(row) for row in rows}


def public_ratings_by_segment(service: Service) -> dict[tuple[str, str], PublicRating]:
    """{(client segment, attribute key): rating} from the people who said which segment best
    describes them (one query)."""
    rows = PublicSummary.objects.filter(service=service).exclude(segment="").values()
    return {(row["segment"], row["attribute_key"]): _summarized(row) for row in rows}


def public_ratings_for_services(
    service_ids: Iterable[int], keys: Iterable[str]
) -> dict[tuple[int, str], PublicRating]:
    """{(service id, attribute key): rating} for a page of services (one query)."""
    rows = (
        PublicSummary.objects.filter(service_id__in=list(service_ids), attribute_key__in=list(keys))
        .values("service_id", "attribute_key")
        .annotate(**SUMMED)
        .order_by()
    )
    return {(row["service_id"], row["attribute_key"]): _summarized(row) for row in rows}


def public_by_organization(
    organizations: QuerySet[Organization], keys: Iterable[str]
) -> dict[tuple[int, str], float]:
    """{(organization id, attribute key): the average of its own services' public ratings},
    counting each service that enough people rated (one query)."""
    rows = (
        PublicSummary.objects.filter(service__owner__in=organizations, attribute_key__in=list(keys))
        .values("service_id", "service__owner_id", "attribute_key")
        .annotate(**SUMMED)
        .order_by()
    )
    averages: dict[tuple[int, str], list[float]] = {}
    for row in rows:
        average = _summarized(row).average
        if average is not None:
            averages.setdefault((row["service__owner_id"], row["attribute_key"]), []).append(
                average
            )
    return {key: round(sum(values) / len(values), 1) for key, values in averages.items()}


def on_level_scale(average: float, top: int) -> float:
    """A rating on the public's five-point scale placed on the maturity levels (1 to ``top``):
    "very poor" at level 1, "very good" at the top level, evenly in between."""
    return round(1 + (average - 1) * (top - 1) / 4, 1)


def public_rating_for(service: Service, key: str, *, comments: int = 3) -> PublicRating:
    """What the public said of one attribute (matched by key, across catalogue versions) in
    every campaign of the service, with a few approved comments of people who rated it."""
    counts = PublicSummary.objects.filter(service=service, attribute_key=key).aggregate(**SUMMED)
    rating = _summarized(counts)
    if not rating.shown:
        return rating
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
    return replace(rating, comments=approved)


@dataclass(frozen=True)
class CampaignSummary:
    responses: int
    satisfaction: PublicRating
    got_needed: dict[str, int]
    questions: list[tuple[Attribute, PublicRating]]
    pending: int


def _satisfaction(responses: QuerySet[Response]) -> PublicRating:
    """Overall satisfaction over some answers; those that skipped it count as not applying."""
    counts = Counter(dict(responses.values_list("satisfaction").annotate(n=Count("id")).order_by()))
    unanswered = counts.pop(None, 0)
    return PublicRating(
        rated=sum(counts.values()), not_applicable=unanswered, distribution=dict(counts)
    )


def campaign_summary(campaign: Campaign) -> CampaignSummary:
    responses = campaign.responses.all()
    satisfaction = _satisfaction(responses)
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
        responses=satisfaction.rated + satisfaction.not_applicable,
        satisfaction=satisfaction,
        got_needed=needed if sum(needed.values()) >= min_responses() else {},
        questions=questions,
        pending=responses.filter(comment_status=Response.CommentStatus.PENDING).count(),
    )


@dataclass(frozen=True)
class ServiceFeedback:
    """What the public told a service, for its report: the campaigns, overall satisfaction,
    and a few approved comments (never a pending or hidden one)."""

    campaigns: list[Campaign]
    satisfaction: PublicRating
    comments: list[str]

    @property
    def responses(self) -> int:
        return sum(getattr(c, "answered", 0) for c in self.campaigns)


def service_feedback(service: Service, *, comments: int = 5) -> ServiceFeedback:
    campaigns = campaigns_of(service)
    responses = Response.objects.filter(campaign__service=service)
    satisfaction = _satisfaction(responses)
    approved = list(
        responses.filter(comment_status=Response.CommentStatus.APPROVED)
        .order_by("-submitted_at", "-id")
        .values_list("comment", flat=True)[:comments]
    )
    return ServiceFeedback(
        campaigns=campaigns,
        satisfaction=satisfaction,
        comments=approved if satisfaction.shown else [],
    )


def comments_of(campaign: Campaign, status: str, *, limit: int | None = 200) -> list[Response]:
    found = (
        campaign.responses.filter(comment_status=status)
        .exclude(comment="")
        .order_by("-submitted_at", "-id")
    )
    return list(found[:limit] if limit is not None else found)


def comment_counts(campaign: Campaign) -> dict[str, int]:
    return dict(
        campaign.responses.exclude(comment="")
        .values_list("comment_status")
        .annotate(n=Count("id"))
        .order_by()
    )


@dataclass(frozen=True)
class PublicAggregate:
    """What may leave the platform about a service's public feedback: counts and averages
    that enough people back, never a comment or a single answer."""

    satisfaction: PublicRating
    attributes: dict[str, PublicRating]

    def as_dict(self) -> dict[str, Any]:
        def described(rating: PublicRating) -> dict[str, Any]:
            return {
                "average": rating.average,
                "answers": rating.rated,
                "distribution": {str(p): rating.distribution.get(p, 0) for p in Rating.values},
            }

        return {
            "minimum_answers": min_responses(),
            "satisfaction": described(self.satisfaction) if self.satisfaction.shown else None,
            "attributes": {
                key: described(rating)
                for key, rating in sorted(self.attributes.items())
                if rating.shown
            },
        }


def public_aggregates(service_ids: Iterable[int]) -> dict[int, PublicAggregate]:
    """The public's aggregates of many services, in two queries whatever their number."""
    ids = list(service_ids)
    satisfaction: dict[int, dict[int, int]] = {}
    for service_id, point, n in (
        Response.objects.filter(campaign__service_id__in=ids, satisfaction__isnull=False)
        .values_list("campaign__service_id", "satisfaction")
        .annotate(n=Count("id"))
        .order_by()
    ):
        satisfaction.setdefault(service_id, {})[point] = n
    attributes: dict[int, dict[str, PublicRating]] = {}
    for row in (
        PublicSummary.objects.filter(service_id__in=ids)
        .values("service_id", "attribute_key")
        .annotate(**SUMMED)
        .order_by()
    ):
        attributes.setdefault(row["service_id"], {})[row["attribute_key"]] = _summarized(row)
    return {
        service_id: PublicAggregate(
            satisfaction=PublicRating(
                rated=sum(satisfaction.get(service_id, {}).values()),
                not_applicable=0,
                distribution=satisfaction.get(service_id, {}),
            ),
            attributes=attributes.get(service_id, {}),
        )
        for service_id in ids
    }
