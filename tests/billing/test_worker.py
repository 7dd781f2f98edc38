"""A stored Stripe event processed by a real Celery worker (Redis broker), as in
production: the worker reads the subscription from the fake Stripe server and updates
the city's account."""

import uuid

import pytest

from kota.billing.models import Account, Plan, StripeEvent
from kota.billing.services import checkout_start
from kota.billing.tasks import stripe_event_process_task
from tests.billing.stripe_helpers import STRIPE_KEY, WEBHOOK_SECRET, post_form, wait_until
from tests.celery_worker import real_worker


@pytest.fixture
def billing_worker(localstripe_url):
    stripe_env = {
        "STRIPE_API_BASE": localstripe_url,
        "STRIPE_SECRET_KEY": STRIPE_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }
    with real_worker(env=stripe_env) as (queue, broker, _url):
        yield queue, broker


@pytest.mark.slow
def test_a_worker_processes_a_stored_event(paying_city, committed, billing_worker):
    queue, broker = billing_worker
    url = checkout_start(
        city=paying_city,
        plan=Plan.objects.get(key="kota"),
        success_url="http://localhost/ok",
        cancel_url="http://localhost/batal",
    )
    assert post_form(url, {"outcome": "succeed"}).status == 303
    customer = Account.objects.get(city=paying_city).stripe_customer_id
    event = StripeEvent.objects.create(
        stripe_id=f"evt_worker_{uuid.uuid4().hex[:12]}",
        type="invoice.paid",
        created=1,
        payload={"data": {"object": {"customer": customer}}},
    )
    try:
        stripe_event_process_task.apply_async(
            args=[event.stripe_id], queue=queue, connection=broker
        )

        wait_until(
            lambda: StripeEvent.objects.filter(pk=event.pk, processed_at__isnull=False).exists(),
            timeout=60,
            what="the worker",
        )
        account = Account.objects.select_related("plan").get(city=paying_city)
        assert (account.plan.key, account.status) == ("kota", "active")
    finally:
        event.delete()
