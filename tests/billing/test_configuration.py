"""A deployment without Stripe keys takes no payments, says so, and never fails with 500."""

from django.core import checks

from kota.billing.models import Account, Plan, StripeEvent


def test_without_a_key_paying_is_unavailable_not_an_error(city_a, admin_client_a, settings):
    settings.STRIPE_SECRET_KEY = None
    Account.objects.filter(city=city_a).update(plan=Plan.objects.get(key="gratis"))
    Plan.objects.filter(key="kota").update(stripe_price_id="price_kota")

    response = admin_client_a.post("/console/langganan/mulai/", {"plan": "kota"})

    assert response.status_code == 503
    assert Account.objects.get(city=city_a).checkout_session_id == ""


def test_without_a_webhook_secret_events_are_refused_for_later(platform_client, settings):
    settings.STRIPE_WEBHOOK_SECRET = None

    response = platform_client.post(
        "/billing/stripe/webhook/", "{}", content_type="application/json"
    )

    assert response.status_code == 503
    assert not StripeEvent.objects.exists()


def test_the_deploy_check_warns_a_production_site_without_stripe(settings):
    settings.PRODUCTION = True
    settings.STRIPE_SECRET_KEY = None
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"

    found = [
        m
        for m in checks.run_checks(include_deployment_checks=True)
        if m.id.startswith("kota.billing")
    ]

    assert [m.id for m in found] == ["kota.billing.W001"]
    assert "STRIPE_SECRET_KEY" in found[0].msg

    settings.STRIPE_SECRET_KEY = "sk_live_x"
    assert not [
        m
        for m in checks.run_checks(include_deployment_checks=True)
        if m.id.startswith("kota.billing")
    ]
