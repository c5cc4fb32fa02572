"""Step 3 pages: opportunities, the priority matrix, the roadmap, exports."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments.access import assessment_for_user
from assessments.models import Assessment
from core.exports import spreadsheet_response
from core.forms import apply_errors
from organizations import access
from organizations.access import organization_for_user

from . import accountability, exports, operations, queries
from .access import opportunity_for_user
from .charts import matrix_svg
from .filters import OpportunityFilterSet
from .forms import OpportunityForm
from .models import ImprovementOpportunity


def _filtered(
    request: HttpRequest, assessment: Assessment, *, contributors: bool = False
) -> tuple[forms.Form, list[ImprovementOpportunity], bool]:
    filters = OpportunityFilterSet(request.GET or None, request=request, assessment=assessment)
    items = queries.opportunity_list(assessment, filters=filters, contributors=contributors)
    return filters.form, items, filters.is_filtered()


def opportunity_list(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid)
    form, items, filtered = _filtered(request, assessment)
    everything = items if not filtered else queries.opportunity_list(assessment)
    query = request.GET.urlencode()
    return render(
        request,
        "improvements/opportunity_list.html",
        {
            "assessment": assessment,
            "service": assessment.service,
            "form": form,
            "opportunities": items,
            "filtered": filtered,
            "mix": queries.lever_mix(everything),
            "suggestions": queries.suggestions(assessment, everything),
            "can_write": assessment.user_access >= access.Access.WRITE,
            "query": query,
        },
    )


def opportunity_create(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid, need=access.Access.WRITE)
    form = OpportunityForm.for_assessment(
        assessment,
        request.POST if request.method == "POST" else None,
        initial=OpportunityForm.initial_for_new(request.GET),
    )
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = operations.opportunity_create(
                assessment=assessment, user=request.user, **form.operation_fields()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The opportunity “%(title)s” was added.") % {"title": opportunity.title}
            )
            return redirect("improvements:list", uuid=assessment.uuid)
    return render(
        request,
        "improvements/opportunity_form.html",
        {
            "assessment": assessment,
            "service": assessment.service,
            "form": form,
            "title": _("New improvement opportunity"),
        },
    )


def opportunity_edit(request, uuid):
    opportunity = opportunity_for_user(user=request.user, uuid=uuid, need=access.Access.WRITE)
    assessment = opportunity.assessment
    form = OpportunityForm.for_assessment(
        assessment,
        request.POST if request.method == "POST" else None,
        initial=OpportunityForm.initial_of(opportunity),
    )
    if request.method == "POST" and form.is_valid():
        try:
            operations.opportunity_update(
                opportunity=opportunity, user=request.user, **form.operation_fields()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The opportunity was saved."))
            return redirect("improvements:list", uuid=assessment.uuid)
    return render(
        request,
        "improvements/opportunity_form.html",
        {
            "assessment": assessment,
            "service": assessment.service,
            "form": form,
            "opportunity": opportunity,
            "title": _("Edit “%(title)s”") % {"title": opportunity.title},
        },
    )


def opportunity_delete(request, uuid):
    opportunity = opportunity_for_user(user=request.user, uuid=uuid, need=access.Access.WRITE)
    assessment = opportunity.assessment
    if request.method == "POST":
        operations.opportunity_delete(opportunity=opportunity, user=request.user)
        messages.success(
            request, _("The opportunity “%(title)s” was deleted.") % {"title": opportunity.title}
        )
        return redirect("improvements:list", uuid=assessment.uuid)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Delete “%(title)s”?") % {"title": opportunity.title},
            "message": _(
                "The opportunity is deleted for good. To keep its history, set its status to Dropped instead."
            ),
            "button": _("Delete the opportunity"),
            "cancel_url": reverse("improvements:list", args=[assessment.uuid]),
        },
    )


def opportunity_matrix(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid)
    form, items, filtered = _filtered(request, assessment)
    return render(
        request,
        "improvements/opportunity_matrix.html",
        {
            "assessment": assessment,
            "service": assessment.service,
            "form": form,
            "opportunities": items,
            "filtered": filtered,
            "chart": matrix_svg(items, chart_id=f"matrix-{assessment.uuid}"),
        },
    )


def opportunity_roadmap(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid)
    form, items, filtered = _filtered(request, assessment)
    quarters, undated = queries.roadmap(items)
    return render(
        request,
        "improvements/opportunity_roadmap.html",
        {
            "assessment": assessment,
            "service": assessment.service,
            "form": form,
            "filtered": filtered,
            "quarters": quarters,
            "undated": undated,
            "count": len(items),
        },
    )


def opportunity_export(request, uuid, fmt):
    assessment = assessment_for_user(user=request.user, uuid=uuid)
    _form_, items, _filtered_ = _filtered(request, assessment, contributors=True)
    name = (
        slugify(f"{assessment.service.name_en} {assessment.cycle} opportunities")[:80]
        or "opportunities"
    )
    return spreadsheet_response(exports.rows(items), fmt=fmt, title=_("Opportunities"), name=name)


def commitments(request, slug):
    """An organization's commitments on shared services, for its own people (and staff)."""
    organization = organization_for_user(user=request.user, slug=slug)
    found = accountability.commitments_of(organization, request.user)
    return render(
        request,
        "improvements/commitments.html",
        {
            "organization": organization,
            "commitments": found,
            "overdue": sum(1 for c in found if c.overdue),
        },
    )


def commitments_export(request, slug, fmt):
    organization = organization_for_user(user=request.user, slug=slug)
    rows = accountability.commitment_rows(accountability.commitments_of(organization, request.user))
    return spreadsheet_response(
        rows, fmt=fmt, title=_("Commitments"), name=f"{organization.slug}-commitments"
    )
