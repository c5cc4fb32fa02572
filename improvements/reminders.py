"""Reminders of commitments on shared services, by email, once a day (the scheduler runs
``improvements.send_commitment_reminders``; so does the command of the same name).

An open opportunity of a shared service with an accountable organization and a target date
is reminded once when it is due within REMINDER_DAYS_BEFORE days, and once when it is
overdue, to the accountable organization's service managers and the person who owns it.
A reminder is recorded in the transaction that sends it, so running twice sends nothing
twice, and one that could not be sent is tried again the next day. A new target date is a
new commitment, reminded again.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from organizations.models import Membership

from .accountability import CLOSED
from .models import CommitmentReminder, ImprovementOpportunity

log = logging.getLogger(__name__)
Stage = CommitmentReminder.Stage


def due(today: date) -> list[tuple[ImprovementOpportunity, str]]:
    """The commitments to remind today, each with its stage, not yet reminded at it."""
    soon = today + timedelta(days=settings.REMINDER_DAYS_BEFORE)
    found = (
        ImprovementOpportunity.objects.filter(
            assessment__service__partners__isnull=False,
            owner_organization__isnull=False,
            target_date__isnull=False,
            target_date__lte=soon,
        )
        .exclude(status__in=CLOSED)
        .select_related("assessment__service", "owner_organization", "owner_user")
        .prefetch_related("assessment__service__partners")
        .distinct()
        .order_by("target_date", "pk")
    )
    sent = set(
        CommitmentReminder.objects.filter(opportunity__in=found).values_list(
            "opportunity_id", "stage", "target_date"
        )
    )
    out: list[tuple[ImprovementOpportunity, str]] = []
    for opportunity in found:
        service = opportunity.assessment.service
        still_there = {service.owner_id, *(p.pk for p in service.partners.all())}
        if opportunity.owner_organization_id not in still_there:
            continue  # an organization that left the service is told nothing more about it
        target = opportunity.target_date
        assert target is not None  # filtered above
        stage = str(Stage.OVERDUE if target < today else Stage.DUE_SOON)
        if (opportunity.pk, stage, target) not in sent:
            out.append((opportunity, stage))
    return out


def _recipients(opportunity: ImprovementOpportunity) -> list[str]:
    managers = Membership.objects.filter(
        organization=opportunity.owner_organization,
        role=Membership.Role.MANAGER,
        user__is_active=True,
    ).values_list("user__email", flat=True)
    emails = list(managers)
    if opportunity.owner_user is not None and opportunity.owner_user.is_active:
        emails.append(opportunity.owner_user.email)
    return sorted(set(emails))


def _send(opportunity: ImprovementOpportunity, stage: str, to: list[str], today: date) -> None:
    # Both official languages in one message: the platform does not know each person's.
    target, organization = opportunity.target_date, opportunity.owner_organization
    assert target is not None and organization is not None  # as due() reads them
    context = {
        "opportunity": opportunity,
        "service": opportunity.assessment.service,
        "stage": stage,
        "days": (target - today).days,
        "late": (today - target).days,
    }
    parts, subjects = [], []
    for language in ("en", "fr"):
        with translation.override(language):
            path = reverse("improvements:commitments", args=[organization.slug])
            context["link"] = settings.SITE_URL.rstrip("/") + path
            parts.append(render_to_string("improvements/email/commitment_reminder.txt", context))
            subjects.append(
                (
                    translation.gettext("Overdue: %(title)s")
                    if stage == Stage.OVERDUE
                    else translation.gettext("Due soon: %(title)s")
                )
                % {"title": opportunity.title}
            )
    # One line: a title may hold a line break, which no mail header may.
    subject = " ".join(" / ".join(subjects).split())
    send_mail(subject, "\n\n---\n\n".join(parts), settings.DEFAULT_FROM_EMAIL, to)


def send_commitment_reminders(today: date | None = None) -> int:
    """Send today's reminders; returns how many were sent."""
    today = today or timezone.localdate()
    count = 0
    for opportunity, stage in due(today):
        to = _recipients(opportunity)
        if not to:
            continue  # nobody to tell yet: tried again tomorrow
        try:
            with transaction.atomic():
                assert opportunity.target_date is not None  # as due() reads them
                CommitmentReminder.objects.create(
                    opportunity=opportunity,
                    stage=stage,
                    target_date=opportunity.target_date,
                    recipients=len(to),
                )
                _send(opportunity, stage, to, today)
        except IntegrityError:
            continue  # another run sent it meanwhile
        except OSError:
            log.warning("The reminder of opportunity %s could not be sent", opportunity.pk)
            continue
        count += 1
    return count
