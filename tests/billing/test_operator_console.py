"""The operator console's billing pages: plans, accounts (a plan given, the guard against
changing a plan Stripe bills) and the Stripe events."""

from django.contrib.auth import get_user_model

from kota.billing.models import Account, Plan, StripeEvent
from kota.tenancy.scope import platform_scope


def _operator(platform_client):
    with platform_scope():
        operator = get_user_model().objects.create_superuser(
            email="ops@kota.id", password="x-ops-123"
        )
        platform_client.force_login(operator)
    return platform_client


def test_an_operator_gives_a_plan_and_it_holds(platform_client, city_a):
    client = _operator(platform_client)
    account = Account.objects.get(city=city_a)
    Account.objects.filter(pk=account.pk).update(
        plan=Plan.objects.get(key="gratis"), status="canceled", stripe_subscription_id="sub_old"
    )

    response = client.post(
        f"/operator/billing/account/{account.pk}/change/",
        {"plan": Plan.objects.get(key="kontrak").pk},
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.plan.key, account.status, account.stripe_subscription_id) == (
        "kontrak",
        "",
        "",
    )


def test_a_plan_stripe_bills_cannot_be_changed_here(platform_client, city_a):
    client = _operator(platform_client)
    account = Account.objects.get(city=city_a)
    Account.objects.filter(pk=account.pk).update(status="active", stripe_subscription_id="sub_1")

    response = client.post(
        f"/operator/billing/account/{account.pk}/change/",
        {"plan": Plan.objects.get(key="gratis").pk},
    )

    assert response.status_code == 200
    assert "ubah paketnya di Stripe" in response.content.decode()  # (the operator speaks id)
    assert Account.objects.get(pk=account.pk).plan.key == "kota"


def test_the_lists_show_plans_accounts_and_events(platform_client, city_a, city_b):
    client = _operator(platform_client)
    StripeEvent.objects.create(stripe_id="evt_list", type="invoice.paid", created=1, payload={})

    plans = client.get("/operator/billing/plan/").content.decode()
    accounts = client.get("/operator/billing/account/").content.decode()
    events = client.get("/operator/billing/stripeevent/").content.decode()

    assert "Gratis" in plans
    assert "Kontrak" in plans
    assert "Kota Alfa" in accounts
    assert "Kabupaten Beta" in accounts
    assert "evt_list" in events


def test_a_new_price_gets_its_stripe_price_when_saved(platform_client, stripe_prices):
    client = _operator(platform_client)
    kota = Plan.objects.get(key="kota")
    old_price = kota.stripe_price_id
    fields = {
        "key": "kota",
        "name": "Kota",
        "summary": kota.summary,
        "price_idr": 3_000_000,
        "modules": ",".join(kota.modules),
        "seat_limit": kota.seat_limit,
        "is_public": "on",
        "order": kota.order,
    }

    response = client.post(f"/operator/billing/plan/{kota.pk}/change/", fields)

    assert response.status_code == 302
    kota.refresh_from_db()
    assert kota.price_idr == 3_000_000
    assert kota.stripe_price_id not in ("", old_price)


def test_saving_a_price_while_stripe_is_away_says_what_to_do(
    platform_client, stripe_prices, settings
):
    client = _operator(platform_client)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    kota = Plan.objects.get(key="kota")
    fields = {
        "key": "kota",
        "name": "Kota",
        "price_idr": 3_100_000,
        "modules": ",".join(kota.modules),
        "seat_limit": kota.seat_limit,
        "is_public": "on",
        "order": kota.order,
    }

    response = client.post(f"/operator/billing/plan/{kota.pk}/change/", fields, follow=True)

    assert response.status_code == 200
    assert Plan.objects.get(pk=kota.pk).price_idr == 3_100_000
    assert "kota billing prices" in response.content.decode()  # in either language
