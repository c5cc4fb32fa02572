"""Merging two rows that are one organization (a department imported under its legal name and
its applied name): everything that points at the merged row moves to the one kept, and the
merged row's names become other names of the kept one, so later imports find it.

What points at an organization is read from the models' relations, so a relation added later
moves too. Two kinds of rows cannot simply be moved, as each organization may have one only:
a person's membership (the stronger role is kept) and the heat map's totals (computed again by
the assessments app when ``organization_merged`` is sent).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q

from core import audit
from core.models import AuditEvent

from .models import Membership, Organization, OrganizationAlias, User
from .names import name_key
from .signals import organization_merged

# A person who is in both keeps the stronger role.
ROLE_RANK: dict[str, int] = {
    Membership.Role.MANAGER: 3,
    Membership.Role.MEMBER: 2,
    Membership.Role.EXECUTIVE: 1,
}


@dataclass(frozen=True)
class Moving:
    label: str
    count: int


def _relations() -> Iterator[Any]:
    for relation in Organization._meta.related_objects:
        if relation.related_model is not OrganizationAlias:
            yield relation


def _rows_of(relation: Any, organization: Organization) -> models.QuerySet:
    if relation.many_to_many:
        through = relation.through._meta
        column = next(
            f.name for f in through.fields if getattr(f, "related_model", None) is Organization
        )
        return relation.through._default_manager.filter(**{column: organization})
    return relation.related_model._default_manager.filter(**{relation.field.name: organization})


def what_moves(merged: Organization) -> list[Moving]:
    """Each kind of row that would move to the kept organization, with how many."""
    found = []
    for relation in _relations():
        count = _rows_of(relation, merged).count()
        if count:
            model = relation.related_model._meta
            label = (
                f"{model.verbose_name_plural} ({relation.field.verbose_name})"
                if relation.many_to_many
                else str(model.verbose_name_plural)
            )
            found.append(Moving(label, count))
    assessment = apps.get_model("assessments", "Assessment")
    assessments = assessment._default_manager.filter(service__owner=merged).count()
    if assessments:
        found.append(Moving(str(assessment._meta.verbose_name_plural), assessments))
    return found


def _move_memberships(keep: Organization, merged: Organization) -> None:
    kept = {m.user_id: m for m in Membership.objects.filter(organization=keep)}
    for membership in Membership.objects.filter(organization=merged):
        existing = kept.get(membership.user_id)
        if existing is None:
            membership.organization = keep
            membership.save(update_fields=["organization"])
            continue
        if ROLE_RANK[membership.role] > ROLE_RANK[existing.role]:
            existing.role = membership.role
            existing.save(update_fields=["role"])
        membership.delete()


def _move_partner_links(relation: Any, keep: Organization, merged: Organization) -> None:
    through = relation.through
    columns = {
        getattr(f, "related_model", None): f.name
        for f in through._meta.fields
        if getattr(f, "related_model", None) is not None
    }
    org_column = columns[Organization]
    other_column = columns[relation.related_model]
    links = through._default_manager
    already = links.filter(**{org_column: keep}).values(other_column)
    links.filter(**{org_column: merged}).exclude(**{f"{other_column}__in": already}).update(
        **{org_column: keep}
    )
    links.filter(**{org_column: merged}).delete()


def _keep_names(keep: Organization, merged: Organization) -> None:
    """The merged row's names lead to the kept one from now on."""
    OrganizationAlias.objects.filter(organization=merged).update(organization=keep)
    own = {name_key(n) for n in (keep.slug, keep.name_en, keep.name_fr)}
    taken = set(OrganizationAlias.objects.values_list("key", flat=True))
    for name in (merged.name_en, merged.name_fr, merged.slug):
        key = name_key(name)
        if key and key not in own and key not in taken:
            OrganizationAlias.objects.create(organization=keep, name=name)
            taken.add(key)


@transaction.atomic
def merge_organizations(*, keep: Organization, merged: Organization, by: User) -> list[Moving]:
    """Move everything of ``merged`` to ``keep`` and delete ``merged``. Returns what moved."""
    if keep.pk == merged.pk:
        raise ValueError("an organization cannot be merged into itself")
    moved = what_moves(merged)
    for relation in _relations():
        model: Any = relation.related_model
        if relation.many_to_many:
            _move_partner_links(relation, keep, merged)
        elif model is Membership:
            _move_memberships(keep, merged)
        elif model._meta.label == "assessments.OrganizationSummary":
            continue  # deleted with the merged row; the kept one's are computed again
        else:
            _rows_of(relation, merged).update(**{relation.field.name: keep})
    # The kept organization is not a partner of its own services.
    service = apps.get_model("services", "Service")
    service.partners.through._default_manager.filter(
        Q(organization=keep) & Q(service__owner=keep)
    ).delete()
    _keep_names(keep, merged)
    # The merged row is deleted; its last values stay in the history.
    audit.record(
        actor=by, action=AuditEvent.Action.DELETE, instance=merged, changes=audit.deleted(merged)
    )
    merged.delete()
    organization_merged.send(sender=Organization, organization=keep)
    return moved
