"""Background work of the tenancy app."""

from celery import shared_task

from kota.tenancy import schemas


@shared_task(time_limit=300, soft_time_limit=240)
def spares_refill() -> int:
    """Top up the spare schemas that make provisioning a rename; idempotent."""
    return schemas.spares_refill()
