"""Queue again the background jobs that lost their worker or never reached the broker (the
scheduler runs the same every minute; run it by hand after an outage)."""

from django.core.management.base import BaseCommand

from core.jobs import requeue_waiting


class Command(BaseCommand):
    help = "Queue again every job, of every kind, whose worker died or that could not reach the broker."

    def handle(self, *args: object, **options: object) -> None:
        sent, waiting = requeue_waiting()
        self.stdout.write(
            f"Queued {sent} waiting job(s) again; {waiting} still wait for the broker."
        )
