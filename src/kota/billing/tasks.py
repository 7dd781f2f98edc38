"""Background work of billing: Stripe events, and reading every city's subscription."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from kota.billing.models import StripeEvent
from kota.billing.stripe_api import BillingUnavailable

logger = logging.getLogger(__name__)

# Retries back off from 30 s to about an hour; after the last one the sweep below keeps
# trying every few minutes, so a stored event is never forgotten.
_MAX_RETRIES = 8


@shared_task(
    bind=True, max_retries=_MAX_RETRIES, acks_late=True, time_limit=120, soft_time_limit=100
)
def stripe_event_process_task(self, stripe_id: str) -> str:
    from kota.billing.services import event_process

    try:
        return event_process(stripe_id=stripe_id)
    except BillingUnavailable as error:
        if self.request.is_eager:
            # Run inline (tests, no worker): leave it to the sweep rather than loop here.
            logger.warning("Stripe event %s not processed yet: %s", stripe_id, error)
            return "retry later"
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 3600)) from error


# An event never tried this long after it came has lost its task (a worker died, the
# broker was down); one tried last this long ago has no retry pending any more (the
# longest wait between retries is an hour).
_NEVER_TRIED_AFTER = timedelta(minutes=2)
_LAST_TRIED_AFTER = timedelta(minutes=65)


@shared_task(time_limit=300, soft_time_limit=240)
def stripe_events_retry() -> int:
    """Process again every stored event that is not processed and has no retry coming."""
    now = timezone.now()
    pending = list(
        StripeEvent.objects.filter(processed_at=None)
        .filter(
            Q(attempted_at=None, received_at__lt=now - _NEVER_TRIED_AFTER)
            | Q(attempted_at__lt=now - _LAST_TRIED_AFTER)
        )
        .order_by("received_at")
        .values_list("stripe_id", flat=True)[:500]
    )
    for stripe_id in pending:
        stripe_event_process_task.delay(stripe_id)
    return len(pending)


@shared_task(time_limit=1800, soft_time_limit=1700)
def accounts_sync_all() -> dict:
    from kota.billing.services import accounts_sync_all as sync

    return sync()
