"""Service pages: list, detail, create and edit; and the staff inventory import."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import require_staff
from core.bilingual import localized_order
from core.forms import apply_errors
from organizations import access
from organizations.queries import memberships_of_user

from . import operations as service_operations
from . import queries, tables
from .access import inventory_import_for_user, service_for_user, services_for_user
from .filters import ServiceFilterSet
from .forms import InventoryUploadForm, ServiceForm
from .inventory_jobs import (
    inventory_import_cancel,
    inventory_import_confirm,
    inventory_import_request,
)
from .models import InventoryImport

PAGE_SIZE = 50
HOME_SERVICES = 10


def home(request):
    memberships = memberships_of_user(request.user)
    services = (
        services_for_user(request.user)
        .select_related("owner")
        .order_by(localized_order("name"), "pk")[:HOME_SERVICES]
    )
    context = {"memberships": memberships, "services": services}
    if request.user.is_staff:
        context["platform"] = queries.platform_overview()
    return render(request, "home.html", context)


def service_list(request: HttpRequest) -> HttpResponse:
    filters = ServiceFilterSet(request.GET or None, request=request)
    services = queries.service_list(request.user, filters=filters)
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    codes = queries.codes_of_services([s.pk for s in shown], ("client_segments", "service_types"))
    labels = filters.code_labels()  # the filter's code lists, read once for both
    rows = [
        {
            "service": service,
            "segments": queries.label_codes(
                labels, "client_segments", codes[service.pk]["client_segments"]
            ),
            "types": queries.label_codes(
                labels, "service_types", codes[service.pk]["service_types"]
            ),
        }
        for service in shown
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "services/service_list.html",
        {
            "form": filters.form,
            "page": page,
            "rows": rows,
            "table_rows": tables.service_rows(rows),
            "filtered": filters.is_filtered(),
            "query_string": query.urlencode(),
            "can_create": access.manages_an_organization(request.user),
        },
    )


def service_detail(request, uuid):
    service = service_for_user(user=request.user, uuid=uuid)
    detail = queries.service_detail(service)
    return render(
        request,
        "services/service_detail.html",
        {
            "service": service,
            "partners": detail.partners,
            "years": detail.years,
            "standards": detail.standards,
            "segments": detail.codes["client_segments"],
            "types": detail.codes["service_types"],
            "channels": detail.codes["channels"],
            "scope": detail.codes["service_scope"],
            "can_manage": service.user_access >= access.Access.MANAGE,
        },
    )


def service_create(request):
    owners = access.organizations_user_manages(request.user).order_by(localized_order("name"))
    if not owners.exists():
        raise Http404
    form = ServiceForm.for_new(request.POST if request.method == "POST" else None, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            service = service_operations.service_create(**form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The service %(name)s was created.") % {"name": service.name}
            )
            return redirect("services:detail", uuid=service.uuid)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("New service"),
            "intro": _(
                "Describe the service as the people who use it would recognise it. "
                "Add partner organizations when several governments or NGOs deliver it together."
            ),
            "back_url": reverse("services:list"),
            "back_label": _("Back to the services"),
        },
    )


def service_edit(request, uuid):
    service = service_for_user(user=request.user, uuid=uuid, need=access.Access.MANAGE)
    form = ServiceForm.for_service(
        request.POST if request.method == "POST" else None, service=service
    )
    if request.method == "POST" and form.is_valid():
        try:
            service_operations.service_update(service=service, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The service was saved."))
            return redirect("services:detail", uuid=service.uuid)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": service.name},
            "back_url": reverse("services:detail", args=[service.uuid]),
            "back_label": _("Back to the service"),
        },
    )


def inventory_import(request):
    require_staff(request.user)
    form = InventoryUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        job = inventory_import_request(
            user=request.user,
            files={
                name: form.cleaned_data.get(name)
                for name in ("services_file", "standards_file", "choices_file")
            },
        )
        return redirect("services:inventory_import_status", uuid=job.uuid)
    return render(
        request,
        "services/inventory_import.html",
        {"form": form, "imports": InventoryImport.objects.select_related("requested_by")[:10]},
    )


def inventory_import_status(request: HttpRequest, uuid: UUID) -> HttpResponse:
    job = inventory_import_for_user(user=request.user, uuid=uuid)
    return render(
        request,
        "services/inventory_import_status.html",
        {
            "job": job,
            "rows": _change_rows(job.summary if job.step == job.Step.IMPORT else job.preview),
        },
    )


def _change_rows(summary: dict) -> list[tuple[str, int, int | None]]:
    """(what, created, updated) for the table of an import's or a preview's changes."""
    kinds = [
        ("organizations", _("Organizations")),
        ("services", _("Services")),
        ("service_years", _("Yearly volumes")),
        ("standards", _("Service standards")),
        ("results", _("Yearly results of standards")),
        ("codes", _("Code labels")),
    ]
    return [
        (
            label,
            summary.get(f"{key}_created", 0),
            summary.get(f"{key}_updated") if key != "organizations" else None,
        )
        for key, label in kinds
    ]


@require_POST
def inventory_import_decide(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Import the valid rows of a reviewed preview, or cancel it."""
    job = inventory_import_for_user(user=request.user, uuid=uuid)
    if request.POST.get("decision") == "import":
        if not inventory_import_confirm(job):
            messages.error(request, _("This import was already imported or cancelled."))
    elif request.POST.get("decision") == "cancel":
        if inventory_import_cancel(job):
            messages.success(request, _("The import was cancelled; nothing was imported."))
        else:
            messages.error(request, _("This import was already imported or cancelled."))
    else:
        messages.error(request, _("Choose to import the valid rows or to cancel."))
    return redirect("services:inventory_import_status", uuid=job.uuid)


def inventory_import_rejected(request: HttpRequest, uuid: UUID) -> FileResponse:
    """Every rejected row as a CSV: the original columns, then file, line and reason."""
    job = inventory_import_for_user(user=request.user, uuid=uuid)
    if not job.rejected_file:
        raise Http404
    response = FileResponse(
        job.rejected_file.open("rb"),
        as_attachment=True,
        filename=f"rejected-rows-{job.created_at:%Y-%m-%d}.csv",
        content_type="text/csv; charset=utf-8",
    )
    return response
