"""Reminders of commitments on shared services: once per commitment and stage, to the
accountable organization's managers and the owner, in both languages."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from improvements import operations as ops
from improvements.models import CommitmentReminder
from improvements.reminders import send_commitment_reminders
from tests.factories import MembershipFactory, ServiceFactory

TODAY = timezone.localdate()


@pytest.fixture
def partner_manager_mail(partner_org):
    return MembershipFactory(organization=partner_org, role="manager").user.email


def _commitment(assessment, user, organization, days, status="planned", title="Shared visits"):
    return ops.opportunity_create(
        assessment=assessment, user=user, title=title, levers=["policy"], impact=3, effort=3,
        owner_organization=organization, status=status, target_date=TODAY + timedelta(days=days),
    )  # fmt: skip


def test_a_commitment_due_within_14_days_is_reminded_once(
    assessment, manager, partner_org, partner_manager_mail
):
    _commitment(assessment, manager, partner_org, days=14)
    _commitment(assessment, manager, partner_org, days=15, title="Later")
    assert send_commitment_reminders() == 1
    assert send_commitment_reminders() == 0  # the second run of the day
    call_command("send_commitment_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [partner_manager_mail]
    assert message.subject == "Due soon: Shared visits / Échéance proche : Shared visits"
    assert "is due in 14 days. Partner City is accountable for it." in message.body
    assert "arrive à échéance dans 14 jours" in message.body
    assert f"/en/organizations/{partner_org.slug}/commitments/" in message.body


def test_overdue_is_a_stage_of_its_own_and_a_new_date_a_new_commitment(
    assessment, manager, partner_org, partner_manager_mail
):
    commitment = _commitment(assessment, manager, partner_org, days=3)
    assert send_commitment_reminders() == 1
    assert send_commitment_reminders(today=TODAY + timedelta(days=4)) == 1  # now overdue
    assert send_commitment_reminders(today=TODAY + timedelta(days=5)) == 0
    assert "was due 1 day ago" in mail.outbox[-1].body
    ops.opportunity_update(
        opportunity=commitment, user=manager, target_date=TODAY + timedelta(days=10)
    )
    assert send_commitment_reminders() == 1
    assert CommitmentReminder.objects.count() == 3


def test_no_reminder_for_closed_unshared_or_unassigned_commitments(
    assessment, manager, org, partner_org, partner_manager_mail
):
    from assessments import operations as assessment_operations

    _commitment(assessment, manager, partner_org, days=2, status="done")
    _commitment(assessment, manager, None, days=2)
    alone = ServiceFactory(owner=org, name_en="Solo")
    solo = assessment_operations.assessment_start(service=alone, cycle="2026-27", user=manager)
    _commitment(solo, manager, org, days=2)
    assert send_commitment_reminders() == 0 and mail.outbox == []


def test_the_owner_is_told_too_and_nobody_twice(assessment, manager, org, partner_org):
    ops.opportunity_create(
        assessment=assessment, user=manager, title="Ours", levers=["policy"], impact=3, effort=3,
        owner_organization=org, owner_user=manager, target_date=TODAY,
    )  # fmt: skip
    assert send_commitment_reminders() == 1
    assert mail.outbox[0].to == [manager.email]  # a manager and the owner: one address


def test_the_scheduler_runs_it_daily(settings):
    tasks = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks["improvements.send_commitment_reminders"] == 24 * 60 * 60.0


def test_a_title_with_a_line_break_is_reminded_on_one_line(
    assessment, manager, partner_org, partner_manager_mail
):
    _commitment(assessment, manager, partner_org, days=5, title="Fix\nthe forms")
    assert send_commitment_reminders() == 1
    assert mail.outbox[0].subject.startswith("Due soon: Fix the forms / ")


def test_an_organization_that_left_the_service_is_told_nothing_more(
    assessment, manager, org, partner_org, partner_manager_mail, service
):
    _commitment(assessment, manager, partner_org, days=5)
    from tests.factories import OrganizationFactory

    service.partners.set([OrganizationFactory(name_en="Another partner")])
    assert send_commitment_reminders() == 0 and mail.outbox == []
