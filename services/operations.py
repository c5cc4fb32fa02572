"""Writes for services made in the interface."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import Organization

from .models import CODE_LISTS, InventoryCode, Service

TEXT_FIELDS = [
    "name_en", "name_fr", "description_en", "description_fr", "status",
    "program_name_en", "program_name_fr",
]  # fmt: skip


def codes_in_list(field: str, codes: Iterable[str], *, error_field: str) -> list[InventoryCode]:
    """The codes of the list that ``field`` (a key of CODE_LISTS) takes, in the order given.

    A code outside that list is refused with a message on ``error_field``.
    """
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes if c and c.strip()))
    if not wanted:
        return []
    found = {c.code: c for c in InventoryCode.objects.in_list(field).filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValidationError(
            {
                error_field: _("Choose from the list; these codes are not in it: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            }
        )
    return [found[code] for code in wanted]


def _apply(service: Service, data: dict) -> None:
    for name in TEXT_FIELDS:
        if name in data:
            setattr(service, name, (data[name] or "").strip())


def _codes(data: dict) -> dict[str, list[InventoryCode]]:
    """The codes given for each multi-valued field, checked against its list."""
    return {
        name: codes_in_list(name, data[name], error_field=name)
        for name in CODE_LISTS
        if name in data
    }


def _set_partners(service: Service, partners: Iterable[Organization]) -> None:
    partners = [p for p in partners if p.pk != service.owner_id]
    service.partners.set(partners)


@transaction.atomic
def service_create(
    *, owner: Organization, partners: Iterable[Organization] = (), **data: object
) -> Service:
    service = Service(owner=owner)
    _apply(service, data)
    codes = _codes(data)
    service.full_clean()
    service.save()
    for name, chosen in codes.items():
        getattr(service, name).set(chosen)
    _set_partners(service, partners)
    return service


@transaction.atomic
def service_update(
    *, service: Service, partners: Iterable[Organization] | None = None, **data: object
) -> Service:
    data.pop("owner", None)  # ownership does not move through this form
    _apply(service, data)
    codes = _codes(data)
    if "channels" in codes and {c.pk for c in codes["channels"]} != set(
        service.channels.values_list("pk", flat=True)
    ):
        service.channels_inferred = False  # a person has said which channels it has
    service.full_clean()
    service.save()
    for name, chosen in codes.items():
        getattr(service, name).set(chosen)
    if partners is not None:
        _set_partners(service, partners)
    return service
