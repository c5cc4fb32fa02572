"""Filters of the opportunity list, shared by an assessment's opportunity pages (list, matrix,
roadmap, exports) and /api/v1/opportunities/."""

from collections.abc import Iterable
from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment
from catalogue.models import Attribute
from core.filters import FilterForm, FilterSet
from organizations.models import Organization
from services import queries as service_queries

from . import queries
from .models import ImprovementOpportunity, Lever


class OpportunityFilterForm(FilterForm):
    submit_label = _("Filter")


class OpportunityFilterSet(FilterSet):
    assessment = django_filters.UUIDFilter(
        field_name="assessment__uuid", error_messages={"invalid": _("Give a valid UUID.")}
    )
    lever = django_filters.ChoiceFilter(
        label=_("Lever"),
        field_name="levers__lever",
        choices=Lever.choices,
        empty_label=_("All"),
        error_messages={"invalid_choice": _("Choose skills, policy or technology.")},
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ImprovementOpportunity.Status.choices,
        empty_label=_("All"),
        error_messages={
            "invalid_choice": _("Choose proposed, planned, in_progress, done or dropped.")
        },
    )
    attribute = django_filters.ChoiceFilter(
        label=_("Attribute"), field_name="attributes__key", distinct=True, empty_label=_("All")
    )
    owner = django_filters.ChoiceFilter(
        label=_("Owner (organization)"),
        field_name="owner_organization__slug",
        empty_label=_("All"),
    )

    # What each parameter means, for the API's documentation.
    descriptions = {
        "assessment": "UUID of the assessment",
        "lever": "skills, policy or technology",
        "status": "proposed, planned, in_progress, done or dropped",
        "attribute": "Key of an attribute the opportunity improves, e.g. trust",
        "owner": "Slug of the organization that owns the opportunity",
    }

    class Meta:
        model = ImprovementOpportunity
        fields: list[str] = []
        form = OpportunityFilterForm

    def __init__(self, *args: Any, assessment: Assessment | None = None, **kwargs: Any) -> None:
        """On an assessment's pages, the assessment comes from the address and the attributes
        and owners to choose from are its own; across assessments (the API), any attribute key
        and any organization of the services the person may see."""
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        if assessment is not None:
            del self.filters["assessment"]
        self.set_choices("attribute", self._attributes)
        self.set_choices("owner", self._owners)

    def _attributes(self) -> list[tuple[str, str]]:
        if self.assessment is not None:
            attributes = self.assessment.catalogue_version.attributes.order_by("order")
            return [(a.key, str(a.name)) for a in attributes]
        keys = Attribute.objects.order_by("key").values_list("key", flat=True).distinct()
        return [(key, key) for key in keys]

    def _owners(self) -> list[tuple[str, str]]:
        organizations: Iterable[Organization]
        if self.assessment is not None:
            organizations = queries.service_organizations(self.assessment)
        else:
            organizations = service_queries.organizations_for_filter(self.user)
        return [(o.slug, str(o.name)) for o in organizations]
