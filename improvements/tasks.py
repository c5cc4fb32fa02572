from celery import shared_task

from .reminders import send_commitment_reminders as send


@shared_task(name="improvements.send_commitment_reminders")
def send_commitment_reminders() -> int:
    """Run daily by the scheduler: each commitment due soon or overdue is reminded once."""
    return send()
