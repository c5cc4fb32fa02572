"""Report pages: request, follow and download PDF reports of an assessment."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.access import assessment_for_user

from . import operations
from .access import report_job_for_user
from .forms import ReportRequestForm
from .models import ReportJob


def assessment_reports(request, uuid):
    assessment = assessment_for_user(user=request.user, uuid=uuid)
    form = ReportRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"language": "fr" if (get_language() or "").startswith("fr") else "en"},
    )
    if request.method == "POST" and form.is_valid():
        job, created = operations.report_request(
            assessment=assessment, language=form.cleaned_data["language"], user=request.user
        )
        if not created:
            messages.info(request, _("The same report was already being prepared; here it is."))
        return redirect("reports:status", uuid=job.uuid)
    jobs = (
        ReportJob.objects.filter(assessment=assessment)
        .select_related("requested_by")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "reports/assessment_reports.html",
        {"assessment": assessment, "service": assessment.service, "form": form, "jobs": jobs},
    )


def report_status(request, uuid):
    job = report_job_for_user(user=request.user, uuid=uuid)
    return render(
        request,
        "reports/report_status.html",
        {
            "job": job,
            "assessment": job.assessment,
            "service": job.assessment.service if job.assessment else None,
        },
    )


def report_download(request, uuid):
    job = report_job_for_user(user=request.user, uuid=uuid)
    if job.status != ReportJob.Status.DONE or not default_storage.exists(job.file_name):
        raise Http404
    assessment = job.assessment
    if assessment is None:
        name = slugify(f"heat map {job.created_at:%Y-%m-%d} {job.language}")
    else:
        name = (
            slugify(f"{assessment.service.name_en} {assessment.cycle} {job.language}") or "report"
        )
    return FileResponse(
        default_storage.open(job.file_name, "rb"),
        as_attachment=True,
        filename=f"{name}.pdf",
        content_type="application/pdf",
    )
