"""Signups of a paid plan for the payment tests: made ready, their owner's browser, their
payment pages, and their account paid up as the webhook events would leave it."""

from django.conf import settings
from django.test import Client

from kota.billing.models import Account, Plan
from kota.onboarding.models import Signup, SignupStatus
from kota.onboarding.ownership import SESSION_KEY
from kota.onboarding.services import signup_submit
from kota.tenancy.scope import platform_scope
from tests.conftest import host_client
from tests.onboarding.signups import PASSWORD, signup_data, submission_key


def signup_owner(signup) -> Client:
    """The browser that submitted ``signup`` (its session, in the platform's schema)."""
    client = host_client("localhost")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with platform_scope():
        session = client.session
        session[SESSION_KEY] = [str(signup.public_id)]
        session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def signup_ready(capture, **fields) -> Signup:
    with capture(execute=True):
        signup = signup_submit(
            data=signup_data(**fields),
            password=PASSWORD,
            logo_png=None,
            submission_key=submission_key(),
            client_address=None,
            city_base_url="http://delta.localhost",
        )
    signup.refresh_from_db()
    assert signup.status == SignupStatus.READY, signup.error
    return signup


def payment_urls(signup) -> dict[str, str]:
    base = f"/daftar/proses/{signup.public_id}"
    return {
        "progress": f"{base}/",
        "pay": f"{base}/bayar/",
        "payment": f"{base}/pembayaran/",
        "status": f"{base}/pembayaran/status/",
        "cancel": f"{base}/pembayaran/batal/",
        "console": f"{base}/konsol/",
    }


def signup_account(signup) -> Account:
    return Account.objects.select_related("plan").get(city_id=signup.city_id)


def pay_up(signup, *, plan: str = "kota", status: str = "active") -> None:
    """What the webhook events make of the account (covered in test_checkout_flow)."""
    account = signup_account(signup)
    account.plan = Plan.objects.get(key=plan)
    account.status = status
    account.stripe_subscription_id = "sub_uji"
    account.save()
