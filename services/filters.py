"""Filters of the service list, shared by the services page and /api/v1/services/."""

from collections.abc import Callable
from functools import partial
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterForm, FilterSet, once

from . import queries
from .models import CODE_LISTS, Service


class CodeFilter(django_filters.ChoiceFilter):
    """Services having one code of a multi-valued field: that exact code, never a code that
    merely contains it. Its choices are the field's code list (see CodeFilterMixin)."""

    def __init__(self, relation: str, *args: Any, **kwargs: Any) -> None:
        assert relation in CODE_LISTS, relation
        self.relation = relation
        kwargs.setdefault("empty_label", _("All"))
        super().__init__(*args, field_name=f"{relation}__code", **kwargs)


def _code_choices(labels: Callable[[], queries.Labels], relation: str) -> list[tuple[str, str]]:
    return queries.choices_for(labels(), relation)


class CodeFilterMixin(FilterSet):
    """Gives each CodeFilter of a FilterSet its code list, all read by one query."""

    def set_code_choices(self) -> None:
        self.code_labels = labels = once(queries.code_labels)
        for name, filter_ in self.filters.items():
            if isinstance(filter_, CodeFilter):
                self.set_choices(name, partial(_code_choices, labels, filter_.relation))


class ServiceFilterForm(FilterForm):
    submit_label = _("Search")


class ServiceFilterSet(CodeFilterMixin, FilterSet):
    q = django_filters.CharFilter(
        label=_("Search by name or inventory ID"), method="search", max_length=200
    )
    organization = django_filters.ChoiceFilter(
        label=_("Organization"), method="owner_or_partner", empty_label=_("All")
    )
    segment = CodeFilter("client_segments", label=_("Client segment"))
    type = CodeFilter("service_types", label=_("Service type"))

    # What each parameter means, for the API's documentation.
    descriptions = {
        "q": "Part of the service's name (English or French), or its inventory ID",
        "organization": "Slug of the owner organization or of a partner organization",
        "segment": "Code of a client segment (an exact code of the inventory's list, e.g. PERSON)",
        "type": "Code of a service type (an exact code of the inventory's list, e.g. GNC)",
    }

    class Meta:
        model = Service
        fields: list[str] = []
        form = ServiceFilterForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(
            "organization",
            lambda: queries.organization_choices(self.user),
        )
        self.set_code_choices()

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name_en__icontains=value)
            | Q(name_fr__icontains=value)
            | Q(inventory_id__iexact=value)
        )

    def owner_or_partner(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(owner__slug=value) | Q(partners__slug=value)).distinct()
