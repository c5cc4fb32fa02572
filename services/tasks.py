from celery import shared_task

from .inventory_jobs import inventory_import_run


@shared_task(name="services.inventory_import", acks_late=True, soft_time_limit=600, time_limit=660)
def inventory_import(import_id: int) -> str:
    """Thin task: the job row holds the files, the progress and the outcome."""
    return inventory_import_run(import_id=import_id)
