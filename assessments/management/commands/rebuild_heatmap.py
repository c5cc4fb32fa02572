"""Rebuild the heat map's pointers and organization totals from the completed assessments."""

from django.core.management.base import BaseCommand
from django.db import transaction

from assessments.models import Assessment
from assessments.operations import refresh_latest, refresh_summary
from services.models import Service


class Command(BaseCommand):
    help = "Recompute each service's latest completed assessments and the organization totals."

    @transaction.atomic
    def handle(self, *args, **options):
        services = Service.objects.filter(
            assessments__status=Assessment.Status.COMPLETED
        ).distinct()
        owners = set()
        for service in services:
            refresh_latest(service)
            owners.add(service.owner_id)
        for owner in owners:
            refresh_summary(owner)
        self.stdout.write(
            f"Rebuilt {services.count()} service(s) and {len(owners)} organization(s)."
        )
