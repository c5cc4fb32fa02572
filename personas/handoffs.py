"""Hand-offs: where a persona's journey passes from one organization to another.

A hand-off is a change of the organization responsible between two stages that follow each
other, both naming one. A stage that names no organization is not guessed at: it makes no
hand-off, and the count says how many stages name none.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch

from services.models import Service

from .models import JourneyStage, Persona


@dataclass(frozen=True)
class HandOff:
    before: JourneyStage
    after: JourneyStage

    @property
    def change(self) -> int:
        """How the person's feeling moves across the hand-off (negative: it drops)."""
        return self.after.sentiment - self.before.sentiment

    @property
    def drops(self) -> bool:
        return self.change < 0


@dataclass(frozen=True)
class HandOffs:
    """The hand-offs of one journey."""

    items: list[HandOff]
    unassigned: int  # stages that name no organization

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    @property
    def drops(self) -> int:
        return sum(1 for h in self.items if h.drops)

    def before(self, stage: JourneyStage) -> HandOff | None:
        """The hand-off that leads into ``stage``, if one does."""
        return next((h for h in self.items if h.after.pk == stage.pk), None)


def handoffs_of(stages: Sequence[JourneyStage]) -> HandOffs:
    """The hand-offs of one journey, from its stages in order."""
    found = [
        HandOff(before, after)
        for before, after in zip(stages, stages[1:], strict=False)
        if before.organization_id
        and after.organization_id
        and before.organization_id != after.organization_id
    ]
    return HandOffs(found, unassigned=sum(1 for s in stages if not s.organization_id))


def handoffs_by_persona(personas: Iterable[Persona]) -> dict[int, HandOffs]:
    """{persona id: its hand-offs}, from stages already read with the personas
    (``prefetch_related("stages")`` in order)."""
    return {p.pk: handoffs_of(list(p.stages.all())) for p in personas}


def service_handoffs(service: Service) -> list[tuple[Persona, HandOffs]]:
    """Each active persona of the service with its hand-offs, the organizations named (two
    queries)."""
    personas = (
        service.personas.filter(archived_at__isnull=True)
        .order_by("name", "pk")
        .prefetch_related(
            Prefetch(
                "stages",
                queryset=JourneyStage.objects.select_related("organization").order_by(
                    "order", "pk"
                ),
            )
        )
    )
    return [(p, handoffs_of(list(p.stages.all()))) for p in personas]
