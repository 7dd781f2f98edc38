"""A paying city's life with Stripe, end to end over real HTTP and real webhooks: plan
changes through the portal, a failed renewal and its grace period, payment again,
cancellation, and invoice billing. Data behind a hidden module is never touched."""

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from kota.billing.entitlements import allowed_module_keys, staff_seat_limit
from kota.billing.models import Account, Plan
from kota.billing.services import checkout_start, invoice_billing_start, portal_url
from kota.billing.stripe_api import stripe_client
from kota.tenancy.scope import city_scope
from tests.billing.conftest import PAYING_ADMIN_EMAIL
from tests.billing.stripe_helpers import post_form, subscription_renew, wait_until
from tests.registry.noticeboard.models import Notice


def _account(city) -> Account:
    return Account.objects.select_related("plan").get(city=city)


def _subscribe(city, plan_key: str = "kota") -> Account:
    url = checkout_start(
        city=city,
        plan=Plan.objects.get(key=plan_key),
        success_url="http://localhost/ok",
        cancel_url="http://localhost/batal",
    )
    assert post_form(url, {"outcome": "succeed"}).status == 303
    return wait_until(
        lambda: (a := _account(city)).status == "active" and a.plan.key == plan_key and a
    )


def _portal(city) -> str:
    return portal_url(city=city, return_url="http://localhost/console/langganan/")


def _citizen(city) -> Client:
    return Client(HTTP_HOST=f"{city.slug}.localhost")


def test_upgrade_and_downgrade_through_the_portal(paying_city, webhooks, committed):
    # A cheaper paid plan to move down to: the free plan's modules, more seats.
    hemat = Plan.objects.create(
        key="hemat", name="Hemat", price_idr=900_000, modules=["reports"], seat_limit=8, order=9
    )
    try:
        from kota.billing.services import prices_ensure

        prices_ensure()
        hemat.refresh_from_db()
        _subscribe(paying_city, "hemat")
        assert "noticeboard" not in allowed_module_keys(paying_city)
        assert staff_seat_limit(paying_city) == 8
        portal = _portal(paying_city)
        kota = Plan.objects.get(key="kota")

        assert post_form(portal, {"action": "switch", "price": kota.stripe_price_id}).status == 303
        wait_until(lambda: _account(paying_city).plan.key == "kota")
        assert "noticeboard" in allowed_module_keys(paying_city)
        assert staff_seat_limit(paying_city) == kota.seat_limit

        assert post_form(portal, {"action": "switch", "price": hemat.stripe_price_id}).status == 303
        account = wait_until(lambda: (a := _account(paying_city)).plan.key == "hemat" and a)
        assert account.status == "active"
        assert "noticeboard" not in allowed_module_keys(paying_city)
    finally:
        Account.objects.filter(plan__key="hemat").update(plan=Plan.objects.get(key="gratis"))
        Plan.objects.filter(key="hemat").delete()


def test_failed_renewal_grace_hidden_then_paid_and_restored(paying_city, webhooks, committed):
    account = _subscribe(paying_city)
    with city_scope(paying_city):
        Notice.objects.create(slug="banjir", title="Siaga banjir")
    assert _citizen(paying_city).get("/noticeboard/banjir/").status_code == 200
    mail.outbox.clear()

    subscription_renew(webhooks_url(), account.stripe_subscription_id, outcome="decline")

    account = wait_until(lambda: (a := _account(paying_city)).status == "past_due" and a)
    assert account.past_due_since is not None
    # Within the grace period: everything as before, and the admin is told.
    assert "noticeboard" in allowed_module_keys(paying_city)
    assert _citizen(paying_city).get("/noticeboard/banjir/").status_code == 200
    wait_until(lambda: mail.outbox, what="the overdue email")
    assert [m.to for m in mail.outbox] == [[PAYING_ADMIN_EMAIL]]
    assert "/console/langganan/" in mail.outbox[0].body

    # The grace period (14 days) passes without a payment.
    account.past_due_since = timezone.now() - timedelta(days=15)
    account.save(update_fields=["past_due_since"])

    assert "noticeboard" not in allowed_module_keys(paying_city)
    assert _citizen(paying_city).get("/noticeboard/banjir/").status_code == 404
    with city_scope(paying_city):
        assert list(Notice.objects.values_list("slug", "title")) == [("banjir", "Siaga banjir")]

    # A working card: the open invoice is paid, and everything comes back as it was.
    assert post_form(_portal(paying_city), {"action": "card-succeed"}).status == 303

    account = wait_until(lambda: (a := _account(paying_city)).status == "active" and a)
    assert account.past_due_since is None
    assert account.plan.key == "kota"
    assert "noticeboard" in allowed_module_keys(paying_city)
    page = _citizen(paying_city).get("/noticeboard/banjir/")
    assert page.status_code == 200
    assert "Siaga banjir" in page.content.decode()
    assert len(mail.outbox) == 1  # told once, not on every event


def test_cancelling_keeps_the_plan_to_the_end_of_the_period_then_free(
    paying_city, webhooks, committed
):
    account = _subscribe(paying_city)
    with city_scope(paying_city):
        Notice.objects.create(slug="pasar", title="Pasar murah")

    assert post_form(_portal(paying_city), {"action": "cancel"}).status == 303

    account = wait_until(lambda: (a := _account(paying_city)).cancel_at_period_end and a)
    assert (account.status, account.plan.key) == ("active", "kota")
    assert "noticeboard" in allowed_module_keys(paying_city)

    # The period ends.
    subscription_renew(webhooks_url(), account.stripe_subscription_id, outcome="succeed")

    account = wait_until(lambda: (a := _account(paying_city)).status == "canceled" and a)
    assert account.plan.key == "gratis"
    assert "noticeboard" not in allowed_module_keys(paying_city)
    with city_scope(paying_city):
        assert Notice.objects.filter(slug="pasar").exists()


def test_a_regency_billed_by_invoice_pays_by_bank_transfer(paying_city, webhooks, committed):
    account = _account(paying_city)
    account.plan = Plan.objects.get(key="kontrak")
    account.save()

    account = invoice_billing_start(account=account, days_until_due=30)

    assert (account.status, account.collection_method) == ("active", "send_invoice")
    assert "noticeboard" in allowed_module_keys(paying_city)
    client = stripe_client()
    (invoice,) = client.v1.invoices.list(params={"customer": account.stripe_customer_id}).data
    assert invoice.status == "open"
    assert invoice.due_date is not None

    # The transfer arrives and is marked paid in Stripe.
    client.v1.invoices.pay(invoice.id, params={"paid_out_of_band": True})
    assert client.v1.invoices.retrieve(invoice.id).status == "paid"

    # The next invoice is not paid in time: overdue, like a card that fails.
    subscription_renew(webhooks_url(), account.stripe_subscription_id, outcome="decline")
    account = wait_until(lambda: (a := _account(paying_city)).status == "past_due" and a)
    assert account.plan.key == "kontrak"


def webhooks_url() -> str:
    from django.conf import settings

    return settings.STRIPE_API_BASE
