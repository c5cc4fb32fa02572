"""Filters of the assessment list of the API (/api/v1/assessments/)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterForm, FilterSet

from .models import Assessment


class AssessmentFilterSet(FilterSet):
    organization = django_filters.CharFilter(field_name="service__owner__slug")
    service = django_filters.UUIDFilter(
        field_name="service__uuid", error_messages={"invalid": _("Give a valid UUID.")}
    )
    cycle = django_filters.CharFilter(field_name="cycle")
    status = django_filters.ChoiceFilter(
        choices=Assessment.Status.choices,
        error_messages={"invalid_choice": _("Choose draft, in_review or completed.")},
    )

    # What each parameter means, for the API's documentation.
    descriptions = {
        "organization": "Slug of the owner organization",
        "service": "UUID of the service",
        "cycle": "Cycle label, e.g. 2026-27",
        "status": "draft, in_review or completed",
    }

    class Meta:
        model = Assessment
        fields: list[str] = []
        form = FilterForm
