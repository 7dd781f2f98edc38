"""Events about one city processed at the same instant (Stripe sends them concurrently):
each reads the subscription again under the account's row lock, one after the other,
and both end with what Stripe says."""

import threading
import uuid

from django.db import connections

from kota.billing.models import Account, Plan, StripeEvent
from kota.billing.services import checkout_start, event_process
from tests.billing.stripe_helpers import post_form


def test_two_events_at_once_both_process_and_agree(paying_city, committed):
    url = checkout_start(
        city=paying_city,
        plan=Plan.objects.get(key="kota"),
        success_url="http://localhost/ok",
        cancel_url="http://localhost/batal",
    )
    assert post_form(url, {"outcome": "succeed"}).status == 303
    customer = Account.objects.get(city=paying_city).stripe_customer_id
    events = [
        StripeEvent.objects.create(
            stripe_id=f"evt_at_once_{uuid.uuid4().hex[:10]}",
            type=kind,
            created=1,
            payload={"data": {"object": {"customer": customer}}},
        )
        for kind in ("invoice.paid", "customer.subscription.updated")
    ]
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def process(stripe_id: str) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[stripe_id] = event_process(stripe_id=stripe_id)
        except Exception as error:  # reported by the assertion below
            outcomes[stripe_id] = repr(error)
        finally:
            connections.close_all()

    try:
        threads = [threading.Thread(target=process, args=(e.stripe_id,)) for e in events]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert sorted(outcomes.values()) == ["synced", "synced"]
        assert all(
            e.processed_at is not None
            for e in StripeEvent.objects.filter(pk__in=[e.pk for e in events])
        )
        account = Account.objects.select_related("plan").get(city=paying_city)
        assert (account.plan.key, account.status) == ("kota", "active")
    finally:
        StripeEvent.objects.filter(pk__in=[e.pk for e in events]).delete()
