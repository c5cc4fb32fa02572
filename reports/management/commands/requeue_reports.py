"""Queue again the report requests made while the broker was unreachable."""

from django.core.management.base import BaseCommand

from reports.operations import requeue_waiting


class Command(BaseCommand):
    help = "Queue again report jobs that could not reach the broker when they were requested."

    def handle(self, *args, **options):
        count = requeue_waiting()
        self.stdout.write(f"Queued {count} waiting report(s) again.")
