"""Remove reports older than REPORT_RETENTION_DAYS (rows and files). Run it daily (cron)."""

from django.core.management.base import BaseCommand

from reports.operations import reports_expire


class Command(BaseCommand):
    help = "Remove expired report files and their rows, and stray report files."

    def handle(self, *args, **options):
        removed = reports_expire()
        self.stdout.write(f"Removed {removed} expired or stray report(s).")
