"""Who may follow and download a report job: 404 for everyone else."""

from uuid import UUID

from django.http import Http404

from core.access import the_one
from organizations.access import Access, Person, require
from services.access import service_access

from .models import ReportJob


def report_job_for_user(*, user: Person, uuid: UUID | str) -> ReportJob:
    """A heat map is its requester's alone; an assessment report needs read access to the service."""
    job = the_one(ReportJob.objects.select_related("assessment__service").filter(uuid=uuid))
    if job is None or not user.is_authenticated:
        raise Http404
    if job.kind == ReportJob.Kind.HEATMAP:
        # A heat map shows what its requester may see: it is theirs alone.
        if job.requested_by_id is None or job.requested_by_id != user.pk:
            raise Http404
        return job
    if job.assessment is None:
        raise Http404
    require(service_access(user, job.assessment.service), Access.READ)
    return job
