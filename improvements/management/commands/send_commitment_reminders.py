from typing import Any

from django.core.management.base import BaseCommand

from improvements.reminders import send_commitment_reminders


class Command(BaseCommand):
    help = (
        "Email the accountable organizations of shared services about commitments due soon "
        "or overdue; each is reminded once per stage (safe to run more than once a day)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_commitment_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
