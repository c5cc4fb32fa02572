"""Which services and organizations the heat maps hold: their FilterSets and forms, and the one
list of query parameters each heat map reads (its filters and how it is shown)."""

from collections.abc import Mapping

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterForm, FilterSet
from organizations import access
from organizations.models import Organization
from services import queries as service_queries
from services.access import services_for_user
from services.filters import CodeFilter, CodeFilterMixin
from services.models import Service

from . import queries
from .display import ORGANIZATION_SWITCHES, Display

SWITCH_CHOICES = [
    ("current", _("Current level")),
    ("target", _("Target level")),
    ("gap", _("Gap (target − current)")),
    ("change", _("Change since the previous cycle")),
    ("public", _("The public's rating (out of 5)")),
]


def _without_nul(data: Mapping | None) -> dict[str, str] | None:
    """The query without NUL characters (PostgreSQL cannot hold them): a heat map strips them
    rather than refusing the whole page."""
    if data is None:
        return None
    return {name: str(value).replace("\x00", "") for name, value in data.items()}


class VersionsMixin:
    """The catalogue versions a heat map can show, with their attributes, read once for its
    filter and its columns."""

    _shown: queries.ShownVersions | None = None

    def catalogue_versions(self) -> queries.ShownVersions:
        if self._shown is None:
            self._shown = queries.versions()
        return self._shown

    def version_choices(self) -> list[tuple[str, str]]:
        return [
            (v.label, f"{v.label} ({v.get_status_display()})")
            for v, _attributes in self.catalogue_versions()
        ]


class HeatmapForm(FilterForm):
    """The filters, and what the cells show (a choice of display, not a filter)."""

    submit_label = _("Show")

    switch = forms.ChoiceField(label=_("Show in the cells"), choices=SWITCH_CHOICES, required=False)


class HeatmapFilterSet(VersionsMixin, CodeFilterMixin, FilterSet):
    """Services of the heat map, among those the person may see."""

    organization = django_filters.ChoiceFilter(
        label=_("Organization"), field_name="owner__slug", empty_label=_("All")
    )
    order = django_filters.ChoiceFilter(
        label=_("Order of government"),
        field_name="owner__order_of_government",
        choices=Organization.Order.choices,
        empty_label=_("All"),
    )
    segment = CodeFilter("client_segments", label=_("Client segment"))
    cycle = django_filters.ChoiceFilter(
        label=_("Cycle"), field_name="latest__cycle", empty_label=_("All")
    )
    version = django_filters.ChoiceFilter(
        label=_("Catalogue version"),
        field_name="latest__catalogue_version__label",
        empty_label=_("Latest published"),
    )

    class Meta:
        model = Service
        fields: list[str] = []
        form = HeatmapForm

    def __init__(
        self, data: Mapping | None = None, queryset: QuerySet | None = None, **kwargs
    ) -> None:
        super().__init__(_without_nul(data), queryset, **kwargs)
        self.set_choices("organization", lambda: service_queries.organization_choices(self.user))
        self.set_choices("cycle", lambda: [(c, c) for c in queries.cycles_for(self.user)])
        self.set_choices("version", self.version_choices)
        self.set_code_choices()

    def services(self) -> QuerySet:
        return self.apply(services_for_user(self.user))


class OrganizationHeatmapForm(HeatmapForm):
    switch = forms.ChoiceField(
        label=_("Show in the cells"),
        choices=[c for c in SWITCH_CHOICES if c[0] in ORGANIZATION_SWITCHES],
        required=False,
    )


class OrganizationHeatmapFilterSet(VersionsMixin, FilterSet):
    """Organizations of the heat map, among those the person belongs to."""

    order = django_filters.ChoiceFilter(
        label=_("Order of government"),
        field_name="order_of_government",
        choices=Organization.Order.choices,
        empty_label=_("All"),
    )
    version = django_filters.ChoiceFilter(
        label=_("Catalogue version"), method="columns", empty_label=_("Latest published")
    )

    class Meta:
        model = Organization
        fields: list[str] = []
        form = OrganizationHeatmapForm

    def __init__(
        self, data: Mapping | None = None, queryset: QuerySet | None = None, **kwargs
    ) -> None:
        super().__init__(_without_nul(data), queryset, **kwargs)
        self.set_choices("version", self.version_choices)

    def columns(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The version chooses the columns; every organization stays."""
        return queryset

    def organizations(self) -> QuerySet:
        return self.apply(access.organizations_for_user(self.user))


# The query parameters each heat map reads, for its page cache and its PDF.
SERVICE_PARAMS = (*HeatmapFilterSet.base_filters, *Display.PARAMS)
PDF_PARAMS = tuple(name for name in SERVICE_PARAMS if name != "page")
