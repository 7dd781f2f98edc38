"""The console's billing page and its overdue notice: what a city's admin is told about
its plan, and the ways to pay for one (Stripe Checkout) or manage it (the portal). The
Stripe calls go over real HTTP to the fake Stripe server; nothing is granted here."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from kota.accounts.roles import CITY_ADMIN
from kota.billing.entitlements import entitlement_forget
from kota.billing.models import Account, Plan
from kota.billing.services import customer_ensure
from kota.registry.services import module_enable
from tests.accounts.conftest import _english  # noqa: F401 - pages in English here too
from tests.conftest import cookies_to, logged_in, person

PERIOD_END = datetime(2031, 3, 14, 5, 0, tzinfo=UTC)


@pytest.fixture
def modules_on(city_a):
    """City A has e-plesiran (here in the free plan too) and the noticeboard (only in the
    paid plans) switched on."""
    Plan.objects.filter(key="gratis").update(modules=["plesiran"])
    module_enable(city=city_a, key="plesiran")
    module_enable(city=city_a, key="noticeboard")


def _account(city, **changes) -> Account:
    if changes:
        if "plan" in changes:
            changes["plan"] = Plan.objects.get(key=changes["plan"])
        Account.objects.filter(city=city).update(**changes)
        entitlement_forget(city.pk)
    return Account.objects.select_related("plan", "checkout_plan").get(city=city)


def _snapshot(city) -> tuple:
    account = _account(city)
    return (
        account.plan.key,
        account.status,
        account.stripe_customer_id,
        account.checkout_session_id,
        account.checkout_plan_id,
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _module_rows(response) -> dict[str, tuple[bool, bool]]:
    return {r["module"].key: (r["included"], r["live"]) for r in response.context["module_rows"]}


# --- The page, per state ----------------------------------------------------------------


def test_an_active_subscription_shows_plan_modules_seats_and_next_invoice(
    city_a, admin_client_a, officer_a, modules_on, django_assert_max_num_queries
):
    _account(
        city_a,
        status="active",
        stripe_subscription_id="sub_alfa",
        current_period_end=PERIOD_END,
    )
    person(city_a, email="keluar@alfa.id", roles=["officer-noticeboard"], is_active=False)

    # Routing, entitlements, session, the admin and their roles, the account, the seats
    # and the plans on offer.
    with django_assert_max_num_queries(9):
        response = admin_client_a.get("/console/langganan/")

    assert response.status_code == 200
    billing = response.context["billing"]
    assert billing.state == "active"
    assert billing.next_invoice_at == PERIOD_END
    assert billing.next_invoice_idr == 2_500_000
    assert billing.ends_at is None
    assert billing.by_invoice is False
    assert response.context["plan"].key == "kota"
    rows = _module_rows(response)
    assert rows["plesiran"] == (True, True)
    assert rows["noticeboard"] == (True, True)
    # The admin and the officer; the deactivated one takes no seat.
    assert (response.context["seats_used"], response.context["seat_limit"]) == (2, 25)
    assert response.context["upgrade_plans"] == []
    assert response.context["can_manage"] is False
    text = _text(response)
    assert "The Kota plan" in text
    assert "IDR 2,500,000 a month" in text
    assert "Subscription active." in text
    assert "Next invoice: IDR 2,500,000 on 14 March 2031." in text
    assert "Staff seats: 2 of 25 in use." in text
    assert "billing-notice" not in text
    assert "Upgrade to" not in text
    assert 'action="/console/langganan/kelola/"' not in text
    assert '<a href="/console/langganan/" aria-current="page">Plan and billing</a>' in text
    assert 'http-equiv="refresh"' not in text


def test_the_page_is_in_indonesian_by_default(city_a, admin_a):
    client = logged_in("alfa.localhost", admin_a, city_a)
    client.cookies.load({"django_language": "id"})

    response = client.get("/console/langganan/", HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 200
    assert "Rp2.500.000" in _text(response)


def test_a_plan_given_by_the_platform_is_not_offered_again(city_a, admin_client_a):
    response = admin_client_a.get("/console/langganan/")

    assert response.context["billing"].state == "given"
    assert response.context["billing"].next_invoice_at is None
    assert response.context["upgrade_plans"] == []
    text = _text(response)
    assert "No subscription: the plan is given by the platform." in text
    assert "No invoice to come." in text
    assert "Upgrade to Kota" not in text


def test_a_city_given_another_plan_is_offered_the_paid_plans(city_a, admin_client_a):
    _account(city_a, plan="kontrak")

    response = admin_client_a.get("/console/langganan/")

    assert [p.key for p in response.context["upgrade_plans"]] == ["kota"]
    text = _text(response)
    assert '<input type="hidden" name="plan" value="kota">' in text
    assert "Upgrade to Kota" in text


def test_the_free_plan_says_what_it_lacks(city_a, admin_client_a, modules_on):
    _account(city_a, plan="gratis")

    response = admin_client_a.get("/console/langganan/")

    rows = _module_rows(response)
    assert rows["plesiran"] == (True, True)
    assert rows["noticeboard"] == (False, False)
    assert response.context["seat_limit"] == 3
    text = _text(response)
    assert "The Gratis plan" in text
    assert "Free of charge" in text
    assert "No subscription: the city is on the free plan." in text
    assert "Staff seats: 1 of 3 in use." in text
    assert "Upgrade to Kota" in text


def test_waiting_for_the_first_payment(city_a, admin_client_a):
    _account(city_a, status="incomplete", stripe_subscription_id="sub_alfa")

    response = admin_client_a.get("/console/langganan/")

    assert response.context["billing"].state == "incomplete"
    assert "Waiting for the first payment." in _text(response)
    # A live subscription (if not yet paid) is changed in the portal, not bought again.
    assert response.context["upgrade_plans"] == []


def test_overdue_within_the_grace_period(city_a, admin_client_a, modules_on):
    since = timezone.now()
    _account(
        city_a,
        status="past_due",
        past_due_since=since,
        stripe_subscription_id="sub_alfa",
        current_period_end=PERIOD_END,
    )
    grace_end = timezone.localtime(since + timedelta(days=14)).strftime("%-d %B %Y")

    response = admin_client_a.get("/console/langganan/")

    assert response.context["billing"].state == "overdue"
    assert response.context["billing"].grace_ends_at == since + timedelta(days=14)
    assert _module_rows(response)["noticeboard"] == (True, True)
    text = _text(response)
    assert f"Payment overdue. Pay before {grace_end} to keep this plan's modules" in text
    assert f"A payment failed. Pay before {grace_end} to keep the modules of the Kota plan" in (
        text
    )


def test_overdue_after_the_grace_period_hides_paid_modules(city_a, admin_client_a, modules_on):
    _account(
        city_a,
        status="past_due",
        past_due_since=timezone.now() - timedelta(days=20),
        stripe_subscription_id="sub_alfa",
    )

    response = admin_client_a.get("/console/langganan/")

    assert response.context["billing"].state == "lapsed"
    assert _module_rows(response)["noticeboard"] == (True, False)
    assert _module_rows(response)["plesiran"] == (True, True)
    assert response.context["seat_limit"] == 3
    text = _text(response)
    assert "the grace period is over: paid modules are hidden." in text
    assert "Modules beyond the free plan are hidden because a payment is overdue." in text


def test_a_cancelled_subscription_ends_at_the_end_of_the_period(city_a, admin_client_a):
    _account(
        city_a,
        status="active",
        stripe_subscription_id="sub_alfa",
        current_period_end=PERIOD_END,
        cancel_at_period_end=True,
        stripe_customer_id="cus_alfa_test",
    )

    response = admin_client_a.get("/console/langganan/")

    billing = response.context["billing"]
    assert (billing.ends_at, billing.next_invoice_at) == (PERIOD_END, None)
    text = _text(response)
    assert "The subscription ends on 14 March 2031" in text
    assert "No invoice to come." in text
    assert response.context["can_manage"] is True
    assert 'action="/console/langganan/kelola/"' in text


def test_a_plan_billed_by_invoice(city_a, admin_client_a):
    _account(
        city_a,
        plan="kontrak",
        status="active",
        stripe_subscription_id="sub_alfa",
        collection_method="send_invoice",
        current_period_end=PERIOD_END,
    )

    response = admin_client_a.get("/console/langganan/")

    assert response.context["billing"].by_invoice is True
    text = _text(response)
    assert "Billed by invoice, paid by bank transfer." in text
    assert "Next invoice: IDR 6,000,000 on 14 March 2031." in text
    assert "Staff seats: 1 of 100 in use." in text


# --- Who may see it ---------------------------------------------------------------------


def test_only_the_city_admins_see_the_billing_page(city_a, client_a, officer_a, warga_a):
    officer = logged_in("alfa.localhost", officer_a, city_a)
    citizen = logged_in("alfa.localhost", warga_a, city_a)

    assert officer.get("/console/langganan/").status_code == 404
    assert citizen.get("/console/langganan/").status_code == 404
    assert client_a.get("/console/langganan/")["Location"].startswith("/accounts/login/")
    assert officer.post("/console/langganan/mulai/", {"plan": "kota"}).status_code == 404
    assert officer.post("/console/langganan/kelola/").status_code == 404
    assert "/console/langganan/" not in officer.get("/console/").content.decode()


def test_another_city_sees_only_its_own_billing(city_a, city_b, admin_client_a, admin_client_b):
    _account(city_a, plan="gratis")
    before = _snapshot(city_a)

    own = admin_client_b.get("/console/langganan/")
    a_session_on_b = cookies_to("beta.localhost", admin_client_a)

    assert own.status_code == 200
    assert own.context["account"].city_id == city_b.pk
    assert a_session_on_b.get("/console/langganan/")["Location"].startswith("/accounts/login/")
    assert a_session_on_b.post("/console/langganan/mulai/", {"plan": "kota"}).status_code == 302
    assert _snapshot(city_a) == before


def test_the_forms_only_take_posts(admin_client_a):
    assert admin_client_a.get("/console/langganan/mulai/").status_code == 405
    assert admin_client_a.get("/console/langganan/kelola/").status_code == 405


# --- The overdue notice on every console page --------------------------------------------


def test_the_overdue_notice_within_grace_is_on_every_console_page(
    city_a, admin_client_a, officer_a
):
    _account(city_a, status="past_due", past_due_since=timezone.now())

    for url in ("/console/", "/console/staff/", "/console/modules/"):
        text = _text(admin_client_a.get(url))
        assert 'id="billing-notice"' in text, url
        assert "A payment failed. Pay before" in text
        assert "nothing is lost." in text
        assert '<a href="/console/langganan/">Plan and billing</a>' in text
    officer = logged_in("alfa.localhost", officer_a, city_a)
    assert "billing-notice" not in officer.get("/console/").content.decode()


def test_the_overdue_notice_after_grace(city_a, admin_client_a, officer_a):
    _account(city_a, status="unpaid", past_due_since=timezone.now() - timedelta(days=20))

    text = _text(admin_client_a.get("/console/"))
    officer = logged_in("alfa.localhost", officer_a, city_a)

    assert (
        "Modules beyond the free plan are hidden because a payment is overdue. Their data is "
        "kept and they come back as soon as the payment arrives." in text
    )
    assert "A payment failed" not in text
    assert "billing-notice" not in officer.get("/console/").content.decode()


def test_no_notice_while_payments_are_in_order_and_it_costs_no_query(city_a, admin_client_a):
    _account(city_a, status="active", stripe_subscription_id="sub_alfa")
    admin_client_a.get("/console/audit/")  # warm the caches

    with CaptureQueriesContext(connection) as queries:
        response = admin_client_a.get("/console/audit/")

    assert response.status_code == 200
    assert "billing-notice" not in response.content.decode()
    assert [q for q in queries.captured_queries if "billing_" in q["sql"]] == []


def test_the_notice_reads_the_account_once(city_a, admin_client_a):
    _account(city_a, status="past_due", past_due_since=timezone.now())
    admin_client_a.get("/console/langganan/")

    with CaptureQueriesContext(connection) as queries:
        response = admin_client_a.get("/console/langganan/")

    assert response.status_code == 200
    reads = [q for q in queries.captured_queries if 'FROM "billing_account"' in q["sql"]]
    assert len(reads) == 1


# --- Paying and managing: bad input ------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ("", "Choose one of the plans below."),
        ("emas", "Choose one of the plans below."),
        ("gratis", "This plan is not paid by card."),
        ("kontrak", "The Kontrak plan is arranged with us, not bought here"),
        ("kota", "This plan cannot be bought yet; please contact us."),
    ],
)
def test_checkout_refuses_plans_not_for_sale(city_a, admin_client_a, plan, message):
    _account(city_a, plan="gratis")
    before = _snapshot(city_a)

    response = admin_client_a.post("/console/langganan/mulai/", {"plan": plan})

    assert response.status_code == 400
    assert message in _text(response)
    assert response.context["error"].startswith(message)
    assert _snapshot(city_a) == before


def test_checkout_refuses_a_city_that_already_pays(city_a, admin_client_a):
    Plan.objects.filter(key="kota").update(stripe_price_id="price_kota_test")
    _account(city_a, status="active", stripe_subscription_id="sub_alfa")
    before = _snapshot(city_a)

    response = admin_client_a.post("/console/langganan/mulai/", {"plan": "kota"})

    assert response.status_code == 400
    assert "The city already has a subscription; change it under Manage billing." in (
        _text(response)
    )
    assert _snapshot(city_a) == before


def test_manage_billing_without_a_stripe_customer(city_a, admin_client_a):
    before = _snapshot(city_a)

    response = admin_client_a.post("/console/langganan/kelola/")

    assert response.status_code == 400
    assert "The city has no billing with Stripe yet." in _text(response)
    assert _snapshot(city_a) == before


def test_stripe_out_of_reach_is_a_clear_503(city_a, admin_client_a):
    Plan.objects.filter(key="kota").update(stripe_price_id="price_kota_test")
    _account(city_a, plan="gratis")
    before = _snapshot(city_a)

    with override_settings(STRIPE_API_BASE="http://127.0.0.1:9", STRIPE_SECRET_KEY="sk_test_x"):
        checkout = admin_client_a.post("/console/langganan/mulai/", {"plan": "kota"})
        _account(city_a, stripe_customer_id="cus_alfa_test")
        portal = admin_client_a.post("/console/langganan/kelola/")

    message = "The payment service cannot be reached. Nothing changed; try again in a moment."
    assert (checkout.status_code, portal.status_code) == (503, 503)
    assert message in _text(checkout)
    assert message in _text(portal)
    assert _snapshot(city_a)[:2] == before[:2]
    assert _snapshot(city_a)[3:] == before[3:]


# --- Paying and managing through the fake Stripe server ----------------------------------


def test_upgrade_sends_the_admin_to_checkout_and_grants_nothing(
    city_a, admin_client_a, stripe_prices, stripe_settings, modules_on
):
    _account(city_a, plan="gratis")

    response = admin_client_a.post("/console/langganan/mulai/", {"plan": "kota"})

    port = stripe_settings.rsplit(":", 1)[1]
    assert response.status_code == 303
    assert re.fullmatch(rf"http://127\.0\.0\.1:{port}/_kota/checkout/cs_\w+", response["Location"])
    account = _account(city_a)
    assert account.checkout_session_id.startswith("cs_")
    assert response["Location"].endswith(account.checkout_session_id)
    assert account.checkout_plan.key == "kota"
    assert account.stripe_customer_id.startswith("cus_")
    assert (account.plan.key, account.status) == ("gratis", "")
    page = admin_client_a.get("/console/langganan/")
    assert _module_rows(page)["noticeboard"] == (False, False)


def test_back_from_checkout_waits_for_the_webhooks_then_says_paid(
    city_a, admin_client_a, modules_on
):
    _account(
        city_a,
        plan="gratis",
        checkout_session_id="cs_test",
        checkout_plan=Plan.objects.get(key="kota"),
    )

    waiting = admin_client_a.get("/console/langganan/?checkout=selesai")

    assert waiting.context["checkout"] == "waiting"
    text = _text(waiting)
    assert "Waiting for the payment confirmation" in text
    assert '<meta http-equiv="refresh" content="5">' in text
    # Coming back is no proof of payment: still the free plan.
    assert _account(city_a).plan.key == "gratis"
    assert _module_rows(waiting)["noticeboard"] == (False, False)
    # No second Checkout while the first is being confirmed.
    assert waiting.context["upgrade_plans"] == []

    _account(city_a, plan="kota", status="active", stripe_subscription_id="sub_alfa")
    paid = admin_client_a.get("/console/langganan/?checkout=selesai")

    assert paid.context["checkout"] == "paid"
    assert "Payment received: the Kota plan is active." in _text(paid)
    assert 'http-equiv="refresh"' not in _text(paid)


def test_back_from_a_cancelled_checkout(city_a, admin_client_a):
    _account(city_a, plan="gratis")
    before = _snapshot(city_a)

    response = admin_client_a.get("/console/langganan/?checkout=batal")
    unknown = admin_client_a.get("/console/langganan/?checkout=selesai")

    assert "Payment cancelled. Nothing changed: the city stays on the Gratis plan." in (
        _text(response)
    )
    # No Checkout was started: nothing to wait for.
    assert unknown.context["checkout"] == ""
    assert 'http-equiv="refresh"' not in _text(unknown)
    assert _snapshot(city_a) == before


def test_manage_billing_opens_the_portal(city_a, admin_client_a, stripe_prices, stripe_settings):
    customer = customer_ensure(account=_account(city_a))
    before = _snapshot(city_a)

    page = admin_client_a.get("/console/langganan/")
    response = admin_client_a.post("/console/langganan/kelola/")

    port = stripe_settings.rsplit(":", 1)[1]
    assert customer.startswith("cus_")
    assert 'action="/console/langganan/kelola/"' in _text(page)
    assert response.status_code == 303
    assert re.fullmatch(rf"http://127\.0\.0\.1:{port}/_kota/portal/\w+", response["Location"])
    assert _snapshot(city_a) == before


def test_a_second_admin_is_counted_like_any_staff_member(city_a, admin_client_a):
    person(city_a, email="admin2@alfa.id", roles=[CITY_ADMIN])

    response = admin_client_a.get("/console/langganan/")

    assert response.context["seats_used"] == 2
