"""Running an inventory import as a background job with progress on its row.

A job first previews: it reads and checks the files, works out what importing the valid rows
would create and update, and lists every rejected row (the page shows the first of them and
offers them all as a CSV). The person then imports the valid rows, which runs the job again as
the import, or cancels.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
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
Step = InventoryImport.Step


def _delete_uploads(job: InventoryImport) -> None:
    # The uploaded files are only needed until the import ends or is cancelled.
    for name in FILE_FIELDS:
        upload = getattr(job, name)
        if upload:
            upload.delete(save=False)
    job.save(update_fields=[*FILE_FIELDS])


def _finish(job: InventoryImport, status: str, *, keep_files: bool, **fields: object) -> None:
    job.status = status
    job.progress = 100
    job.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()
    if not keep_files:
        _delete_uploads(job)


@transaction.atomic
def inventory_import_request(
    *, user: User, files: dict[str, UploadedFile | None]
) -> InventoryImport:
    """Keep the uploaded files on a job row and queue its preview after commit.

    The job is asked in the active language: its messages are written in it.
    """
    job = InventoryImport(requested_by=user)
    for name, upload in files.items():
        if upload is not None:
            getattr(job, name).save(upload.name, upload, save=False)
    job.save()
    queue_after_commit(job)
    return job


def inventory_import_confirm(job: InventoryImport) -> bool:
    """Import the valid rows of a reviewed preview. False when the job no longer awaits a
    decision (imported or cancelled already, perhaps from another tab)."""
    with transaction.atomic():
        claimed = InventoryImport.objects.filter(
            pk=job.pk, step=Step.PREVIEW, status=InventoryImport.Status.DONE
        ).update(
            step=Step.IMPORT,
            status=InventoryImport.Status.PENDING,
            progress=0,
            stage="",
            queued=False,
            started_at=None,
            finished_at=None,
        )
        if claimed:
            job.refresh_from_db()
            queue_after_commit(job)
    return bool(claimed)


def inventory_import_cancel(job: InventoryImport) -> bool:
    """Leave a reviewed preview without importing anything; its uploaded files are deleted."""
    claimed = InventoryImport.objects.filter(
        pk=job.pk, step=Step.PREVIEW, status=InventoryImport.Status.DONE
    ).update(step=Step.CANCELLED)
    if claimed:
        job.refresh_from_db()
        _delete_uploads(job)
    return bool(claimed)


def inventory_previews_expire() -> int:
    """Previews nobody decided on within INVENTORY_PREVIEW_DAYS are cancelled, their uploaded
    files deleted. Returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.INVENTORY_PREVIEW_DAYS)
    stale = InventoryImport.objects.filter(
        step=Step.PREVIEW, status=InventoryImport.Status.DONE, finished_at__lt=cutoff
    )
    return sum(inventory_import_cancel(job) for job in stale)


def _uploads(job: InventoryImport) -> list[tuple[str, bytes]]:
    files = []
    for name in FILE_FIELDS:
        upload = getattr(job, name)
        if upload:
            with upload.open("rb") as handle:
                files.append((upload.name.rsplit("/", 1)[-1], handle.read()))
    return files


def _rejections(job: InventoryImport, parsed: inventory.ParsedInventory) -> dict:
    """The fields that list the rejected rows; the CSV of all of them is saved beside."""
    if job.rejected_file:
        job.rejected_file.delete(save=False)
    if parsed.rejected:
        job.rejected_file.save(
            "rejected-rows.csv",
            ContentFile(inventory.rejected_csv(parsed).encode("utf-8-sig")),
            save=False,
        )
    return {
        "rejected": [
            {"file": r.file, "line": r.line, "reason": r.reason}
            for r in parsed.rejected[: InventoryImport.LISTED]
        ],
        "rejected_count": len(parsed.rejected),
    }


def _run(job: InventoryImport) -> str:
    if not job.start(progress=10, stage=InventoryImport.Stage.READING):
        return "running elsewhere"  # the broker handed the task out again; one run is enough
    files = _uploads(job)
    job.advance(30, InventoryImport.Stage.CHECKING)
    try:
        parsed = inventory.read_files(files)
    except inventory.InventoryFileError as error:
        _finish(job, InventoryImport.Status.FAILED, keep_files=False, problems=error.problems)
        return "failed"
    previewing = job.step == Step.PREVIEW
    job.advance(
        60, InventoryImport.Stage.PREVIEWING if previewing else InventoryImport.Stage.SAVING
    )
    try:
        summary = (
            inventory.preview(parsed) if previewing else inventory.apply(parsed, skip_invalid=True)
        )
    except Exception:
        logger.exception("inventory import %s failed", job.uuid)
        _finish(
            job,
            InventoryImport.Status.FAILED,
            keep_files=False,
            problems=[_("The import stopped because of an unexpected error; nothing was saved.")],
        )
        return "failed"
    outcome = {"preview": summary} if previewing else {"summary": summary}
    _finish(
        job,
        InventoryImport.Status.DONE,
        keep_files=previewing,
        **outcome,
        **_rejections(job, parsed),
    )
    return "previewed" if previewing else "done"


def inventory_import_run(*, import_id: int) -> str:
    """Run one step of an import. Safe to run twice: a finished step is left as it is."""
    job = InventoryImport.objects.filter(pk=import_id).first()
    if job is None or job.is_finished:
        return "skipped"
    # Messages are written in the language the import was asked in, not the worker's.
    with translation.override(job.language):
        return _run(job)
