"""The signup wizard's paid step: the city is made on the free plan with the modules chosen
switched on, then its officer pays through Checkout (the fake Stripe server, over HTTP);
the paid modules go live once the account is paid up, which only webhook events do."""

import pytest
from django.db import connection, connections
from django.test import Client

from kota.billing.models import Account, Plan
from kota.billing.services import prices_ensure
from kota.onboarding.models import Signup, SignupStatus
from kota.registry.gating import live_module_keys
from kota.tenancy.models import City
from tests.billing.signup_payments import (
    pay_up,
    payment_urls,
    signup_account,
    signup_owner,
    signup_ready,
)
from tests.billing.stripe_helpers import post_form, wait_until

WAITING = "Waiting for payment confirmation"


def test_a_paid_signup_waits_on_the_free_plan_with_its_modules_switched_on(paid_signup):
    city = City.objects.get(pk=paid_signup.city_id)
    account = signup_account(paid_signup)

    assert paid_signup.plan_key == "kota"
    assert city.enabled_modules == ["noticeboard"]
    assert (account.plan.key, account.status, account.stripe_customer_id) == ("gratis", "", None)
    assert "noticeboard" not in live_module_keys(city)


def test_once_made_the_progress_page_offers_payment_instead_of_the_console(paid_signup):
    urls = payment_urls(paid_signup)
    owner = signup_owner(paid_signup)

    page = owner.get(urls["progress"])
    state = owner.get(f"/daftar/proses/{paid_signup.public_id}/status/").json()

    body = page.content.decode()
    assert page.context["state"]["payment_url"] == urls["pay"]
    assert state["payment_url"] == urls["pay"]
    assert f'<form method="post" action="{urls["pay"]}" id="go-to-payment">' in body
    assert "Continue to payment" in body
    assert 'id="go-to-console"' not in body  # the script hands over only a free signup
    assert "It runs on the free plan until the Kota plan is paid for." in body


def test_a_free_signup_goes_to_the_console_and_has_no_payment_pages(
    db, session_cities, django_capture_on_commit_callbacks
):
    signup = signup_ready(django_capture_on_commit_callbacks, plan="gratis")
    urls = payment_urls(signup)
    owner = signup_owner(signup)

    page = owner.get(urls["progress"])

    assert page.context["state"]["payment_url"] is None
    assert 'id="go-to-console"' in page.content.decode()
    for name in ("payment", "status", "cancel"):
        assert owner.get(urls[name]).status_code == 404, name
    assert owner.post(urls["pay"]).status_code == 404
    account = signup_account(signup)
    assert (account.plan.key, account.stripe_customer_id, account.checkout_session_id) == (
        "gratis",
        None,
        "",
    )


def test_continue_to_payment_sends_the_officer_to_checkout_and_back(
    paid_signup, stripe_prices, stripe_settings
):
    urls = payment_urls(paid_signup)
    owner = signup_owner(paid_signup)

    response = owner.post(urls["pay"])

    assert response.status_code == 303
    checkout = response["Location"]
    assert checkout.startswith(f"{stripe_settings}/")
    account = signup_account(paid_signup)
    assert account.checkout_plan == stripe_prices["kota"]
    assert account.checkout_session_id.startswith("cs_")
    assert account.stripe_customer_id.startswith("cus_")
    assert account.plan.key == "gratis"  # nothing is given by starting to pay
    back = post_form(checkout, {"outcome": "succeed"})
    assert back.status == 303
    assert back.location == (
        f"http://localhost{urls['payment']}?session_id={account.checkout_session_id}"
    )


def test_the_way_back_from_checkout_waits_whatever_its_session_id_says(paid_signup):
    urls = payment_urls(paid_signup)
    owner = signup_owner(paid_signup)
    Account.objects.filter(city_id=paid_signup.city_id).update(checkout_session_id="cs_uji")

    page = owner.get(f"{urls['payment']}?session_id=cs_uji")
    status = owner.get(f"{urls['status']}?session_id=cs_uji")

    body = page.content.decode()
    assert page.status_code == 200
    assert page.context["state"] == "waiting"
    assert WAITING in body
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in body
    assert status.json() == {"paid": False}
    assert status["Cache-Control"] == "no-store"
    assert signup_account(paid_signup).plan.key == "gratis"
    city = City.objects.get(pk=paid_signup.city_id)
    assert "noticeboard" not in live_module_keys(city)


@pytest.mark.parametrize(
    ("plan", "status"), [("kota", "incomplete"), ("kota", "past_due"), ("gratis", "active")]
)
def test_only_the_chosen_plan_paid_up_ends_the_wait(paid_signup, plan, status):
    pay_up(paid_signup, plan=plan, status=status)

    page = signup_owner(paid_signup).get(payment_urls(paid_signup)["payment"])

    assert page.context["state"] == "waiting"


def test_once_paid_the_page_shows_the_city_with_its_paid_modules_live(paid_signup):
    urls = payment_urls(paid_signup)
    owner = signup_owner(paid_signup)
    pay_up(paid_signup)

    page = owner.get(f"{urls['payment']}?session_id=cs_uji")
    status = owner.get(urls["status"])

    body = page.content.decode()
    assert page.context["state"] == "paid"
    assert [m.key for m in page.context["live_modules"]] == ["noticeboard"]
    assert '<ul id="live-modules"><li>Papan pengumuman</li></ul>' in body
    assert "Payment confirmed: Kota Delta is on the Kota plan." in body
    assert f'<form method="post" action="{urls["console"]}">' in body
    assert WAITING not in body
    assert status.json() == {"paid": True}
    # Paid already: no second Checkout, and the cancel page leads back here.
    assert owner.post(urls["pay"])["Location"] == urls["payment"]
    assert owner.get(urls["cancel"])["Location"] == urls["payment"]


def test_the_console_hand_over_still_works_after_paying(paid_signup):
    pay_up(paid_signup)

    go = signup_owner(paid_signup).post(payment_urls(paid_signup)["console"])

    assert go.status_code == 302
    assert go["Location"].startswith("http://delta.localhost/accounts/login/link/")


def test_a_cancelled_checkout_leaves_the_city_working_on_the_free_plan(paid_signup):
    urls = payment_urls(paid_signup)

    page = signup_owner(paid_signup).get(urls["cancel"])

    body = page.content.decode()
    assert page.status_code == 200
    assert "Payment not completed" in body
    assert "Kota Delta has been created and works on the free plan." in body
    assert f'<form method="post" action="{urls["pay"]}">' in body
    assert "Try payment again" in body
    assert f'<form method="post" action="{urls["console"]}">' in body
    assert "Continue on the free plan" in body
    assert signup_account(paid_signup).plan.key == "gratis"


def test_stripe_unreachable_says_so_and_offers_a_retry(paid_signup, stripe_prices, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    urls = payment_urls(paid_signup)

    response = signup_owner(paid_signup).post(urls["pay"])

    body = response.content.decode()
    assert response.status_code == 503
    assert "The payment service cannot be reached right now. Nothing was charged." in body
    assert f'<form method="post" action="{urls["pay"]}">' in body
    assert "Try payment again" in body
    account = signup_account(paid_signup)
    assert (account.plan.key, account.checkout_session_id) == ("gratis", "")


def test_a_plan_stripe_cannot_sell_yet_is_refused_with_a_message(paid_signup, stripe_settings):
    Plan.objects.filter(key="kota").update(stripe_price_id="")

    response = signup_owner(paid_signup).post(payment_urls(paid_signup)["pay"])

    assert response.status_code == 409
    assert "This plan cannot be bought yet; please contact us." in response.content.decode()
    assert signup_account(paid_signup).checkout_session_id == ""


def test_another_browser_sees_and_starts_nothing(paid_signup, platform_client, stripe_prices):
    urls = payment_urls(paid_signup)

    for name in ("payment", "status", "cancel"):
        assert platform_client.get(urls[name]).status_code == 404, name
    assert platform_client.post(urls["pay"]).status_code == 404
    account = signup_account(paid_signup)
    assert (account.stripe_customer_id, account.checkout_session_id) == (None, "")


def test_bad_requests_are_refused(paid_signup):
    urls = payment_urls(paid_signup)
    owner = signup_owner(paid_signup)

    assert owner.get(urls["pay"]).status_code == 405  # starting to pay is a POST
    assert owner.post(urls["payment"]).status_code == 405
    assert owner.get("/daftar/proses/bukan-uuid/pembayaran/").status_code == 404
    assert (
        owner.get("/daftar/proses/00000000-0000-0000-0000-000000000000/pembayaran/").status_code
        == 404
    )


def test_before_the_city_exists_the_payment_pages_lead_to_the_progress_page(paid_signup):
    Signup.objects.filter(pk=paid_signup.pk).update(status=SignupStatus.RUNNING)
    urls = payment_urls(paid_signup)
    owner = signup_owner(paid_signup)

    assert owner.get(urls["payment"])["Location"] == urls["progress"]
    assert owner.post(urls["pay"])["Location"] == urls["progress"]
    assert owner.get(urls["progress"]).context["state"]["payment_url"] is None


# The whole way, committed, as a browser goes: the wizard, Checkout on the fake Stripe
# server, its webhooks into a live Kota server, and the paid modules live.

FULL_SLUG = "sigma-daftar"


def _walk_the_wizard(client: Client) -> None:
    steps = (
        (
            "/daftar/",
            {
                "name": "Kota Sigma Daftar",
                "kind": "kota",
                "province": "Banten",
                "time_zone": "",
                "contact_email": "kominfo@sigma.example.id",
            },
        ),
        ("/daftar/alamat/", {"slug": FULL_SLUG}),
        (
            "/daftar/admin/",
            {
                "admin_name": "Sari Sigma",
                "admin_email": "sari@sigma.example.id",
                "password": "Pantai-Sigma-Indah-2026",
            },
        ),
        ("/daftar/modul/", {"modules": []}),
        ("/daftar/tampilan/", {"theme": "default", "primary_color": "#7a1f1f"}),
        ("/daftar/paket/", {"plan": "kota"}),
        # The city plan chosen, the noticeboard can be switched on too.
        ("/daftar/modul/", {"modules": ["noticeboard"], "return": "review"}),
    )
    for url, answers in steps:
        if url == "/daftar/tampilan/":
            answers = {**answers, "secondary_color": "#f1c232"}
        response = client.post(url, answers)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    assert response["Location"] == "/daftar/periksa/"


@pytest.fixture
def full_signup(session_cities, stripe_settings, django_db_blocker):
    """Committed rows for the live server, outside any test transaction (the session's
    plans, whose city plan has every module); the signup, its city and schema removed
    afterwards."""
    with django_db_blocker.unblock():
        prices_ensure()
        try:
            yield
        finally:
            city = City.objects.filter(slug=FULL_SLUG).first()
            Signup.objects.filter(slug=FULL_SLUG).delete()
            if city is not None:
                Account.objects.filter(city=city).delete()
                City.objects.filter(pk=city.pk).delete()
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP SCHEMA IF EXISTS "{city.schema_name}" CASCADE')
            connections.close_all()


def test_the_whole_way_from_the_wizard_through_checkout_to_the_paid_modules(full_signup, webhooks):
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    _walk_the_wizard(client)
    review = client.get("/daftar/periksa/")
    assert "Payment by card follows right after “Create”" in review.content.decode()

    created = client.post("/daftar/periksa/", {"website": ""})

    signup = Signup.objects.get(slug=FULL_SLUG)
    urls = payment_urls(signup)
    assert created["Location"] == urls["progress"]
    assert signup.status == SignupStatus.READY  # tasks run eagerly here
    city = City.objects.get(pk=signup.city_id)
    assert city.enabled_modules == ["noticeboard"]
    assert client.get(urls["progress"]).context["state"]["payment_url"] == urls["pay"]

    # A declined card: Checkout says so, and the city stays on the free plan.
    declined = post_form(client.post(urls["pay"])["Location"], {"outcome": "decline"})
    assert declined.status == 402
    account = signup_account(signup)
    assert (account.plan.key, account.status) == ("gratis", "")
    assert "noticeboard" not in live_module_keys(City.objects.get(pk=city.pk))
    assert "works on the free plan" in client.get(urls["cancel"]).content.decode()

    # "Try payment again": a new Checkout, paid this time; access follows the webhooks.
    retry = client.post(urls["pay"])
    assert retry.status_code == 303
    back = post_form(retry["Location"], {"outcome": "succeed"})
    assert back.status == 303
    assert back.location.startswith(f"http://localhost{urls['payment']}?session_id=cs_")
    wait_until(lambda: (a := signup_account(signup)).status == "active" and a.plan.key == "kota")
    page = client.get(back.location.removeprefix("http://localhost"))
    assert page.context["state"] == "paid"
    assert [m.key for m in page.context["live_modules"]] == ["noticeboard"]
    assert "noticeboard" in live_module_keys(City.objects.get(pk=city.pk))
