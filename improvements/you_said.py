"""“You said, we did”: a service's public page of completed opportunities, each with what the
public said that led to it.

The page shows only what a manager chose and published: items whose opportunity is still
done, comments still approved, and the public's rating of a linked attribute only when
enough people back it. It names no member of staff.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.bilingual import active_language
from core.models import AuditEvent
from feedback.models import Response
from feedback.queries import PublicRating, public_ratings_of
from organizations.models import User
from services.models import Service

from .models import ImprovementOpportunity, YouSaidItem, YouSaidPage

DONE = ImprovementOpportunity.Status.DONE


def page_of(service: Service) -> YouSaidPage | None:
    return YouSaidPage.objects.filter(service=service).first()


def done_opportunities(service: Service) -> list[ImprovementOpportunity]:
    """The service's completed opportunities, newest assessment first."""
    return list(
        ImprovementOpportunity.objects.filter(assessment__service=service, status=DONE)
        .select_related("assessment")
        .order_by("-assessment__cycle", "-assessment_id", "title")
    )


def done_opportunity(service: Service, uuid: UUID) -> ImprovementOpportunity | None:
    """One completed opportunity of the service, None for any other."""
    return (
        ImprovementOpportunity.objects.filter(assessment__service=service, status=DONE, uuid=uuid)
        .select_related("assessment")
        .first()
    )


def approved_comments(service: Service, *, quoted_by: YouSaidItem | None = None) -> list[Response]:
    """The approved comments of the service's campaigns, newest first (the latest 200), and
    those ``quoted_by`` an item quotes, however old."""
    approved = Response.objects.filter(
        campaign__service=service, comment_status=Response.CommentStatus.APPROVED
    )
    found = list(approved.order_by("-submitted_at", "-id")[:200])
    if quoted_by is not None:
        offered = {c.pk for c in found}
        quoted = approved.filter(pk__in=quoted_by.comments.all()).order_by("-submitted_at", "-id")
        found += [c for c in quoted if c.pk not in offered]
    return found


def done_since(opportunity: ImprovementOpportunity) -> date:
    """When the opportunity was last marked done, from the audit trail (its last change
    otherwise): the form offers it, the manager confirms it."""
    event = (
        AuditEvent.objects.filter(
            object_type=opportunity._meta.label_lower,
            object_id=str(opportunity.pk),
            changes__status__1=DONE,
        )
        .order_by("-at")
        .first()
    )
    moment = event.at if event is not None else opportunity.updated_at
    return timezone.localdate(moment)


def _check_comments(service: Service, comments: Iterable[Response]) -> list[Response]:
    chosen = list(comments)
    allowed = set(
        Response.objects.filter(
            pk__in=[c.pk for c in chosen],
            campaign__service=service,
            comment_status=Response.CommentStatus.APPROVED,
        ).values_list("pk", flat=True)
    )
    if any(c.pk not in allowed for c in chosen):
        raise ValidationError({"comments": _("Choose approved comments about this service only.")})
    return chosen


@transaction.atomic
def item_save(
    *,
    service: Service,
    opportunity: ImprovementOpportunity,
    user: User,
    title_en: str,
    title_fr: str,
    what_we_did_en: str,
    what_we_did_fr: str,
    done_on: date,
    comments: Iterable[Response],
) -> YouSaidItem:
    """Put a completed opportunity on the service's page, or change how it is told."""
    if opportunity.assessment.service_id != service.pk:
        raise ValidationError(_("This opportunity belongs to another service."))
    if opportunity.status != DONE:
        raise ValidationError(_("Only completed opportunities can be on the page."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date it was done cannot be in the future.")})
    chosen = _check_comments(service, comments)
    page, _created = YouSaidPage.objects.get_or_create(service=service)
    item = YouSaidItem.objects.filter(page=page, opportunity=opportunity).first()
    before = audit.values(item) if item is not None else None
    item = item or YouSaidItem(page=page, opportunity=opportunity)
    item.title_en, item.title_fr = title_en.strip(), title_fr.strip()
    item.what_we_did_en, item.what_we_did_fr = what_we_did_en.strip(), what_we_did_fr.strip()
    item.done_on = done_on
    item.full_clean(exclude=["page", "opportunity"], validate_unique=False)
    item.save()
    item.comments.set(chosen)
    scope = str(service.uuid)
    if before is None:
        audit.record_created(actor=user, instances=[item], scope=scope)
    else:
        audit.record_change(actor=user, instance=item, before=before, scope=scope)
    return item


@transaction.atomic
def item_remove(*, item: YouSaidItem, user: User) -> None:
    audit.record_deletion(actor=user, instance=item, scope=str(item.page.service.uuid))
    item.delete()


@transaction.atomic
def page_publish(*, service: Service, user: User, intro_en: str, intro_fr: str) -> YouSaidPage:
    """Publish the page (or its new introduction): at least one completed opportunity is on it,
    and an introduction, if any, is in both languages."""
    page = YouSaidPage.objects.select_for_update().filter(service=service).first()
    if page is None or not public_items(page, ratings={}):
        raise ValidationError(_("Add at least one completed opportunity before publishing."))
    intro_en, intro_fr = intro_en.strip(), intro_fr.strip()
    if bool(intro_en) != bool(intro_fr):
        raise ValidationError(
            {"intro_fr" if intro_en else "intro_en": _("Write the introduction in both languages.")}
        )
    before = audit.values(page, ["intro_en", "intro_fr", "published_at"])
    page.intro_en, page.intro_fr = intro_en, intro_fr
    page.published_at = page.published_at or timezone.now()
    page.full_clean(exclude=["service"], validate_unique=False)
    page.save()
    audit.record_change(actor=user, instance=page, before=before, scope=str(service.uuid))
    return page


@transaction.atomic
def page_unpublish(*, page: YouSaidPage, user: User) -> YouSaidPage:
    """Take the page down at once; its items are kept for publishing again."""
    before = audit.values(page, ["published_at"])
    page.published_at = None
    page.save(update_fields=["published_at", "updated_at"])
    audit.record_change(actor=user, instance=page, before=before, scope=str(page.service.uuid))
    return page


@dataclass(frozen=True)
class Heard:
    """One attribute an item is linked to, and the public's rating of it (when shown)."""

    name: str
    rating: PublicRating | None


@dataclass(frozen=True)
class PublicItem:
    title: str
    what_we_did: str
    done_on: date
    heard: list[Heard]
    comments: list[Response]


def public_items(
    page: YouSaidPage, *, ratings: dict[str, PublicRating] | None = None
) -> list[PublicItem]:
    """The page's items as the public reads them, in the reader's language: only opportunities
    still done, only comments still approved; no owner, no name of staff."""
    french = active_language() == "fr"
    if ratings is None:
        ratings = public_ratings_of(page.service)
    items = (
        page.items.filter(opportunity__status=DONE, opportunity__assessment__service=page.service)
        .prefetch_related("opportunity__attributes")
        .order_by("-done_on", "id")
    )
    approved: dict[int, list[Response]] = {}
    for link in YouSaidItem.comments.through.objects.filter(
        yousaiditem__in=items,
        response__comment_status=Response.CommentStatus.APPROVED,
        response__campaign__service=page.service,
    ).select_related("response"):
        approved.setdefault(link.yousaiditem_id, []).append(link.response)
    found = []
    for item in items:
        heard = []
        for attribute in sorted(item.opportunity.attributes.all(), key=lambda a: (a.order, a.key)):
            rating = ratings.get(attribute.key)
            heard.append(Heard(attribute.name, rating if rating and rating.shown else None))
        found.append(
            PublicItem(
                title=item.title_fr if french else item.title_en,
                what_we_did=item.what_we_did_fr if french else item.what_we_did_en,
                done_on=item.done_on,
                heard=heard,
                comments=approved.get(item.pk, []),
            )
        )
    return found


def published_page(token: str) -> YouSaidPage | None:
    """The page a public address names, only while it is published."""
    if "\x00" in token:  # the database cannot hold it, so no page has it
        return None
    return (
        YouSaidPage.objects.select_related("service")
        .filter(public_token=token, published_at__isnull=False)
        .first()
    )
