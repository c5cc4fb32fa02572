"""Who may read or write a service: its owner's and its partners' people (organizations.access).

Reading and content writing count the owner and the partners; managing (editing the service,
starting and completing assessments) belongs to the owner's service managers. Anyone else gets
a 404. Inventory imports are ICCS staff's only.
"""

import functools
from typing import TypeVar
from uuid import UUID

from django.db import connection
from django.db.models import ForeignKey, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from core.access import require_staff, the_one
from organizations.access import ROLE_ACCESS, Access, Person, memberships_of, require
from organizations.models import Membership

from .models import InventoryImport, Service

M = TypeVar("M", bound=Model)


def services_for_user(user: Person, need: Access = Access.READ) -> QuerySet[Service]:
    """Services the user may read (or write): their organizations' own and those they partner on."""
    if not user.is_authenticated:
        return Service.objects.none()
    if user.is_staff:
        return Service.objects.all()
    ids = _organizations_of(user, need)
    shared = Service.partners.through.objects.filter(organization_id__in=ids).values("service_id")
    return Service.objects.filter(Q(owner_id__in=ids) | Q(pk__in=shared))


def _organizations_of(user: Person, need: Access = Access.READ) -> list[int]:
    """The organizations whose services (owned or partnered on) the user may read or write."""
    enough = min(need, Access.WRITE)
    return [org for org, role in memberships_of(user) if ROLE_ACCESS[role] >= enough]


@functools.cache
def _sharing_sql(count: int) -> str:
    """The ids of the organizations that own or partner on a service readable through
    ``count`` organizations, which it takes four times as parameters: the rule of
    services_for_user, written once per count (composing it through the ORM's subqueries
    cost more than running it)."""
    service, partners = Service._meta, Service.partners.through._meta
    marks = ", ".join(["%s"] * count)
    sid, owner = _quoted("s", service.pk.column), _quoted("s", service.get_field("owner").column)
    p_service = connection.ops.quote_name(partners.get_field("service").column)
    p_org = connection.ops.quote_name(partners.get_field("organization").column)
    visible = (
        f"SELECT {sid} FROM {_quoted(service.db_table)} s WHERE {owner} IN ({marks}) "  # noqa: S608
        f"OR {sid} IN (SELECT p.{p_service} FROM {_quoted(partners.db_table)} p "
        f"WHERE p.{p_org} IN ({marks}))"
    )
    # Only quoted names from the models are written into the SQL; every id is a parameter.
    return (
        f"SELECT {owner} FROM {_quoted(service.db_table)} s WHERE {sid} IN ({visible}) "  # noqa: S608
        f"UNION SELECT q.{p_org} FROM {_quoted(partners.db_table)} q "
        f"WHERE q.{p_service} IN ({visible})"
    )


def sharing_organizations(user: Person) -> RawSQL | list[int] | None:
    """For a filter on organizations' ids: those that own or partner on a service the user
    may read (None for staff, who read every service; none for a person of no organization)."""
    if user.is_staff:
        return None
    ids = _organizations_of(user) if user.is_authenticated else []
    if not ids:
        return []
    return RawSQL(_sharing_sql(len(ids)), ids * 4)  # noqa: S611


def _granted(owner_rank: int | None, partner_rank: int | None) -> Access | None:
    """The access of a person whose strongest role in the owner and in the partners ranks so:
    a partner's manager writes, as a member does; managing is the owner's alone."""
    ranks = [owner_rank or 0, min(partner_rank or 0, Access.WRITE)]
    best = max(ranks)
    return Access(best) if best else None


def service_access(user: Person, service: Service) -> Access | None:
    """Reading and content writing count the owner and the partners; managing, the owner only.

    One query: the user's memberships in the owner and partner organizations.
    """
    if not user.is_authenticated:
        return None
    if user.is_staff:
        return Access.MANAGE
    memberships = Membership.objects.filter(user=user).filter(
        Q(organization_id=service.owner_id) | Q(organization__partner_services=service)
    )
    owner_rank = partner_rank = 0
    for organization_id, role in memberships.values_list("organization_id", "role"):
        if organization_id == service.owner_id:
            owner_rank = max(owner_rank, ROLE_ACCESS[role])
        else:
            partner_rank = max(partner_rank, ROLE_ACCESS[role])
    return _granted(owner_rank, partner_rank)


def _quoted(*names: str) -> str:
    return ".".join(connection.ops.quote_name(name) for name in names)


@functools.cache
def _rank_subqueries() -> tuple[str, str, list[object]]:
    """The SQL of the person's strongest role in a service's owner, and in its partners, for
    ``{service}`` (the outer query's column holding the service id) and one parameter (the
    person), with the parameters of the ranking after it. Written once: built through
    the ORM's subqueries, this access read cost more to compose than to run."""
    membership = Membership._meta
    rank = "CASE m.{role} {whens} END".format(
        role=connection.ops.quote_name(membership.get_field("role").column),
        whens=" ".join("WHEN %s THEN %s" for _ in ROLE_ACCESS),
    )
    ranking: list[object] = [
        v for role, granted in ROLE_ACCESS.items() for v in (role, int(granted))
    ]
    user = _quoted("m", membership.get_field("user").column)
    organization = _quoted("m", membership.get_field("organization").column)
    service = Service._meta
    partners = Service.partners.through._meta
    # Only quoted names from the models are written into the SQL; every value is a parameter.
    owner = (
        f"SELECT MAX({rank}) FROM {_quoted(membership.db_table)} m"  # noqa: S608
        f" JOIN {_quoted(service.db_table)} s"
        f" ON {_quoted('s', service.get_field('owner').column)} = {organization}"
        f" WHERE {_quoted('s', service.pk.column)} = {{service}} AND {user} = %s"
    )
    partner = (
        f"SELECT MAX({rank}) FROM {_quoted(membership.db_table)} m"  # noqa: S608
        f" JOIN {_quoted(partners.db_table)} p"
        f" ON {_quoted('p', partners.get_field('organization').column)} = {organization}"
        f" WHERE {_quoted('p', partners.get_field('service').column)} = {{service}}"
        f" AND {user} = %s"
    )
    return owner, partner, ranking


def _service_column(model: type[Model], path: str) -> str:
    """The quoted column holding the service id of a row of ``model`` reached by ``path``
    (``persona__service``): the last foreign key's column, in the table it belongs to, which
    the query joins under its own name (``select_related`` along the same path)."""
    if not path:
        return _quoted(model._meta.db_table, model._meta.pk.column)
    *through, last = path.split("__")
    for name in through:
        model = model._meta.get_field(name).related_model  # type: ignore[assignment]
    key = model._meta.get_field(last)
    assert isinstance(key, ForeignKey), f"{path} does not end on a foreign key"
    return _quoted(model._meta.db_table, key.column)


def with_service_access(queryset: QuerySet[M], user: Person, service: str = "") -> QuerySet[M]:
    """``queryset`` with the user's strongest role in the owner and in the partners of each
    row's service (``service`` is the path to it, empty for services themselves, and the
    queryset joins it with ``select_related``), read in the same query as the rows;
    ``access_of(row)`` turns them into what the user may do."""
    if not user.is_authenticated or user.is_staff:
        return queryset
    owner, partner, ranking = _rank_subqueries()
    column = _service_column(queryset.model, service)
    return queryset.annotate(
        # The SQL holds only quoted names from the models; the person and roles are parameters.
        access_owner_rank=RawSQL(owner.format(service=column), [*ranking, user.pk]),  # noqa: S611
        access_partner_rank=RawSQL(partner.format(service=column), [*ranking, user.pk]),  # noqa: S611
    )


def access_of(row: Model, user: Person) -> Access | None:
    """What the user may do with a row read through ``with_service_access``."""
    if not user.is_authenticated:
        return None
    if user.is_staff:
        return Access.MANAGE
    return _granted(row.access_owner_rank, row.access_partner_rank)  # type: ignore[attr-defined]


def service_for_user(*, user: Person, uuid: UUID | str, need: Access = Access.READ) -> Service:
    found = Service.objects.select_related("owner").filter(uuid=uuid)
    service = the_one(with_service_access(found, user))
    if service is None:
        raise Http404
    service.user_access = access_of(service, user)
    require(service.user_access, need)
    return service


def inventory_import_for_user(*, user: Person, uuid: UUID | str) -> InventoryImport:
    """Inventory imports are ICCS staff's only."""
    require_staff(user)
    job = the_one(InventoryImport.objects.filter(uuid=uuid))
    if job is None:
        raise Http404
    return job
