"""Queue again the background jobs requested while the broker was unreachable (run after an outage)."""

from django.core.management.base import BaseCommand

from core.jobs import requeue_waiting


class Command(BaseCommand):
    help = "Queue again every waiting job, of every kind, that could not reach the broker."

    def handle(self, *args: object, **options: object) -> None:
        sent, waiting = requeue_waiting()
        self.stdout.write(
            f"Queued {sent} waiting job(s) again; {waiting} still wait for the broker."
        )
