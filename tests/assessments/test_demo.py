from django.core.management import call_command

from assessments.models import Assessment
from personas.models import JourneyStage, Persona


def test_demo_data_loads_personas_and_a_completed_baseline_and_runs_twice(db):
    call_command("load_demo_data", verbosity=0)
    counts = (Persona.objects.count(), JourneyStage.objects.count(), Assessment.objects.count())
    assert counts == (2, 8, 2)
    current = Assessment.objects.get(cycle="2026-27")
    assert current.baseline.cycle == "2025-26" and current.baseline.status == "completed"
    call_command("load_demo_data", verbosity=0)
    assert (
        Persona.objects.count(),
        JourneyStage.objects.count(),
        Assessment.objects.count(),
    ) == counts
