"""Writes for feedback: campaigns opened and closed by a service's managers, answers from
the public, and comments reviewed by the team."""

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import Attribute
from catalogue.queries import latest_published
from core import audit
from organizations.models import User
from services.models import Service

from .models import COMMENT_LENGTH, Answer, Campaign, PublicSummary, Response
from .queries import questions_of

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of digits and the separators of telephone numbers holding 7 to 15 digits; a date
# written 2026-12-07 is left alone.
PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{5,22}\d(?![\w])")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class CampaignClosed(Exception):
    """The campaign stopped taking answers (closed, or past its dates)."""


def mask_contacts(text: str) -> str:
    """The comment with email addresses and telephone numbers replaced by a mark saying so,
    in the language the person wrote in."""
    text = EMAIL.sub(_("[email address removed]"), text)

    def phone(match: re.Match) -> str:
        found = match.group(0)
        digits = sum(ch.isdigit() for ch in found)
        if DATE.fullmatch(found.strip()) or not 7 <= digits <= 15:
            return found
        return _("[telephone number removed]")

    return PHONE.sub(phone, text)


@transaction.atomic
def campaign_create(
    *,
    service: Service,
    user: User,
    name: str,
    opens_on: date,
    closes_on: date,
    channels: Sequence[str],
    attributes: Sequence[Attribute],
    ask_segment: bool,
) -> Campaign:
    """Open a campaign on the questions of the latest published catalogue version."""
    version = latest_published()
    if version is None:
        raise ValidationError(
            _("No catalogue version is published yet, so there are no questions.")
        )
    offered = {a.pk for a in questions_of(version)}
    if any(a.pk not in offered for a in attributes):
        raise ValidationError(
            {"attributes": _("Choose questions of the published catalogue only.")}
        )
    campaign = Campaign(
        service=service,
        catalogue_version=version,
        name=name.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        channels=list(dict.fromkeys(channels)),
        ask_segment=ask_segment,
        created_by=user,
    )
    campaign.full_clean()
    campaign.save()
    campaign.attributes.set(attributes)
    audit.record_created(actor=user, instances=[campaign], scope=str(service.uuid))
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, user: User) -> Campaign:
    """Stop answers at once: an answer being stored now finishes first, none starts after."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.closed_at is not None:
        return locked
    before = audit.values(locked, ["closed_at"])
    locked.closed_at = timezone.now()
    locked.closed_by = user
    locked.save(update_fields=["closed_at", "closed_by"])
    audit.record_change(
        actor=user, instance=locked, before=before, scope=str(campaign.service.uuid)
    )
    return locked


def _still_open(campaign: Campaign) -> bool:
    """Read the campaign's closing again, holding it against a close until this transaction
    ends (a shared lock on PostgreSQL: answers do not wait for one another)."""
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    table = connection.ops.quote_name(Campaign._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT closed_at FROM {table} WHERE id = %s{lock}",  # noqa: S608
            [campaign.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    campaign.closed_at = row[0]
    return campaign.is_open()


def response_submit(
    *,
    campaign: Campaign,
    nonce: str,
    language: str,
    channel: str,
    satisfaction: int | None,
    got_needed: str,
    segment: str,
    comment: str,
    ratings: Mapping[int, int | None],
    questions: Sequence[Attribute] | None = None,
) -> Response:
    """Store one person's answers, all or nothing. The same form sent again returns the answers
    already stored rather than a second copy. ``questions``: the campaign's, when the caller
    has read them already."""
    keys = {a.pk: a.key for a in (campaign.attributes.all() if questions is None else questions)}
    if any(pk not in keys for pk in ratings):
        raise ValidationError(_("The form does not match this campaign's questions."))
    comment = mask_contacts(comment.strip())[:COMMENT_LENGTH]
    with transaction.atomic():
        if not _still_open(campaign):
            raise CampaignClosed
        existing = Response.objects.filter(form_nonce=nonce).first()
        if existing is not None:
            return existing
        response = Response(
            campaign=campaign,
            form_nonce=nonce,
            language=language,
            channel=channel if channel in campaign.channels else "",
            satisfaction=satisfaction,
            got_needed=got_needed,
            segment=segment,
            comment=comment,
            comment_status=Response.CommentStatus.PENDING if comment else "",
        )
        # The campaign is known to exist: it is held against closing until the end.
        response.full_clean(exclude=["campaign"], validate_unique=False, validate_constraints=False)
        response.save()
        Answer.objects.bulk_create(
            Answer(response=response, attribute_id=pk, rating=rating)
            for pk, rating in ratings.items()
        )
        _count_in_summary(
            campaign.service_id, segment, {keys[pk]: rating for pk, rating in ratings.items()}
        )
    return response


_POINTS = ["rating_1", "rating_2", "rating_3", "rating_4", "rating_5", "not_applicable"]


def _count_in_summary(service_id: int, segment: str, ratings: Mapping[str, int | None]) -> None:
    """Add one person's answers to the service's summary, in one statement. Rows are written in
    the order of their keys, so two answers stored at once never wait on each other in a
    circle."""
    if not ratings:
        return
    table = connection.ops.quote_name(PublicSummary._meta.db_table)
    columns = ", ".join(_POINTS)
    rows: list[str] = []
    params: list[Any] = []
    for key in sorted(ratings):
        rating = ratings[key]
        counts = [1 if rating == point else 0 for point in range(1, 6)] + [int(rating is None)]
        rows.append("(%s, %s, %s, " + ", ".join(["%s"] * len(_POINTS)) + ")")
        params += [service_id, key, segment, *counts]
    added = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in _POINTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (service_id, attribute_key, segment, {columns}) "  # noqa: S608
            f"VALUES {', '.join(rows)} "
            f"ON CONFLICT (service_id, attribute_key, segment) DO UPDATE SET {added}",
            params,
        )


@transaction.atomic
def public_summary_rebuild(*, service: Service) -> int:
    """Count the service's answers again into its summary (after a restore, say); returns how
    many rows it holds."""
    PublicSummary.objects.filter(service=service).delete()
    summaries: dict[tuple[str, str], PublicSummary] = {}
    for key, segment, rating, n in (
        Answer.objects.filter(response__campaign__service=service)
        .values_list("attribute__key", "response__segment", "rating")
        .annotate(n=Count("id"))
        .order_by()
    ):
        row = summaries.setdefault(
            (key, segment), PublicSummary(service=service, attribute_key=key, segment=segment)
        )
        column = "not_applicable" if rating is None else f"rating_{rating}"
        setattr(row, column, getattr(row, column) + n)
    PublicSummary.objects.bulk_create(summaries.values())
    return len(summaries)


@transaction.atomic
def comment_review(*, response: Response, user: User, approve: bool) -> Response:
    """Approve a comment, so the team sees it beside the scores, or hide it from every page and
    export. Either can be undone."""
    if not response.comment:
        raise ValidationError(_("This answer has no comment."))
    before = audit.values(response, ["comment_status"])
    response.comment_status = (
        Response.CommentStatus.APPROVED if approve else Response.CommentStatus.HIDDEN
    )
    response.reviewed_at = timezone.now()
    response.reviewed_by = user
    response.save(update_fields=["comment_status", "reviewed_at", "reviewed_by"])
    audit.record_change(
        actor=user, instance=response, before=before, scope=str(response.campaign.service.uuid)
    )
    return response
