"""Paying by card through Checkout, over real HTTP to the fake Stripe server and real
webhooks back into Kota: access follows the webhooks, never the redirect."""

import pytest
from django.core.exceptions import ValidationError

from kota.billing.entitlements import allowed_module_keys
from kota.billing.models import Account, Plan, StripeEvent
from kota.billing.services import account_sync, checkout_start
from kota.billing.stripe_api import stripe_client
from tests.billing.stripe_helpers import post_form, wait_until

RETURN = "http://localhost/kembali?session_id={CHECKOUT_SESSION_ID}"
CANCEL = "http://localhost/batal"


def _account(city) -> Account:
    return Account.objects.select_related("plan").get(city=city)


def test_paying_through_checkout_gives_the_plan_once_the_webhooks_arrive(
    paying_city, webhooks, committed
):
    url = checkout_start(
        city=paying_city, plan=Plan.objects.get(key="kota"), success_url=RETURN, cancel_url=CANCEL
    )
    assert _account(paying_city).checkout_plan.key == "kota"
    assert "noticeboard" not in allowed_module_keys(paying_city)

    answer = post_form(url, {"outcome": "succeed"})

    assert answer.status == 303
    assert answer.location.startswith("http://localhost/kembali?session_id=cs_")
    # The redirect alone grants nothing; the webhooks do, a moment later.
    account = wait_until(
        lambda: (a := _account(paying_city)).status == "active" and a.plan.key == "kota" and a
    )
    assert account.stripe_subscription_id.startswith("sub_")
    assert account.current_period_end is not None
    assert "noticeboard" in allowed_module_keys(paying_city)
    customer_events = [
        e.type
        for e in StripeEvent.objects.filter(processed_at__isnull=False)
        if e.payload["data"]["object"].get("customer") == account.stripe_customer_id
    ]
    assert "checkout.session.completed" in customer_events


def test_a_declined_card_leaves_the_city_on_the_free_plan(paying_city, webhooks, committed):
    url = checkout_start(
        city=paying_city, plan=Plan.objects.get(key="kota"), success_url=RETURN, cancel_url=CANCEL
    )

    answer = post_form(url, {"outcome": "decline"})

    assert answer.status == 402
    assert "declined" in answer.body
    # Whatever events the attempt sent have been handled by now, and Stripe has nothing.
    account = _account(paying_city)
    account_sync(account_id=account.pk)
    found = stripe_client().v1.subscriptions.list(
        params={"customer": account.stripe_customer_id, "status": "all"}
    )
    assert found.data == []
    account = _account(paying_city)
    assert (account.plan.key, account.status, account.stripe_subscription_id) == ("gratis", "", "")
    assert "noticeboard" not in allowed_module_keys(paying_city)


def test_the_customer_is_made_once_per_city(paying_city, stripe_settings, committed):
    kota = Plan.objects.get(key="kota")
    checkout_start(city=paying_city, plan=kota, success_url=RETURN, cancel_url=CANCEL)
    first = _account(paying_city).stripe_customer_id

    checkout_start(city=paying_city, plan=kota, success_url=RETURN, cancel_url=CANCEL)

    assert _account(paying_city).stripe_customer_id == first
    customer = stripe_client().v1.customers.retrieve(first)
    assert customer.metadata["city"] == paying_city.slug


@pytest.mark.parametrize("plan_key", ["gratis", "kontrak"])
def test_only_card_paid_plans_go_through_checkout(
    plan_key, paying_city, stripe_settings, committed
):
    with pytest.raises(ValidationError):
        checkout_start(
            city=paying_city,
            plan=Plan.objects.get(key=plan_key),
            success_url=RETURN,
            cancel_url=CANCEL,
        )

    assert not _account(paying_city).checkout_session_id
