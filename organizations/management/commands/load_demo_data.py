"""Load demo organizations and one demo user per role. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from organizations.models import Membership, Organization, User

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published demo credentials, local only

ORGANIZATIONS = [
    {
        "slug": "demo-federal",
        "name_en": "Demo Federal Department",
        "name_fr": "Ministère fédéral de démonstration",
        "order_of_government": Organization.Order.FEDERAL,
        "province": "",
    },
    {
        "slug": "demo-provincial",
        "name_en": "Demo Provincial Ministry of Emergency Management",
        "name_fr": "Ministère provincial de démonstration de la gestion des urgences",
        "order_of_government": Organization.Order.PROVINCIAL,
        "province": "BC",
    },
    {
        "slug": "demo-municipal",
        "name_en": "Demo City of Riverside",
        "name_fr": "Ville de démonstration de Riverside",
        "order_of_government": Organization.Order.MUNICIPAL,
        "province": "BC",
    },
]

USERS = [
    ("admin@example.ca", "Ada Administrator", True, []),
    ("manager@example.ca", "Maya Manager", False, [("demo-federal", Membership.Role.MANAGER)]),
    ("member@example.ca", "Tom Teammember", False, [("demo-federal", Membership.Role.MEMBER)]),
    ("executive@example.ca", "Eve Executive", False, [("demo-federal", Membership.Role.EXECUTIVE)]),
    (
        "provincial@example.ca",
        "Paul Provincial",
        False,
        [("demo-provincial", Membership.Role.MANAGER)],
    ),
    (
        "municipal@example.ca",
        "Mina Municipal",
        False,
        [("demo-municipal", Membership.Role.MANAGER)],
    ),
]


class Command(BaseCommand):
    help = "Load demo organizations and demo users (one per role)."

    @transaction.atomic
    def handle(self, *args, **options):
        organizations = {}
        for data in ORGANIZATIONS:
            org, _ = Organization.objects.update_or_create(slug=data["slug"], defaults=data)
            organizations[org.slug] = org
        for email, name, staff, roles in USERS:
            user, created = User.objects.get_or_create(
                email=email, defaults={"full_name": name, "is_staff": staff, "is_superuser": staff}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            for slug, role in roles:
                Membership.objects.update_or_create(
                    user=user, organization=organizations[slug], defaults={"role": role}
                )
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with any of:"))
        for email, _name, staff, roles in USERS:
            what = (
                "ICCS administrator" if staff else ", ".join(f"{r.label} of {s}" for s, r in roles)
            )
            self.stdout.write(f"  {email:<24} {what}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
