"""Load demo organizations and one demo user per role. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from organizations.models import Membership, Organization, User
from services.models import CODE_LISTS, Service
from services.operations import codes_in_list

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
    {
        "slug": "demo-relief-ngo",
        "name_en": "Demo Community Relief Society",
        "name_fr": "Société de secours communautaire de démonstration",
        "order_of_government": Organization.Order.OTHER,
        "province": "BC",
    },
]

SERVICES = [
    {
        "owner": "demo-provincial",
        "partners": ["demo-federal", "demo-municipal", "demo-relief-ngo"],
        "name_en": "Disaster Financial Assistance",
        "name_fr": "Aide financière en cas de catastrophe",
        "description_en": "Financial help for people whose homes were damaged by wildfire or flood, "
        "delivered by the province with federal cost-sharing, municipal damage assessment "
        "and a community relief society helping people apply.",
        "description_fr": "Aide financière aux personnes dont la maison a été endommagée par un feu "
        "de forêt ou une inondation, offerte par la province avec un partage des coûts fédéral, "
        "l’évaluation des dommages par la municipalité et l’aide d’une société de secours.",
        "client_segments": ["PERSON", "NGO"],
        "channels": ["ONL", "TEL", "PERSON", "POST"],
        "service_types": ["GNC"],
    },
    {
        "owner": "demo-municipal",
        "partners": ["demo-provincial", "demo-relief-ngo"],
        "name_en": "Evacuee Registration and Reception",
        "name_fr": "Inscription et accueil des personnes évacuées",
        "description_en": "Registration of evacuated residents at reception centres, with "
        "lodging, food and clothing referrals.",
        "description_fr": "Inscription des résidents évacués aux centres d’accueil, avec "
        "orientation vers l’hébergement, la nourriture et les vêtements.",
        "client_segments": ["PERSON"],
        "channels": ["PERSON", "TEL", "ONL"],
        "service_types": ["RES", "INFO"],
    },
    {
        "owner": "demo-federal",
        "partners": [],
        "name_en": "Old Age Security Pension",
        "name_fr": "Pension de la Sécurité de la vieillesse",
        "description_en": "A monthly payment for people aged 65 and older.",
        "description_fr": "Un paiement mensuel pour les personnes de 65 ans et plus.",
        "client_segments": ["PERSON"],
        "channels": ["ONL", "TEL", "POST", "PERSON"],
        "service_types": ["GNC"],
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
    help = "Load demo organizations, users (one per role) and services."

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
        for data in SERVICES:
            data = dict(data)
            partners = [organizations[slug] for slug in data.pop("partners")]
            owner = organizations[data.pop("owner")]
            codes = {name: data.pop(name) for name in CODE_LISTS if name in data}
            service, _ = Service.objects.update_or_create(
                owner=owner, name_en=data["name_en"], defaults=data
            )
            service.partners.set(partners)
            for name, chosen in codes.items():
                getattr(service, name).set(codes_in_list(name, chosen, error_field=name))
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with any of:"))
        for email, _name, staff, roles in USERS:
            what = (
                "ICCS administrator" if staff else ", ".join(f"{r.label} of {s}" for s, r in roles)
            )
            self.stdout.write(f"  {email:<24} {what}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
