"""A stored Stripe event processed by a real Celery worker (Redis broker), as in
production: the worker reads the subscription from the fake Stripe server and updates
the city's account."""

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from kota.billing.models import Account, Plan, StripeEvent
from kota.billing.services import checkout_start
from kota.billing.tasks import stripe_event_process_task
from kota.config.celery import app
from kota.testing.workers import celery_worker_start, reachable_redis_url
from tests.billing.stripe_helpers import STRIPE_KEY, WEBHOOK_SECRET, post_form, wait_until


def _test_database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + settings.DATABASES["default"]["NAME"]))


@pytest.fixture
def billing_worker(localstripe_url):
    url = reachable_redis_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test background work against a real Redis, and none is reachable.")
        pytest.skip("No Redis reachable (REDIS_URL or 127.0.0.1:6379); start one to run this test.")
    queue = f"kota-test-{uuid.uuid4().hex[:8]}"
    worker = celery_worker_start(
        queue=queue,
        redis_url=url,
        env={
            "DATABASE_URL": _test_database_url(),
            "STRIPE_API_BASE": localstripe_url,
            "STRIPE_SECRET_KEY": STRIPE_KEY,
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        },
    )
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write(url) as broker:
            yield queue, broker
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)


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
