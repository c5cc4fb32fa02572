"""Running an inventory import as a background job with progress on its row."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import inventory
from .models import InventoryImport

logger = logging.getLogger(__name__)

FILE_FIELDS = ("services_file", "standards_file", "choices_file")


def _progress(job: InventoryImport, percent: int, stage: str) -> None:
    job.progress = percent
    job.stage = stage
    job.save(update_fields=["progress", "stage"])


def _finish(job: InventoryImport, status: str, **fields) -> None:
    job.status = status
    job.progress = 100
    job.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()
    # The uploaded files are only needed while importing.
    for name in FILE_FIELDS:
        upload = getattr(job, name)
        if upload:
            upload.delete(save=False)
    job.save(update_fields=[*FILE_FIELDS])


@transaction.atomic
def inventory_import_request(*, user, files: dict) -> InventoryImport:
    """Keep the uploaded files on a job row and queue the import after commit."""
    from .tasks import inventory_import

    job = InventoryImport(requested_by=user)
    for name, upload in files.items():
        if upload is not None:
            getattr(job, name).save(upload.name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: inventory_import.delay(job.pk))
    return job


def inventory_import_run(*, import_id: int) -> str:
    """Run one import. Safe to run twice: a finished job is left as it is."""
    job = InventoryImport.objects.filter(pk=import_id).first()
    if job is None or job.status in {InventoryImport.Status.DONE, InventoryImport.Status.FAILED}:
        return "skipped"
    job.status = InventoryImport.Status.RUNNING
    job.save(update_fields=["status"])
    _progress(job, 10, _("Reading the files"))
    files = []
    for name in FILE_FIELDS:
        upload = getattr(job, name)
        if upload:
            with upload.open("rb") as handle:
                files.append((upload.name.rsplit("/", 1)[-1], handle.read()))
    _progress(job, 30, _("Checking every row"))
    try:
        parsed = inventory.read_files(files)
    except inventory.InventoryFileError as error:
        _finish(job, InventoryImport.Status.FAILED, problems=error.problems)
        return "failed"
    _progress(job, 60, _("Saving services and standards"))
    try:
        summary = inventory.apply(parsed)
    except Exception:
        logger.exception("inventory import %s failed", job.uuid)
        _finish(
            job,
            InventoryImport.Status.FAILED,
            problems=[_("The import stopped because of an unexpected error; nothing was saved.")],
        )
        return "failed"
    _finish(job, InventoryImport.Status.DONE, summary=summary)
    return "done"
