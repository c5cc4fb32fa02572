"""Running an inventory import as a background job with progress on its row."""

import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.jobs import queue_after_commit
from organizations.models import User

from . import inventory
from .models import InventoryImport

logger = logging.getLogger(__name__)

FILE_FIELDS = ("services_file", "standards_file", "choices_file")


def _finish(job: InventoryImport, status: str, **fields: object) -> None:
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
def inventory_import_request(
    *, user: User, files: dict[str, UploadedFile | None]
) -> InventoryImport:
    """Keep the uploaded files on a job row and queue the import after commit.

    The job is asked in the active language: its messages are written in it.
    """
    job = InventoryImport(requested_by=user)
    for name, upload in files.items():
        if upload is not None:
            getattr(job, name).save(upload.name, upload, save=False)
    job.save()
    queue_after_commit(job)
    return job


def _uploads(job: InventoryImport) -> list[tuple[str, bytes]]:
    files = []
    for name in FILE_FIELDS:
        upload = getattr(job, name)
        if upload:
            with upload.open("rb") as handle:
                files.append((upload.name.rsplit("/", 1)[-1], handle.read()))
    return files


def _run(job: InventoryImport) -> str:
    if not job.start(progress=10, stage=InventoryImport.Stage.READING):
        return "running elsewhere"  # the broker handed the task out again; one run is enough
    files = _uploads(job)
    job.advance(30, InventoryImport.Stage.CHECKING)
    try:
        parsed = inventory.read_files(files)
    except inventory.InventoryFileError as error:
        _finish(job, InventoryImport.Status.FAILED, problems=error.problems)
        return "failed"
    job.advance(60, InventoryImport.Stage.SAVING)
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


def inventory_import_run(*, import_id: int) -> str:
    """Run one import. Safe to run twice: a finished job is left as it is."""
    job = InventoryImport.objects.filter(pk=import_id).first()
    if job is None or job.is_finished:
        return "skipped"
    # Messages are written in the language the import was asked in, not the worker's.
    with translation.override(job.language):
        return _run(job)
