"""Demo data for `make run`: organizations, people, services, personas and assessments.

Safe to run again: what exists is left as it is.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from assessments import operations
from assessments.models import Assessment
from organizations.models import User
from personas.models import JourneyStage, Persona
from services.models import InventoryCode, Service

PERSONAS = [
    {
        "name": "Margaret, evacuated senior",
        "segment": "seniors",
        "age_band": "75_plus",
        "household": "Widowed, lives alone on an acreage; her daughter lives two hours away.",
        "location_type": "rural",
        "province": "BC",
        "languages": "English",
        "digital_access": "limited",
        "digital_confidence": "low",
        "accessibility_needs": "Hard of hearing on the phone.",
        "trigger": "Evacuated by a wildfire in August; her well and outbuildings burned.",
        "goals": "Get back home safely and pay for repairs without draining her savings.",
        "needs": "Someone to help her apply, paper forms, one place to ask.",
        "pain_points": "Three organizations ask for the same documents; forms only online; nobody calls back.",
        "preferred_channels": ["PERSON", "TEL"],
        "support_network": "Her daughter, the community relief society, her pharmacist.",
        "evidence_base": "validated",
        "evidence_sources": "12 interviews at reception centres; call-centre records.",
        "stages": [
            (
                "Awareness",
                "Hears about financial help from a neighbour at the reception centre.",
                "PERSON",
                "demo-municipal",
                0,
            ),
            (
                "Register",
                "Registers as an evacuee; waits in line for two hours.",
                "PERSON",
                "demo-municipal",
                -1,
            ),
            (
                "Apply",
                "Her daughter fills in the online form for her, twice, after a timeout.",
                "ONL",
                "demo-provincial",
                -2,
            ),
            (
                "Wait",
                "No news for six weeks; calls and is told to check online.",
                "TEL",
                "demo-provincial",
                -2,
            ),
            (
                "Receive",
                "A cheque arrives; relief, but less than the damage.",
                "POST",
                "demo-provincial",
                1,
            ),
        ],
    },
    {
        "name": "Ahmed, newcomer parent",
        "segment": "newcomers",
        "age_band": "35_44",
        "household": "Married, three children; renting in town.",
        "location_type": "suburban",
        "province": "BC",
        "languages": "Arabic, some English",
        "digital_access": "reliable",
        "digital_confidence": "medium",
        "trigger": "Flooding forced the family out of their apartment.",
        "goals": "Find a place to stay and replace what the children lost.",
        "pain_points": "Does not know which government does what; documents lost in the flood.",
        "preferred_channels": ["ONL", "PERSON"],
        "support_network": "Settlement agency worker, his mosque.",
        "evidence_base": "assumption",
        "stages": [
            (
                "Awareness",
                "Learns of help from the settlement agency.",
                "PERSON",
                "demo-relief-ngo",
                1,
            ),
            (
                "Apply",
                "Cannot prove his address: his lease was lost in the flood.",
                "ONL",
                "demo-provincial",
                -2,
            ),
            (
                "Receive",
                "Gets a partial payment and a referral for housing.",
                "ONL",
                "demo-provincial",
                0,
            ),
        ],
    },
]


class Command(BaseCommand):
    help = "Load demo organizations, people, services, personas and assessments."

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("load_demo_organizations", stdout=self.stdout)
        from organizations.models import Organization

        service = Service.objects.get(
            owner__slug="demo-provincial", name_en="Disaster Financial Assistance"
        )
        manager = User.objects.get(email="provincial@example.ca")
        for data in PERSONAS:
            data = dict(data)
            stages = data.pop("stages")
            channels = data.pop("preferred_channels")
            persona, created = Persona.objects.get_or_create(
                service=service, name=data["name"], defaults=data
            )
            if created:
                persona.preferred_channels.set(
                    InventoryCode.objects.in_list("channels").filter(code__in=channels)
                )
                for order, (name, actions, channel, org, sentiment) in enumerate(stages, start=1):
                    JourneyStage.objects.create(
                        persona=persona, order=order, name=name, actions=actions, channel=channel,
                        organization=Organization.objects.get(slug=org), sentiment=sentiment,
                    )  # fmt: skip
        if not Assessment.objects.filter(service=service).exists():
            first = operations.assessment_start(service=service, cycle="2025-26", user=manager)
            margaret, ahmed = (
                service.personas.order_by("name")[1],
                service.personas.order_by("name")[0],
            )
            for number, score in enumerate(first.scores.select_related("attribute")):
                operations.score_save(
                    score=score, user=manager, version=0,
                    current_level=1 + number % 3, target_level=4 if number % 2 else 3,
                    rationale="Based on interviews with evacuees and call-centre records.",
                    evidence="https://example.ca/after-action-review After-action review, 2025",
                    confidence=["low", "medium", "high"][number % 3],
                    ratings={margaret.pk: (1 + number % 3, ""), ahmed.pk: (2 + number % 3, "")},
                )  # fmt: skip
            operations.assessment_submit(assessment=first, user=manager)
            operations.assessment_complete(assessment=first, user=manager)
            current = operations.assessment_start(service=service, cycle="2026-27", user=manager)
            for score in list(current.scores.all())[:4]:
                operations.score_save(
                    score=score, user=manager, version=0, current_level=2, target_level=4,
                    rationale="Improved since the new phone line opened.",
                )  # fmt: skip
        if not service.campaigns.exists():
            _demo_feedback(service, manager)
        self.stdout.write(self.style.SUCCESS("Demo personas, assessments and feedback loaded."))


COMMENTS = [
    ("The phone line was quick, but I had to send the same papers twice.", "approved"),
    ("Staff at the reception centre were kind and patient with my mother.", "approved"),
    ("I could not find the form in French on the website.", "approved"),
    ("Call me at 250-555-0123, nobody answers my emails.", "pending"),
]


def _demo_feedback(service: Service, manager: User) -> None:
    """A campaign with enough answers for the public's rating to show on its first questions."""
    from datetime import timedelta

    from django.utils import timezone

    from catalogue.queries import latest_published
    from feedback import operations as feedback_operations
    from feedback import queries as feedback_queries
    from feedback.models import Response

    version = latest_published()
    if version is None:
        return
    questions = feedback_queries.questions_of(version)
    today = timezone.localdate()
    campaign = feedback_operations.campaign_create(
        service=service, user=manager, name="Reception centres, autumn",
        opens_on=today - timedelta(days=20), closes_on=today + timedelta(days=40),
        channels=["in_person", "online"], attributes=questions[:6], ask_segment=True,
    )  # fmt: skip
    for n in range(14):
        comment, status = COMMENTS[n] if n < len(COMMENTS) else ("", "")
        response = feedback_operations.response_submit(
            campaign=campaign, nonce=f"demo-{n}", language="fr" if n % 4 == 3 else "en",
            channel="in_person" if n % 3 else "online", satisfaction=2 + n % 4,
            got_needed=["yes", "partly", "no"][n % 3], segment=["seniors", "newcomers", ""][n % 3],
            comment=comment,
            ratings={q.pk: (None if (n + i) % 7 == 0 else 1 + (n + 2 * i) % 5) for i, q in enumerate(questions[:6])},
        )  # fmt: skip
        if status == "approved":
            feedback_operations.comment_review(response=response, user=manager, approve=True)
    Response.objects.filter(campaign=campaign).update(
        submitted_at=timezone.now() - timedelta(days=3)
    )
