"""axe-core finds nothing wrong on the pages of billing: the console's billing page in
each of its states (with the overdue banner) and the signup's payment pages, in both
languages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kota.billing.entitlements import entitlement_forget
from kota.billing.models import Account, Plan
from tests.billing.signup_payments import pay_up, payment_urls, signup_owner
from tests.browser.axe import axe_violations


def _account(city, **changes) -> None:
    Account.objects.filter(city=city).update(**changes)
    entitlement_forget(city.pk)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_console_billing_page_passes_axe_in_every_state(city_a, admin_client_a, language):
    admin_client_a.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    admin_client_a.cookies.load({"django_language": language})
    pages = {}
    _account(city_a, plan=Plan.objects.get(key="gratis"))
    pages["free plan"] = admin_client_a.get("/console/langganan/")
    pages["cancelled checkout"] = admin_client_a.get("/console/langganan/?checkout=batal")
    pages["bad plan"] = admin_client_a.post("/console/langganan/mulai/", {"plan": "emas"})
    _account(
        city_a,
        plan=Plan.objects.get(key="kota"),
        status="past_due",
        stripe_subscription_id="sub_alfa",
        stripe_customer_id="cus_alfa",
        past_due_since=timezone.now(),
        current_period_end=timezone.now() + timedelta(days=20),
    )
    pages["overdue"] = admin_client_a.get("/console/langganan/")
    _account(city_a, past_due_since=timezone.now() - timedelta(days=20))
    pages["after the grace period"] = admin_client_a.get("/console/langganan/")
    pages["dashboard with the banner"] = admin_client_a.get("/console/")
    _account(city_a, status="active", past_due_since=None, cancel_at_period_end=True)
    pages["ends at the period's end"] = admin_client_a.get("/console/langganan/")
    assert {name: r.status_code for name, r in pages.items()} == {
        **{name: 200 for name in pages},
        "bad plan": 400,
    }

    found = axe_violations({name: r.content.decode() for name, r in pages.items()})

    assert found == {name: [] for name in pages}


@pytest.mark.slow
def test_the_signup_payment_pages_pass_axe(paid_signup):
    owner = signup_owner(paid_signup)
    urls = payment_urls(paid_signup)
    pages = {
        "progress, pay next": owner.get(urls["progress"]),
        "waiting": owner.get(urls["payment"]),
        "cancelled": owner.get(urls["cancel"]),
    }
    pay_up(paid_signup)
    pages["paid"] = owner.get(urls["payment"])
    assert {name: r.status_code for name, r in pages.items()} == {name: 200 for name in pages}

    found = axe_violations({name: r.content.decode() for name, r in pages.items()})

    assert found == {name: [] for name in pages}
