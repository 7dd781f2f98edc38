"""Kota's Stripe webhook endpoint: verified on the raw body, stored first (once per event
id), then processed by re-reading the subscription from Stripe, so duplicates, late and
out-of-order events change nothing they shouldn't."""

import json
import time
import uuid
from datetime import timedelta

import pytest
import stripe
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kota.billing.entitlements import allowed_module_keys
from kota.billing.models import Account, Plan, StripeEvent
from kota.billing.services import checkout_start
from kota.billing.stripe_api import stripe_client
from kota.billing.tasks import stripe_events_retry
from tests.billing.stripe_helpers import WEBHOOK_SECRET, post_form

ENDPOINT = "/billing/stripe/webhook/"


class _PlatformClient(Client):
    """The platform host; what a request queues for after its commit runs before the
    response returns, as it would outside the test's transaction."""

    def __init__(self, capture, **kwargs):
        super().__init__(HTTP_HOST="localhost", **kwargs)
        self._capture = capture

    def post(self, *args, **kwargs):
        with self._capture(execute=True):
            return super().post(*args, **kwargs)


@pytest.fixture
def stripe_host(stripe_prices, django_capture_on_commit_callbacks) -> Client:
    return _PlatformClient(django_capture_on_commit_callbacks)


def _event(type_: str, obj: dict, *, created: int | None = None) -> dict:
    return {
        "id": f"evt_test_{uuid.uuid4().hex[:16]}",
        "object": "event",
        "type": type_,
        "created": created or int(time.time()),
        "data": {"object": obj},
    }


def _deliver(client: Client, event: dict, *, secret: str = WEBHOOK_SECRET, timestamp=None):
    payload = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
    return client.post(
        ENDPOINT, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


def _subscribed(city) -> Account:
    """The city pays for the city plan in Stripe (this process gets no webhooks: the
    account is read from Stripe by the events the tests deliver)."""
    url = checkout_start(
        city=city,
        plan=Plan.objects.get(key="kota"),
        success_url="http://localhost/ok",
        cancel_url="http://localhost/batal",
    )
    assert post_form(url, {"outcome": "succeed"}).status == 303
    return Account.objects.get(city=city)


@pytest.fixture
def free_city_a(city_a):
    Account.objects.filter(city=city_a).update(plan=Plan.objects.get(key="gratis"))
    city_a.enabled_modules = ["noticeboard"]
    city_a.save()
    return city_a


def test_a_bad_signature_is_refused_and_stores_nothing(stripe_host, free_city_a):
    response = _deliver(stripe_host, _event("invoice.paid", {}), secret="whsec_someone_else")

    assert response.status_code == 400
    assert "signature" in response.json()["error"]
    assert not StripeEvent.objects.exists()


def test_a_missing_signature_or_a_body_that_is_not_json_is_refused(stripe_host):
    assert stripe_host.post(ENDPOINT, "{}", content_type="application/json").status_code == 400
    header = stripe.WebhookSignature.generate_signature_header("not json", WEBHOOK_SECRET)
    response = stripe_host.post(
        ENDPOINT, "not json", content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize("body", ["[]", '"evt"', "1", '{"id": 5}', '{"type": "invoice.paid"}'])
def test_a_signed_body_that_is_no_event_is_refused(stripe_host, body):
    header = stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET)

    response = stripe_host.post(
        ENDPOINT, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_an_event_of_an_odd_shape_is_kept_and_left_alone(stripe_host, free_city_a):
    event = _event("invoice.paid", {})
    event["data"] = {"object": "not an object"}

    assert _deliver(stripe_host, event).status_code == 200

    stored = StripeEvent.objects.get(stripe_id=event["id"])
    assert stored.processed_at is not None
    assert stored.last_error == ""


def test_a_replayed_signature_older_than_five_minutes_is_refused(stripe_host):
    old = int(time.time()) - 301

    response = _deliver(stripe_host, _event("invoice.paid", {}), timestamp=old)

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_the_endpoint_takes_only_post_and_only_on_the_platform(stripe_host, client_a):
    assert stripe_host.get(ENDPOINT).status_code == 405
    assert client_a.post(ENDPOINT, "{}", content_type="application/json").status_code == 404


def test_an_event_is_stored_then_the_subscription_is_read_from_stripe(stripe_host, free_city_a):
    account = _subscribed(free_city_a)
    assert "noticeboard" not in allowed_module_keys(free_city_a)  # nothing arrived yet
    event = _event("checkout.session.completed", {"customer": account.stripe_customer_id})

    response = _deliver(stripe_host, event)

    assert response.status_code == 200
    assert response.json() == {"received": event["id"], "duplicate": False}
    stored = StripeEvent.objects.get(stripe_id=event["id"])
    assert stored.processed_at is not None
    assert stored.payload == event
    account.refresh_from_db()
    assert (account.plan.key, account.status) == ("kota", "active")
    assert "noticeboard" in allowed_module_keys(free_city_a)


def test_a_duplicate_delivery_is_stored_and_processed_once(stripe_host, free_city_a):
    account = _subscribed(free_city_a)
    event = _event("invoice.paid", {"customer": account.stripe_customer_id})

    first = _deliver(stripe_host, event)
    second = _deliver(stripe_host, event)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["duplicate"] is True
    stored = StripeEvent.objects.get(stripe_id=event["id"])
    assert stored.attempts == 1


def test_late_events_cannot_undo_what_stripe_says_now(stripe_host, free_city_a):
    account = _subscribed(free_city_a)
    subscription = stripe_client().v1.subscriptions.retrieve(_subscription_id(account))
    snapshot = subscription.to_dict()
    newest = _event("customer.subscription.updated", {**snapshot, "status": "active"})
    stale_failure = _event(
        "invoice.payment_failed",
        {"customer": account.stripe_customer_id, "status": "open"},
        created=newest["created"] - 3600,
    )
    stale_deleted = _event(
        "customer.subscription.deleted",
        {**snapshot, "status": "canceled"},
        created=newest["created"] - 7200,
    )

    # Arriving newest first, then the older ones.
    for event in (newest, stale_failure, stale_deleted):
        assert _deliver(stripe_host, event).status_code == 200

    account.refresh_from_db()
    assert (account.plan.key, account.status) == ("kota", "active")
    assert account.past_due_since is None


def _subscription_id(account: Account) -> str:
    (subscription,) = (
        stripe_client().v1.subscriptions.list(params={"customer": account.stripe_customer_id}).data
    )
    return subscription.id


def test_an_event_of_no_city_or_of_another_kind_is_kept_and_left_alone(stripe_host, free_city_a):
    unknown_customer = _event("invoice.paid", {"customer": "cus_nobody"})
    other_kind = _event("customer.created", {"id": "cus_x"})

    assert _deliver(stripe_host, unknown_customer).status_code == 200
    assert _deliver(stripe_host, other_kind).status_code == 200

    assert StripeEvent.objects.filter(processed_at__isnull=False).count() == 2
    assert Account.objects.get(city=free_city_a).plan.key == "gratis"


def test_processing_that_fails_is_recorded_and_retried_not_forgotten(
    stripe_host, free_city_a, settings
):
    account = _subscribed(free_city_a)
    event = _event("invoice.paid", {"customer": account.stripe_customer_id})
    working_api = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # Stripe cannot be reached

    assert _deliver(stripe_host, event).status_code == 200

    stored = StripeEvent.objects.get(stripe_id=event["id"])
    assert stored.processed_at is None
    assert stored.last_error
    assert Account.objects.get(pk=account.pk).plan.key == "gratis"

    settings.STRIPE_API_BASE = working_api
    # Its task's own retries come first: the sweep leaves an event tried a moment ago.
    StripeEvent.objects.filter(pk=stored.pk).update(
        received_at=timezone.now() - timedelta(minutes=5)
    )
    assert stripe_events_retry() == 0
    # An hour on, no retry can be pending any more: the sweep runs it again.
    StripeEvent.objects.filter(pk=stored.pk).update(
        attempted_at=timezone.now() - timedelta(minutes=70)
    )
    assert stripe_events_retry() == 1

    stored.refresh_from_db()
    assert stored.processed_at is not None
    assert stored.attempts == 2
    assert Account.objects.get(pk=account.pk).plan.key == "kota"


def test_the_sync_command_catches_up_on_missed_events(free_city_a, city_b, stripe_prices):
    account = _subscribed(free_city_a)
    assert Account.objects.get(pk=account.pk).plan.key == "gratis"  # no event arrived

    call_command("billing", "sync")

    account.refresh_from_db()
    assert (account.plan.key, account.status) == ("kota", "active")
    assert account.synced_at is not None
    # A city without Stripe billing is left as it was.
    assert Account.objects.get(city=city_b).plan.key == "kota"
    assert "noticeboard" in allowed_module_keys(free_city_a)


def test_an_event_whose_task_never_ran_is_picked_up_by_the_sweep(stripe_host, free_city_a):
    account = _subscribed(free_city_a)
    # Stored, but its task was lost (the broker was down when it came).
    event = StripeEvent.objects.create(
        stripe_id="evt_lost_task",
        type="invoice.paid",
        created=int(time.time()),
        payload=_event("invoice.paid", {"customer": account.stripe_customer_id}),
    )
    assert stripe_events_retry() == 0  # it may still be on its way

    StripeEvent.objects.filter(pk=event.pk).update(
        received_at=timezone.now() - timedelta(minutes=3)
    )

    assert stripe_events_retry() == 1
    event.refresh_from_db()
    assert (event.processed_at is not None, event.attempts) == (True, 1)
    assert Account.objects.get(pk=account.pk).plan.key == "kota"


def test_an_event_about_one_city_changes_no_other(stripe_host, free_city_a, city_b):
    account = _subscribed(free_city_a)
    b_before = Account.objects.get(city=city_b)
    # City A's customer, with metadata that names city B.
    event = _event(
        "checkout.session.completed",
        {"customer": account.stripe_customer_id, "metadata": {"city": "beta", "plan": "kontrak"}},
    )

    assert _deliver(stripe_host, event).status_code == 200

    account.refresh_from_db()
    assert account.plan.key == "kota"  # what Stripe says of A's subscription, not the metadata
    b_after = Account.objects.get(city=city_b)
    assert (b_after.plan_id, b_after.status, b_after.updated_at) == (
        b_before.plan_id,
        b_before.status,
        b_before.updated_at,
    )
