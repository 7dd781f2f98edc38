"""Stripe's webhook endpoint on the platform site: verify, store, then hand to a task."""

import logging

import stripe
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kota.billing.services import event_record
from kota.billing.tasks import stripe_event_process_task

logger = logging.getLogger(__name__)

# Stripe's own default: a signature older than five minutes is refused (replays).
SIGNATURE_TOLERANCE_SECONDS = 300


def _enqueue(stripe_id: str) -> None:
    try:
        stripe_event_process_task.delay(stripe_id)
    except Exception:  # the broker is down: the event is stored, and the sweep retries it
        logger.exception("Could not queue Stripe event %s; the retry sweep will.", stripe_id)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        payload = request.body
    except RequestDataTooBig:
        return JsonResponse({"error": "The event is too large."}, status=413)
    if not settings.STRIPE_WEBHOOK_SECRET:
        logger.error("STRIPE_WEBHOOK_SECRET is not set: Stripe's events cannot be verified.")
        # Stripe keeps the event and sends it again later.
        return JsonResponse({"error": "Events cannot be received right now."}, status=503)
    try:
        event = stripe.Webhook.construct_event(
            payload,
            request.headers.get("Stripe-Signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=SIGNATURE_TOLERANCE_SECONDS,
        )
    except stripe.SignatureVerificationError:
        return JsonResponse({"error": "The signature does not match."}, status=400)
    except (ValueError, AttributeError, TypeError):
        # Not JSON, or JSON that is not an event object ([], "x", 1).
        return JsonResponse({"error": "The body is not a Stripe event."}, status=400)
    if not isinstance(getattr(event, "id", None), str) or not event.id:
        return JsonResponse({"error": "The event has no id."}, status=400)
    stored, created = event_record(event)
    if created:
        transaction.on_commit(lambda: _enqueue(stored.stripe_id))
    return JsonResponse({"received": stored.stripe_id, "duplicate": not created})
