"""Paying by card through Checkout, over real HTTP to the fake Stripe server and real
webhooks back into Kota: access follows the webhooks, never the redirect."""

from kota.billing.entitlements import allowed_module_keys
from kota.billing.models import Account, StripeEvent
from kota.billing.services import checkout_start
from tests.billing.stripe_helpers import post_form, wait_until


def _account(city) -> Account:
    return Account.objects.select_related("plan").get(city=city)


def test_paying_through_checkout_gives_the_plan_once_the_webhooks_arrive(
    paying_city, webhooks, transactional_db
):
    from kota.billing.models import Plan

    kota = Plan.objects.get(key="kota")
    url = checkout_start(
        city=paying_city,
        plan=kota,
        success_url="http://localhost/kembali?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="http://localhost/batal",
    )
    assert "noticeboard" not in allowed_module_keys(paying_city)

    answer = post_form(url, {"outcome": "succeed"})

    assert answer.status == 303
    assert answer.location.startswith("http://localhost/kembali?session_id=cs_")
    account = wait_until(
        lambda: (a := _account(paying_city)).status == "active" and a.plan.key == "kota" and a
    )
    assert account.stripe_subscription_id.startswith("sub_")
    assert account.current_period_end is not None
    assert "noticeboard" in allowed_module_keys(paying_city)
    assert StripeEvent.objects.filter(type="checkout.session.completed").exists()
