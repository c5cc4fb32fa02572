"""Writes for services made in the interface."""

from django.db import transaction

from organizations.models import Organization

from .models import Service, codes_to_text


def _apply(service: Service, data: dict) -> None:
    for name in ("name_en", "name_fr", "description_en", "description_fr", "status",
                 "program_name_en", "program_name_fr"):  # fmt: skip
        if name in data:
            setattr(service, name, (data[name] or "").strip())
    for name in ("client_segments", "channels", "service_types"):
        if name in data:
            setattr(service, name, codes_to_text(data[name]))


def _set_partners(service: Service, partners) -> None:
    partners = [p for p in partners if p.pk != service.owner_id]
    service.partners.set(partners)


@transaction.atomic
def service_create(*, owner: Organization, partners=(), **data) -> Service:
    service = Service(owner=owner)
    _apply(service, data)
    service.full_clean()
    service.save()
    _set_partners(service, partners)
    return service


@transaction.atomic
def service_update(*, service: Service, partners=None, **data) -> Service:
    data.pop("owner", None)  # ownership does not move through this form
    _apply(service, data)
    service.full_clean()
    service.save()
    if partners is not None:
        _set_partners(service, partners)
    return service
