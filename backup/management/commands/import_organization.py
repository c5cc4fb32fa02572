"""Import an organization exported with export_organization (restore), all or nothing."""

import json

from django.core.management.base import BaseCommand, CommandError

from backup.backup import RestoreError, import_organization


class Command(BaseCommand):
    help = "Restore an organization from a JSON document made by export_organization."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        with open(file, encoding="utf-8") as handle:
            data = json.load(handle)
        try:
            organization = import_organization(data)
        except (RestoreError, KeyError) as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        self.stdout.write(f"Restored {organization.slug}.")
