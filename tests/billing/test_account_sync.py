"""What the account takes from Stripe when it is read again: the newest live subscription,
its plan by price (never a price that is no plan's), a plan given since an ended
subscription, and one Checkout at a time."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kota.billing.models import Account, Plan
from kota.billing.services import account_open, account_sync, checkout_start, prices_ensure
from kota.billing.stripe_api import stripe_client
from tests.billing.stripe_helpers import post_form, subscription_renew

RETURN = {"success_url": "http://localhost/ok", "cancel_url": "http://localhost/batal"}


@pytest.fixture
def free_city_a(city_a, stripe_prices):
    Account.objects.filter(city=city_a).update(plan=Plan.objects.get(key="gratis"))
    return city_a


def _subscribed(city) -> Account:
    url = checkout_start(city=city, plan=Plan.objects.get(key="kota"), **RETURN)
    assert post_form(url, {"outcome": "succeed"}).status == 303
    account = Account.objects.get(city=city)
    account_sync(account_id=account.pk)
    return Account.objects.select_related("plan").get(pk=account.pk)


def _subscription(account: Account):
    return stripe_client().v1.subscriptions.retrieve(account.stripe_subscription_id)


def test_a_plan_given_after_a_cancellation_survives_reading_stripe_again(free_city_a):
    account = _subscribed(free_city_a)
    stripe_client().v1.subscriptions.cancel(account.stripe_subscription_id)
    account_sync(account_id=account.pk)
    assert Account.objects.get(pk=account.pk).plan.key == "gratis"

    assert account_open(city=free_city_a, plan_key="kontrak") is True
    account_sync(account_id=account.pk)

    account = Account.objects.select_related("plan").get(pk=account.pk)
    assert (account.plan.key, account.status, account.stripe_subscription_id) == (
        "kontrak",
        "",
        "",
    )


def test_a_price_that_is_no_plans_pays_for_nothing(free_city_a):
    account = _subscribed(free_city_a)
    client = stripe_client()
    product = client.v1.products.create(params={"name": "Made by hand"})
    stray = client.v1.prices.create(
        params={
            "product": product.id,
            "currency": "idr",
            "unit_amount": 100,
            "recurring": {"interval": "month"},
        }
    )
    item = _subscription(account).items.data[0]
    client.v1.subscriptions.update(
        account.stripe_subscription_id, params={"items": [{"id": item.id, "price": stray.id}]}
    )

    account_sync(account_id=account.pk)

    account = Account.objects.select_related("plan").get(pk=account.pk)
    assert (account.plan.key, account.status) == ("gratis", "active")


def test_a_plans_earlier_price_still_means_the_plan(free_city_a):
    account = _subscribed(free_city_a)
    kota = Plan.objects.get(key="kota")
    kota.price_idr = 2_750_000  # a new price for new subscribers
    kota.save()
    prices_ensure()
    assert (
        Plan.objects.get(key="kota").stripe_price_id
        != _subscription(account).items.data[0].price.id
    )

    account_sync(account_id=account.pk)

    assert Account.objects.get(pk=account.pk).plan.key == "kota"


def test_a_second_checkout_ends_the_first(free_city_a):
    kota = Plan.objects.get(key="kota")
    first = checkout_start(city=free_city_a, plan=kota, **RETURN)

    second = checkout_start(city=free_city_a, plan=kota, **RETURN)

    assert post_form(first, {"outcome": "succeed"}).status == 409
    assert post_form(second, {"outcome": "succeed"}).status == 303


def test_no_checkout_while_stripe_has_a_subscription_the_account_has_not_heard_of(
    free_city_a,
):
    url = checkout_start(city=free_city_a, plan=Plan.objects.get(key="kota"), **RETURN)
    assert post_form(url, {"outcome": "succeed"}).status == 303
    assert Account.objects.get(city=free_city_a).status == ""  # no event has arrived

    with pytest.raises(ValidationError, match="already has a subscription"):
        checkout_start(city=free_city_a, plan=Plan.objects.get(key="kota"), **RETURN)


def test_grace_counts_from_when_stripe_billed_not_from_when_kota_heard(free_city_a, settings):
    account = _subscribed(free_city_a)
    billed = timezone.now().replace(microsecond=0)
    subscription_renew(settings.STRIPE_API_BASE, account.stripe_subscription_id, outcome="decline")
    time.sleep(2)  # its events missed: Kota hears of it later, from a sync
    heard = timezone.now()

    account_sync(account_id=account.pk)

    account.refresh_from_db()
    assert account.status == "past_due"
    assert billed <= account.past_due_since <= heard - timedelta(seconds=1)


def test_a_checkout_stripe_no_longer_knows_does_not_block_the_next(free_city_a):
    Account.objects.filter(city=free_city_a).update(checkout_session_id="cs_test_forgotten")

    url = checkout_start(city=free_city_a, plan=Plan.objects.get(key="kota"), **RETURN)

    assert post_form(url, {"outcome": "succeed"}).status == 303
