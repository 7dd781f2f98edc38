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
