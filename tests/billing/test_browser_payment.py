"""What a city admin does in a browser (headless Chromium, phone-sized): upgrade from the
console's billing page, pay on the (fake) Stripe Checkout page, come back to "waiting
for payment confirmation", and see the plan once Stripe's webhooks have arrived."""

import os

import pytest

from kota.billing.models import Account
from tests.billing.conftest import PAYING_ADMIN_EMAIL, PAYING_ADMIN_PASSWORD
from tests.browser.chromium import FLAGS, PHONE, chromium_executable


@pytest.fixture
def phone():
    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            yield context.new_page()
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def test_an_admin_upgrades_pays_by_card_and_gets_the_plan(
    phone, paying_city, kota_port, webhooks, committed
):
    site = f"http://{paying_city.slug}.localhost:{kota_port}"
    phone.goto(site + "/accounts/login/?next=/console/langganan/")
    phone.fill('input[name="username"]', PAYING_ADMIN_EMAIL)
    phone.fill('input[name="password"]', PAYING_ADMIN_PASSWORD)
    phone.press('input[name="password"]', "Enter")
    phone.wait_for_url(site + "/console/langganan/")
    assert phone.goto(site + "/noticeboard/").status == 404  # not in the free plan

    phone.goto(site + "/console/langganan/")
    phone.locator('form[action="/console/langganan/mulai/"] input[value="kota"] ~ button').click()
    phone.wait_for_url("http://127.0.0.1:*/_kota/checkout/*")
    phone.locator("#pay-decline").click()
    assert "declined" in phone.content()
    phone.locator("#pay-succeed").click()

    phone.wait_for_url(site + "/console/langganan/?checkout=selesai")
    # The page waits for Stripe's word, refreshing itself until it comes.
    phone.locator("#checkout-notice").wait_for()
    phone.wait_for_function(
        "document.querySelector('#checkout-notice').textContent.includes('Kota')",
        timeout=30_000,
    )
    account = Account.objects.select_related("plan").get(city=paying_city)
    assert (account.plan.key, account.status) == ("kota", "active")
    assert phone.goto(site + "/noticeboard/").status == 200
