"""Two cities for the whole session, made once through the real provisioning service.

Every test runs in a transaction that is rolled back (schemas included: PostgreSQL DDL is
transactional), so tests may create cities, users and domains freely.
"""

import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from kota.accounts.roles import CITIZEN, CITY_ADMIN
from kota.billing.models import Plan
from kota.registry.catalog import modules
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope
from kota.tenancy.services import city_provision
from tests.factories import CitySpecFactory, UserFactory

PASSWORD = "rahasia-kota-123"
OUTSIDER_PASSWORD = "lain-sandi-456"


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """Kota has one database: always set up the test copy of it, even when the selected
    tests only use the session's committed cities (pytest-django would otherwise skip it
    and leave them on the development database)."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=request.config.option.verbose, interactive=False, aliases={"default"}
        )
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=request.config.option.verbose)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def session_cities(django_db_setup, django_db_blocker) -> dict[str, City]:
    with django_db_blocker.unblock():
        # The suite's own modules (tests/registry/noticeboard) are part of the paid plans,
        # like every real module: the test cities are on the city plan (tests.factories).
        for plan in Plan.objects.filter(key__in=["kota", "kontrak"]):
            plan.modules = sorted({*plan.modules, *(m.key for m in modules())})
            plan.save(update_fields=["modules"])
        alfa = city_provision(
            spec=CitySpecFactory(
                slug="alfa",
                name="Kota Alfa",
                province="Banten",
                custom_domains=("layanan.alfa.localhost",),
            )
        )
        beta = city_provision(
            spec=CitySpecFactory(
                slug="beta", name="Kabupaten Beta", kind="kabupaten", province="Bali"
            )
        )
    return {"a": alfa, "b": beta}


@pytest.fixture
def city_a(session_cities, db) -> City:
    return City.objects.get(pk=session_cities["a"].pk)


@pytest.fixture
def city_b(session_cities, db) -> City:
    return City.objects.get(pk=session_cities["b"].pk)


@pytest.fixture(autouse=True)
def _fresh_routing_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Services' messages are asserted in English, the source language; requests choose
    their own language (Indonesian unless the person asks otherwise)."""
    with translation.override("en"):
        yield


def host_client(host: str) -> Client:
    return Client(HTTP_HOST=host)


@pytest.fixture
def client_a(city_a) -> Client:
    return host_client("alfa.localhost")


@pytest.fixture
def client_b(city_b) -> Client:
    return host_client("beta.localhost")


@pytest.fixture
def platform_client(db) -> Client:
    return host_client("localhost")


@pytest.fixture
def citizen_a(city_a):
    with city_scope(city_a):
        return UserFactory(email="siti@example.id")


@pytest.fixture
def outsider(city_b):
    """Someone who is not a member of city A: the same email, but registered in city B."""
    with city_scope(city_b):
        return UserFactory(email="siti@example.id", password=OUTSIDER_PASSWORD)


def city_login(client: Client, user, city: City) -> None:
    """Log ``user`` in on ``client`` the way the city's site would: session in its schema."""
    with city_scope(city):
        client.force_login(user)


# People of the test cities with roles (group names).


def person(city, *, email: str, roles=(), verified: bool = True, **fields):
    """An account in ``city`` with ``roles`` (group names)."""
    fields.setdefault("preferred_language", "en")
    with city_scope(city):
        user = UserFactory(
            email=email,
            email_verified_at=timezone.now() if verified else None,
            **fields,
        )
        for role in roles:
            group, _created = Group.objects.get_or_create(name=role)
            user.groups.add(group)
    return user


def logged_in(host: str, user, city):
    client = host_client(host)
    city_login(client, user, city)
    return client


def cookies_to(host: str, client):
    """A client for ``host`` presenting a copy of ``client``'s cookies (a session of one
    city shown to another)."""
    other = host_client(host)
    other.cookies.load({name: morsel.value for name, morsel in client.cookies.items()})
    return other


@pytest.fixture
def admin_a(city_a):
    return person(city_a, email="admin@alfa.id", roles=[CITY_ADMIN], full_name="Admin Alfa")


@pytest.fixture
def admin_b(city_b):
    return person(city_b, email="admin@beta.id", roles=[CITY_ADMIN], full_name="Admin Beta")


@pytest.fixture
def officer_a(city_a):
    return person(city_a, email="petugas@alfa.id", roles=["officer-noticeboard"])


@pytest.fixture
def warga_a(city_a):
    """A verified citizen of city A."""
    return person(city_a, email="warga@alfa.id", roles=[CITIZEN], full_name="Budi Santoso")


@pytest.fixture
def admin_client_a(admin_a, city_a):
    return logged_in("alfa.localhost", admin_a, city_a)


@pytest.fixture
def admin_client_b(admin_b, city_b):
    return logged_in("beta.localhost", admin_b, city_b)
