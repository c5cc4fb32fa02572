"""Filters of the persona list of the API (/api/v1/personas/)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterForm, FilterSet

from .models import Persona


class PersonaFilterSet(FilterSet):
    service = django_filters.UUIDFilter(
        field_name="service__uuid", error_messages={"invalid": _("Give a valid UUID.")}
    )

    # What each parameter means, for the API's documentation.
    descriptions = {"service": "UUID of the service"}

    class Meta:
        model = Persona
        fields: list[str] = []
        form = FilterForm
