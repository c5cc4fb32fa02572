from celery import shared_task

from .inventory_jobs import inventory_import_run, inventory_previews_expire
from .models import IMPORT_SOFT_TIME_LIMIT, IMPORT_TIME_LIMIT


@shared_task(
    name="services.inventory_import",
    acks_late=True,
    soft_time_limit=IMPORT_SOFT_TIME_LIMIT,
    time_limit=IMPORT_TIME_LIMIT,
)
def inventory_import(import_id: int) -> str:
    """Thin task: the job row holds the files, the progress and the outcome."""
    return inventory_import_run(import_id=import_id)


@shared_task(name="services.expire_import_previews")
def expire_import_previews() -> int:
    """Run daily by the scheduler: previews left undecided are cancelled, uploads deleted."""
    return inventory_previews_expire()
