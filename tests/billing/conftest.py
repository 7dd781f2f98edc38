"""Billing tests run against the fake Stripe server (localstripe with kota_localstripe) on
127.0.0.1, over real HTTP, and receive its signed webhooks on a real Kota server thread."""

import itertools

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.test.utils import override_settings

from kota.billing.models import Account, Plan
from kota.billing.services import prices_ensure
from kota.onboarding.models import Signup
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope
from kota.tenancy.services import city_provision
from kota_localstripe.launcher import server_running
from tests.billing.signup_payments import signup_ready
from tests.billing.stripe_helpers import STRIPE_KEY, WEBHOOK_SECRET, webhook_register
from tests.factories import CitySpecFactory, UserFactory
from tests.live_server import live_server

PAYING_ADMIN_EMAIL = "admin@sigma.example.id"
PAYING_ADMIN_PASSWORD = "sigma-rahasia-987"


@pytest.fixture(scope="session")
def localstripe_url(tmp_path_factory):
    with server_running(log_path=tmp_path_factory.mktemp("localstripe") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def stripe_settings(localstripe_url):
    """Kota's Stripe client pointed at the fake server, with the suite's webhook secret."""
    with override_settings(
        STRIPE_API_BASE=localstripe_url,
        STRIPE_SECRET_KEY=STRIPE_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
    ):
        yield localstripe_url


@pytest.fixture
def stripe_prices(stripe_settings, db) -> dict[str, Plan]:
    """The paid plans with their Stripe prices (made once on the server, found after)."""
    prices_ensure()
    return {plan.key: plan for plan in Plan.objects.all()}


@pytest.fixture(scope="module")
def kota_port(django_db_setup, stripe_settings):
    with live_server() as port:
        yield port


@pytest.fixture(scope="module")
def webhooks(kota_port, localstripe_url):
    """Every event of the fake Stripe server is signed and sent to Kota's endpoint."""
    webhook_register(localstripe_url, url=f"http://localhost:{kota_port}/billing/stripe/webhook/")
    yield
    # Later modules' servers come and go: send nothing to this one once it is gone.
    webhook_register(localstripe_url, url="http://127.0.0.1:9/nowhere/")


@pytest.fixture
def committed(django_db_blocker):
    """Database access without a test transaction: what the test writes is committed at
    once, so the live server's threads (and webhooks) see it. Clean up what you make."""
    with django_db_blocker.unblock():
        yield


_paying_cities = itertools.count(1)


@pytest.fixture
def paying_city(session_cities, stripe_settings, django_db_blocker):
    """A new committed city on the free plan, with an admin and the noticeboard switched on
    (the noticeboard is in the city plan, not in the free one): what the live server and
    the webhooks see. Removed afterwards."""
    with django_db_blocker.unblock():
        prices_ensure()
        number = next(_paying_cities)
        city = city_provision(
            spec=CitySpecFactory(slug=f"sigma-{number}", name=f"Kota Sigma {number}", plan="")
        )
        city.enabled_modules = ["noticeboard"]
        city.save()
        with city_scope(city):
            admin = UserFactory(email=PAYING_ADMIN_EMAIL, password=PAYING_ADMIN_PASSWORD)
            admin.groups.add(Group.objects.get(name="city-admin"))
        try:
            yield City.objects.get(pk=city.pk)
        finally:
            Account.objects.filter(city=city).delete()
            City.objects.filter(pk=city.pk).delete()
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{city.schema_name}" CASCADE')
            connections.close_all()


@pytest.fixture
def paid_signup(db, session_cities, django_capture_on_commit_callbacks) -> Signup:
    """A ready signup of the city plan, with the noticeboard (not in the free plan) chosen."""
    return signup_ready(django_capture_on_commit_callbacks, plan="kota", modules=("noticeboard",))
