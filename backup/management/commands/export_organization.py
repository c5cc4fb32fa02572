"""Export one organization's data to a JSON file (backup)."""

import json

from django.core.management.base import BaseCommand, CommandError

from backup.backup import export_organization
from organizations.models import Organization


class Command(BaseCommand):
    help = "Export an organization's services, personas, assessments and opportunities to JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the organization's short name")
        parser.add_argument("file", help="where to write the JSON document")

    def handle(self, *args, slug, file, **options):
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            raise CommandError(f"No organization has the short name {slug!r}.")
        data = export_organization(organization)
        with open(file, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2, sort_keys=True, default=str)
        kinds = [item["model"] for item in data["objects"]]
        self.stdout.write(
            f"Exported {kinds.count('services.service')} service(s) and "
            f"{kinds.count('assessments.assessment')} assessment(s) to {file}."
        )
